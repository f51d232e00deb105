// The archive body compressed while landing (spool.ts) against the one read back from raw: the same
// rows with the same values, so a restore lands the same table; and loads whose batches adopted
// rows are read back instead.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../tests/support/pg.ts';
import { archiveLoad } from '../../src/archive/archive.ts';
import { objectKey } from '../../src/archive/location.ts';
import { ArchiveSpool, archiveLines } from '../../src/archive/spool.ts';
import { openStore } from '../../src/archive/store.ts';
import { copyLine, copyTextValueInto, jsonToCopyBytes } from '../../src/pipeline/copy-text.ts';
import { BatchWriter, RawLoader } from '../../src/pipeline/load.ts';
import type { Row } from '../../src/pipeline/resource.ts';
import { jobPostingRow, jobPostingsResource } from '../../src/sources/jsearch/resource.ts';
import { warehouse } from '../helpers/setup.ts';

let db: TestDatabase;
let pool: pg.Pool;
let client: pg.PoolClient;
let dir: string;

beforeAll(async () => {
  ({ db, pool } = await warehouse('loaders_spool'));
  client = await pool.connect();
  dir = mkdtempSync(join(tmpdir(), 'jobs-spool-'));
});
afterAll(async () => {
  client?.release();
  await pool?.end();
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await client.query('truncate raw.jsearch_job_postings, raw.dwh_loads, raw.dwh_load_archives');
});

const DAY = '2026-11-28';
const stamp = (loadId: string) => ({ loadId, loadDate: DAY, loadTimestamp: '2026-11-28T07:00:00.000Z' });
const NASTY = 'tab\there, line\nbreak, back\\slash, quote " and é 🚀, \u0001 control';
const items = (ids: string[]) =>
  ids.map((id) => ({
    job_id: id,
    job_title: `title ${id}`,
    job_description: `${NASTY} ${id}`,
    job_posted_at: '3 hours ago',
    job_salary: id.length * 1000.5,
    job_highlights: { Qualifications: [`a ${id}`, NASTY], nested: { deep: [1, null, true] } },
  }));

async function beginLoad(loader: RawLoader, loadId: string) {
  await loader.beginLoad({ loadId, profileId: 7 });
}
async function finishLoad(loader: RawLoader, loadId: string, rowCount: number) {
  await loader.endLoad(loadId, 'finished', { rowCount, quarantinedCount: 0, apiCallCount: 0, apiErrorCount: 0 });
}

// The archived rows as a restore reads them, in key order, timestamps as instants.
async function archivedRows(loadId: string, spool: ArchiveSpool): Promise<Record<string, unknown>[]> {
  const store = await openStore({ kind: 'file', dir, url: `file://${dir}` });
  const written = await archiveLoad(pool, store, jobPostingsResource, { load_id: loadId, load_date: DAY }, spool);
  const body = readFileSync(join(dir, objectKey(jobPostingsResource.table, DAY, loadId, '.ndjson.gz')));
  const rows = gunzipSync(body)
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(rows).toHaveLength(written.rows);
  return rows
    .map(
      (row): Record<string, unknown> => ({
        ...row,
        dwh_load_timestamp: new Date(row.dwh_load_timestamp as string).toISOString(),
      }),
    )
    .sort((a, b) => String(a.raw_job_posting_id).localeCompare(String(b.raw_job_posting_id)));
}

describe('archive spool', () => {
  it('compresses the landed rows as they land, the same rows the table gives back', async () => {
    const spool = new ArchiveSpool();
    const loader = new RawLoader(client, jobPostingsResource);
    await beginLoad(loader, 'l1');
    const writer = new BatchWriter(loader, 'l1', 3, undefined, spool);
    // 'b' twice in one batch: the second copy is skipped and must not be archived either.
    for (const item of items(['a', 'b', 'b', 'c', 'd', 'e', 'f', 'g']))
      await writer.add(jobPostingRow(item, item.job_id, 7, stamp('l1')));
    await writer.flush();
    await finishLoad(loader, 'l1', writer.totals.inserted);

    const spooled = await archivedRows('l1', spool);
    const readBack = await archivedRows('l1', new ArchiveSpool());
    expect(spooled).toHaveLength(7);
    expect(spooled).toEqual(readBack);
  });

  it('reads a load back from raw when one of its batches adopted rows', async () => {
    const loader = new RawLoader(client, jobPostingsResource);
    await beginLoad(loader, 'dead');
    await loader.landBatch(
      'dead',
      items(['a', 'b']).map((item) => jobPostingRow(item, item.job_id, 7, stamp('dead'))),
    );
    const spool = new ArchiveSpool();
    await beginLoad(loader, 'alive');
    const writer = new BatchWriter(loader, 'alive', 2, undefined, spool);
    for (const item of items(['x', 'y', 'a', 'b', 'c']))
      await writer.add(jobPostingRow(item, item.job_id, 7, stamp('alive')));
    await writer.flush();
    expect(writer.totals).toMatchObject({ inserted: 3, adopted: 2 });
    expect(await spool.take('alive')).toBeUndefined();
  });

  it('writes a line per row as row_to_json does, JSON text of jsonb as landed', () => {
    const payload = { k: 'a\\b\tc', n: [1, 2.5], s: NASTY };
    const row: Row = { id: 'x', payload: jsonToCopyBytes(JSON.stringify(payload)), n: 7, none: null, obj: { a: 1 } };
    const columns = ['id', 'payload', 'n', 'none', 'obj'];
    const lines = archiveLines([row, { ...row, id: 'y' }], columns)
      .toString('utf8')
      .split('\n');
    expect(lines.map((line) => (line ? JSON.parse(line) : line))).toEqual([
      { id: 'x', payload, n: 7, none: null, obj: { a: 1 } },
      { id: 'y', payload, n: 7, none: null, obj: { a: 1 } },
      '',
    ]);
  });

  it('reads COPY text bytes back to the value they encode, written at an offset', () => {
    for (const value of [NASTY, 'plain', '\\', 'ends with \\', '\n\r\t', '']) {
      const copyText = Buffer.from(copyLine({ v: value }, ['v']).slice(0, -1));
      const out = Buffer.alloc(copyText.length + 2, '#');
      const written = copyTextValueInto(copyText, out, 1);
      expect(out.subarray(1, 1 + written).toString('utf8')).toBe(value);
      expect([out[0], out[1 + written]]).toEqual([0x23, 0x23]); // nothing outside its range
    }
  });
});
