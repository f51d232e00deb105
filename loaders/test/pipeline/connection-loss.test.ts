// The server ends the loader's connection in the middle of a COPY: the load is recorded as failed
// (on a fresh connection), nothing of the batch is kept, and jobctl exits 1 with a clear message.
import { type FakeApi, filtersFrom, searchPage, startFakeApi } from '@jobs/fake-api';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJobctl } from '../../../tests/support/jobctl.ts';
import type { TestDatabase } from '../../../tests/support/pg.ts';
import { utcDate } from '../../src/pipeline/ids.ts';
import { buildSearchPlan } from '../../src/sources/jsearch/request.ts';
import { jobPostingRow } from '../../src/sources/jsearch/resource.ts';
import { fastConfig, fastEnv, insertProfile, warehouse } from '../helpers/setup.ts';

const jobctl = (args: string[], env: Record<string, string>) => runJobctl(args, { LOG_LEVEL: 'warn', ...env });
const SEED = 5;
const NOW = new Date();
let db: TestDatabase;
let pool: pg.Pool;
let api: FakeApi;

beforeAll(async () => {
  ({ db, pool } = await warehouse('loaders_conn_loss'));
  api = await startFakeApi({ seed: SEED, now: NOW, resultsPerQuery: 30 });
});
afterAll(async () => {
  await api?.close();
  await pool?.end();
  await db?.drop();
});

describe('a lost database connection', () => {
  it('mid-COPY: the load is marked failed, the batch is not kept, jobctl exits 1 saying why', async () => {
    const profile = { query: 'data engineer', country: 'us', date_window: 'month' as const };
    const profileId = await insertProfile(pool, profile);
    const config = fastConfig(api.url);
    const [params] = buildSearchPlan({ profile_id: profileId, ...profile }, config.jsearch).requests;
    if (!params) throw new Error('no request planned');
    const postings = searchPage({ seed: SEED, now: NOW, resultsPerQuery: 30 }, filtersFrom(params), 1, 1);
    const third = JSON.parse(JSON.stringify(postings[2])) as Record<string, unknown>;
    // The key the loader will compute for the third posting of its first batch.
    const row = jobPostingRow(third, String(third.job_id).trim(), profileId, {
      loadId: 'blocker',
      loadDate: utcDate(new Date()),
      loadTimestamp: new Date().toISOString(),
    });

    // An open transaction holding that key makes the loader's COPY wait on the unique index after
    // it has written the first rows: a backend that is provably mid-COPY.
    const blocker = new pg.Client({ connectionString: db.url });
    await blocker.connect();
    try {
      await blocker.query('begin');
      await blocker.query(
        `insert into raw.jsearch_job_postings (raw_job_posting_id, job_id, raw_payload, profile_id, dwh_load_id,
           dwh_load_date, dwh_load_timestamp, dwh_source_system)
         values ($1, $2, '{}', $3, 'blocker', current_date, now(), 'jsearch')`,
        [row.raw_job_posting_id, row.job_id, profileId],
      );
      const run = jobctl(['extract-jobs', '--profile', String(profileId)], {
        ...fastEnv(api.url, { LOADER_BATCH_SIZE: '5' }),
        DATABASE_URL: db.url,
      });

      let pid: number | undefined;
      for (let poll = 0; poll < 600 && pid === undefined; poll++) {
        const { rows } = await pool.query(
          `select pid from pg_stat_activity
            where datname = current_database() and application_name = 'jobctl'
              and query ilike 'copy %' and wait_event_type = 'Lock'`,
        );
        pid = rows[0]?.pid;
        if (pid === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(pid, 'the loader never reached its COPY').toBeDefined();
      await pool.query('select pg_terminate_backend($1)', [pid]);
      await blocker.query('rollback');

      const { code, stderr } = await run;
      expect(code).toBe(1);
      expect(stderr).toMatch(/LoadError: lost the database connection during load jsearch\.job_postings\.\S+ \(/);
      expect(stderr).toContain('the load is marked failed and its rows are not trusted');
    } finally {
      await blocker.end();
    }

    const { rows: loads } = await pool.query(
      'select load_status, error_message from raw.dwh_loads where profile_id = $1',
      [profileId],
    );
    expect(loads).toHaveLength(1);
    expect(loads[0].load_status).toBe('failed');
    expect(loads[0].error_message).toMatch(/^interrupted: .*terminating connection due to administrator command/);
    const { rows: landed } = await pool.query(
      'select count(*)::int as count from raw.jsearch_job_postings where profile_id = $1',
      [profileId],
    );
    expect(landed[0].count).toBe(0);
  });
});
