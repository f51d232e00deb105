// The raw loader itself on real PostgreSQL: both landing strategies, orphan adoption, the CSV/text
// COPY choice, atomic batches and the in-flight batch writer.
import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../tests/support/pg.ts';
import { BatchWriter, RawLoader } from '../../src/pipeline/load.ts';
import type { Row } from '../../src/pipeline/resource.ts';
import { jobPostingRow, jobPostingsResource } from '../../src/sources/jsearch/resource.ts';
import { countRows, warehouse } from '../helpers/setup.ts';

let db: TestDatabase;
let pool: pg.Pool;
let client: pg.PoolClient;

beforeAll(async () => {
  ({ db, pool } = await warehouse('loaders_load'));
  client = await pool.connect();
});
afterAll(async () => {
  client?.release();
  await pool?.end();
  await db?.drop();
});
beforeEach(async () => {
  await client.query('truncate raw.jsearch_job_postings, raw.dwh_loads, raw.quarantine');
});

const stamp = (loadId: string) => ({ loadId, loadDate: '2026-11-28', loadTimestamp: '2026-11-28T07:00:00.000Z' });
const rows = (loadId: string, ids: string[], extra: Record<string, unknown> = {}): Row[] =>
  ids.map((id) => jobPostingRow({ job_id: id, job_title: `title ${id}`, ...extra }, id, 7, stamp(loadId)));

async function load(loader: RawLoader, loadId: string, status: 'finished' | 'started' = 'finished') {
  await loader.beginLoad({ loadId, profileId: 7 });
  if (status === 'finished')
    await loader.endLoad(loadId, 'finished', { rowCount: 0, quarantinedCount: 0, apiCallCount: 0, apiErrorCount: 0 });
}

describe.each(['direct', 'staged'] as const)('RawLoader (%s)', (strategy) => {
  it('lands new rows, skips existing ones and duplicates inside a batch', async () => {
    const loader = new RawLoader(client, jobPostingsResource, strategy);
    await load(loader, 'l1');
    expect(await loader.landBatch('l1', rows('l1', ['a', 'b', 'b']))).toEqual({ inserted: 2, adopted: 0, skipped: 1 });
    await load(loader, 'l2');
    expect(await loader.landBatch('l2', rows('l2', ['a', 'c']))).toEqual({ inserted: 1, adopted: 0, skipped: 1 });
    const { rows: landed } = await client.query(
      'select job_id, dwh_load_id from raw.jsearch_job_postings order by job_id',
    );
    expect(landed).toEqual([
      { job_id: 'a', dwh_load_id: 'l1' },
      { job_id: 'b', dwh_load_id: 'l1' },
      { job_id: 'c', dwh_load_id: 'l2' },
    ]);
  });

  it('adopts rows left by a load that never finished', async () => {
    const loader = new RawLoader(client, jobPostingsResource, strategy);
    await load(loader, 'dead', 'started');
    await loader.landBatch('dead', rows('dead', ['a', 'b']));
    await load(loader, 'alive', 'started');
    expect(await loader.landBatch('alive', rows('alive', ['a', 'b', 'c']))).toEqual({
      inserted: 1,
      adopted: 2,
      skipped: 0,
    });
    expect(await countRows(pool, "select count(*) from raw.jsearch_job_postings where dwh_load_id = 'alive'")).toBe(3);
  });

  it('rolls the whole batch back, quarantine included, when one row is refused', async () => {
    const loader = new RawLoader(client, jobPostingsResource, strategy);
    await load(loader, 'l1');
    const bad = { ...(rows('l1', ['x'])[0] as Row), job_id: null };
    const batch = [...rows('l1', ['a']), bad];
    await expect(loader.landBatch('l1', batch, [{ reason: 'test', rawText: '{}' }])).rejects.toThrow(/null value/);
    expect(await countRows(pool, 'select count(*) from raw.jsearch_job_postings')).toBe(0);
    expect(await countRows(pool, 'select count(*) from raw.quarantine')).toBe(0);
  });
});

describe('COPY text format', () => {
  it('round-trips tabs, line breaks, backslashes and control characters', async () => {
    const loader = new RawLoader(client, jobPostingsResource);
    await load(loader, 'l1');
    const awkward = rows('l1', ['tab\there', 'nl\nthere', 'ctl\u0001x', 'back\\slash', 'cr\rx'], {
      job_description: 'line\nbreak \\ "quoted" \t tab \u0001',
    });
    await loader.landBatch('l1', awkward);
    const { rows: landed } = await client.query(
      "select job_id, raw_payload->>'job_description' as description from raw.jsearch_job_postings order by job_id",
    );
    expect(landed.map((row) => row.job_id).sort()).toEqual(
      ['back\\slash', 'cr\rx', 'ctl\u0001x', 'nl\nthere', 'tab\there'].sort(),
    );
    for (const row of landed) expect(row.description).toBe('line\nbreak \\ "quoted" \t tab \u0001');
  });
});

describe('BatchWriter', () => {
  it('lands in batches with one in flight and reports totals', async () => {
    const loader = new RawLoader(client, jobPostingsResource);
    await load(loader, 'w1');
    const seen: number[] = [];
    const writer = new BatchWriter(loader, 'w1', 3, (totals) => seen.push(totals.inserted));
    for (const row of rows('w1', ['1', '2', '3', '4', '5', '6', '7'])) await writer.add(row);
    writer.addQuarantine({ reason: 'item is string, not an object', rawText: '"x"', profileId: 7 });
    await writer.flush();
    expect(writer.totals).toEqual({ inserted: 7, adopted: 0, skipped: 0, quarantined: 1 });
    expect(seen).toEqual([3, 6, 7]);
  });

  it('gives I/O a turn while a batch is in flight, even to a caller that never waits on I/O', async () => {
    // A caller building rows from buffered input (a page already parsed) only awaits add(), which
    // would never leave the microtask queue: the batch in flight could not get its answers.
    const loader = new RawLoader(client, jobPostingsResource);
    await load(loader, 'w3');
    const writer = new BatchWriter(loader, 'w3', 4);
    let turns = 0;
    let counting = false;
    const countTurns = () => {
      turns += 1;
      if (counting) setImmediate(countTurns);
    };
    for (const [index, row] of rows('w3', ['1', '2', '3', '4', '5', '6', '7']).entries()) {
      const builtAt = performance.now() + 2; // building each row takes 2 ms of CPU
      while (performance.now() < builtAt);
      if (index === 4) {
        counting = true; // rows 5-7 are added while the first batch is in flight
        setImmediate(countTurns);
        turns = 0;
      }
      await writer.add(row);
    }
    counting = false;
    expect(turns).toBeGreaterThanOrEqual(3);
    await writer.flush();
    expect(writer.totals.inserted).toBe(7);
  });

  it('surfaces a failed batch on the next call', async () => {
    const loader = new RawLoader(client, jobPostingsResource);
    await load(loader, 'w2');
    const writer = new BatchWriter(loader, 'w2', 1);
    await writer.add({ ...(rows('w2', ['x'])[0] as Row), dwh_load_date: null });
    await expect(writer.flush()).rejects.toThrow(/null value/);
  });
});
