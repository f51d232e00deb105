// The raw archive end to end on the real PostgreSQL and a local archive folder: jobctl lands and
// archives, a fresh (empty) warehouse is rebuilt from the archive alone, and dbt builds the same
// ranking from it. Also: a failed archive write is reported and retried by the next run.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { type FakeApi, startFakeApi } from '@jobs/fake-api';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJobctl } from '../../../tests/support/jobctl.ts';
import { runDbt, type TestDatabase } from '../../../tests/support/pg.ts';
import { archivePending } from '../../src/archive/archive.ts';
import { archiveLocation } from '../../src/archive/location.ts';
import { openStore } from '../../src/archive/store.ts';
import { silentLogger } from '../../src/log.ts';
import { jobPostingsResource } from '../../src/sources/jsearch/resource.ts';
import { fastEnv, insertProfile, warehouse } from '../helpers/setup.ts';

const PROFILE = { query: 'data engineer', country: 'us', date_window: 'month' } as const;

const jobctl = (args: string[], env: Record<string, string>) => runJobctl(args, { LOG_LEVEL: 'warn', ...env });
const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1) as string);

// The ranked set as dbt built it: row count and a hash of the sorted (profile, job, score) triples.
async function rankedSet(pool: pg.Pool): Promise<{ rows: number; hash: string }> {
  const { rows } = await pool.query(
    `select profile_id::text || '|' || job_id || '|' || rank_score::text as triple
       from marts.dim_ranking order by 1`,
  );
  const hash = createHash('sha256');
  for (const row of rows) hash.update(`${row.triple}\n`);
  return { rows: rows.length, hash: hash.digest('hex') };
}

const rawCounts = async (pool: pg.Pool) =>
  (
    await pool.query(
      `select (select count(*) from raw.jsearch_job_postings)::int as postings,
              (select count(*) from raw.dwh_loads)::int as loads`,
    )
  ).rows[0];

let api: FakeApi;
let archiveDir: string;
const databases: TestDatabase[] = [];
const pools: pg.Pool[] = [];

async function freshWarehouse(name: string) {
  const { db, pool } = await warehouse(name);
  databases.push(db);
  pools.push(pool);
  return { db, pool };
}

beforeAll(async () => {
  api = await startFakeApi({ seed: 19, resultsPerQuery: 25 });
  archiveDir = mkdtempSync(join(tmpdir(), 'jobs-archive-'));
});

afterAll(async () => {
  await api?.close();
  for (const pool of pools) await pool.end();
  for (const db of databases) await db.drop();
  rmSync(archiveDir, { recursive: true, force: true });
});

describe('raw archive and restore', () => {
  it('archives each load, and an empty warehouse restored from the archive ranks the same', async () => {
    const source = await freshWarehouse('archive_src');
    const profileId = await insertProfile(source.pool, PROFILE);
    const env = fastEnv(api.url, { DATABASE_URL: source.db.url, ARCHIVE_URL: `file://${archiveDir}` });

    const landed = await jobctl(['extract-jobs'], env);
    expect(landed.code, landed.stderr).toBe(0);
    const summary = lastJson(landed.stdout);
    const rows = summary.totals.rows_landed as number;
    expect(rows).toBeGreaterThan(0);
    expect(summary.archive).toMatchObject({ objects: 1, rows, failed: 0 });

    // One object + manifest under raw/jsearch_job_postings/YYYY/MM/DD/, matching each other.
    const loadId = summary.profiles[0].load_id as string;
    const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
    const dir = join(archiveDir, 'raw', 'jsearch_job_postings', day);
    expect(readdirSync(dir).sort()).toEqual([`${loadId}.manifest.json`, `${loadId}.ndjson.gz`]);
    const manifest = JSON.parse(readFileSync(join(dir, `${loadId}.manifest.json`), 'utf8'));
    const object = readFileSync(join(dir, `${loadId}.ndjson.gz`));
    expect(manifest).toMatchObject({ load_id: loadId, source: 'jsearch', row_count: rows, bytes: object.length });
    expect(manifest.sha256).toBe(createHash('sha256').update(object).digest('hex'));
    expect(gunzipSync(object).toString('utf8').trim().split('\n')).toHaveLength(rows);

    // A second run lands nothing new today and archives nothing twice.
    const again = lastJson((await jobctl(['extract-jobs'], env)).stdout);
    expect(again.archive.objects).toBe(1);
    expect(readdirSync(dir)).toHaveLength(4);

    runDbt(source.db.name, ['run', '--quiet', '--select', '+dim_ranking']);
    const before = await rankedSet(source.pool);
    expect(before.rows).toBeGreaterThan(0);
    const sourceCounts = await rawCounts(source.pool);

    // Disaster: a new, empty warehouse; the profile is configuration, so it is re-created.
    const target = await freshWarehouse('archive_dst');
    expect(await insertProfile(target.pool, PROFILE)).toBe(profileId);
    const restoreEnv = { DATABASE_URL: target.db.url, ARCHIVE_URL: `file://${archiveDir}` };
    const today = new Date().toISOString().slice(0, 10);
    const restored = await jobctl(['archive-restore', '--from', today, '--source', 'jsearch'], restoreEnv);
    expect(restored.code, restored.stderr).toBe(0);
    expect(lastJson(restored.stdout)).toMatchObject({ objects: 2, loads_restored: 2, failed: 0 });
    expect(await rawCounts(target.pool)).toEqual(sourceCounts);

    // Restoring twice adds nothing.
    const twice = lastJson((await jobctl(['archive-restore', '--from', today], restoreEnv)).stdout);
    expect(twice).toMatchObject({ loads_restored: 0, loads_skipped: 2, rows_landed: 0, failed: 0 });
    expect(await rawCounts(target.pool)).toEqual(sourceCounts);

    runDbt(target.db.name, ['run', '--quiet', '--select', '+dim_ranking']);
    expect(await rankedSet(target.pool)).toEqual(before);
  }, 240_000);

  it('reports a failed archive write, keeps the landing, and retries it on the next run', async () => {
    const { db, pool } = await freshWarehouse('archive_retry');
    await insertProfile(pool, PROFILE);
    const blocked = join(archiveDir, 'not-a-folder');
    writeFileSync(blocked, 'a file where the archive folder should be');
    const env = fastEnv(api.url, { DATABASE_URL: db.url, ARCHIVE_URL: `file://${blocked}` });

    const first = await jobctl(['extract-jobs'], env);
    expect(first.code, first.stderr).toBe(0);
    const summary = lastJson(first.stdout);
    expect(summary.totals.rows_landed).toBeGreaterThan(0);
    expect(summary.archive).toMatchObject({ objects: 0, failed: 1 });
    const { rows: state } = await pool.query(
      'select archive_status, attempts, error_message from raw.dwh_load_archives',
    );
    expect(state).toMatchObject([{ archive_status: 'failed', attempts: 1 }]);
    expect(state[0].error_message).toMatch(/ENOTDIR|EEXIST/);

    const retryDir = mkdtempSync(join(tmpdir(), 'jobs-archive-retry-'));
    try {
      const store = await openStore(archiveLocation({ ARCHIVE_URL: `file://${retryDir}` }, retryDir));
      const retried = await archivePending(pool, store, jobPostingsResource, silentLogger);
      expect(retried).toMatchObject({ objects: 1, rows: summary.totals.rows_landed, failed: 0 });
      const { rows: after } = await pool.query('select archive_status, attempts from raw.dwh_load_archives');
      expect(after).toEqual([{ archive_status: 'archived', attempts: 2 }]);
    } finally {
      rmSync(retryDir, { recursive: true, force: true });
    }
  });
});
