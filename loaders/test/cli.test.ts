// jobctl's loader commands as a process: usage errors, a crash mid-run, and no key in any output.
// (Routing, --help, fake-api and notify: jobctl/test/jobctl.test.ts.)
import { type FakeApi, startFakeApi } from '@jobs/fake-api';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJobctl as jobctl, startJobctl as start } from '../../tests/support/jobctl.ts';
import type { TestDatabase } from '../../tests/support/pg.ts';
import { parseCommand, UsageError } from '../src/cli.ts';
import { countRows, fastEnv, insertProfile, warehouse } from './helpers/setup.ts';

const KEY = 'test-key-do-not-leak-7f3a9c';

describe('parseCommand', () => {
  it.each([
    [['extract-jobs', '--profile', '3', '--run-id', 'r1'], { name: 'extract-jobs', profileId: 3, runId: 'r1' }],
    [['extract-companies', '--limit', '5'], { name: 'extract-companies', limit: 5 }],
    [[], { name: 'help' }],
  ])('%o', (argv, expected) => {
    expect(parseCommand(argv)).toMatchObject(expected);
  });

  it.each([
    [['frobnicate']],
    [['extract-jobs', '--profile', 'x']],
    [['extract-jobs', '--bogus']],
    [['fake-api']],
    [['notify']],
  ])('refuses %o', (argv) => {
    expect(() => parseCommand(argv)).toThrow(UsageError);
  });
});

describe('jobctl process', () => {
  it('exits 2 with a one-line reason on bad usage or configuration', async () => {
    const usage = await jobctl(['frobnicate']);
    expect(usage.code).toBe(2);
    expect(usage.stderr.trim()).toMatch(/^UsageError: unknown command "frobnicate"/);
    const config = await jobctl(['extract-jobs'], { JSEARCH_BASE_URL: 'http://127.0.0.1:9' });
    expect(config.code).toBe(2);
    expect(config.stderr.trim()).toBe('ConfigError: DATABASE_URL is not set');
    const key = await jobctl(['extract-jobs'], { DATABASE_URL: 'postgresql://x@127.0.0.1:1/x' });
    expect(key.stderr.trim()).toMatch(/^ConfigError: JSEARCH_API_KEY is required/);
  });
});

describe('jobctl against PostgreSQL', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let api: FakeApi;

  beforeAll(async () => {
    ({ db, pool } = await warehouse('loaders_cli'));
    api = await startFakeApi({
      seed: 21,
      requireKey: KEY,
      resultsPerQuery: 200,
      faults: 'error500:query=BrokenProfile,invalid_item@0.3,truncated@0.1,429@0.1:retry_after=0',
    });
  });
  afterAll(async () => {
    await api?.close();
    await pool?.end();
    await db?.drop();
  });

  it('a crash mid-run leaves whole batches only, and a re-run completes the day with one copy of each posting', async () => {
    const profileId = await insertProfile(pool, { query: 'crash test engineer', country: 'us', date_window: 'month' });
    const env = {
      ...fastEnv(api.url),
      DATABASE_URL: db.url,
      JSEARCH_NUM_PAGES: '20',
      JSEARCH_PAGES_PER_REQUEST: '1',
      LOADER_BATCH_SIZE: '10',
      LOADER_REQUESTS_PER_SECOND: '4',
    };
    const { child, done } = start(['extract-jobs', '--profile', String(profileId)], env);
    // Kill once a few batches have committed.
    const landed = async () =>
      countRows(pool, 'select count(*) from raw.jsearch_job_postings where profile_id = $1', [profileId]);
    for (let i = 0; i < 400 && (await landed()) < 30; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill('SIGKILL');
    await done;
    const afterCrash = await landed();
    expect(afterCrash).toBeGreaterThanOrEqual(30);
    expect(afterCrash).toBeLessThan(190);
    expect(afterCrash % 10).toBe(0);
    const dead = await pool.query('select load_status from raw.dwh_loads where profile_id = $1', [profileId]);
    expect(dead.rows).toEqual([{ load_status: 'started' }]);

    const rerun = await jobctl(['extract-jobs', '--profile', String(profileId)], {
      ...env,
      LOADER_REQUESTS_PER_SECOND: '1000',
    });
    expect(rerun.code).toBe(0);
    const summary = JSON.parse(rerun.stdout.trim().split('\n').at(-1) as string);
    expect(summary.profiles[0]).toMatchObject({ status: 'success', rows_adopted: afterCrash });
    const { rows } = await pool.query(
      'select count(*)::int as total, count(distinct job_id)::int as distinct_jobs from raw.jsearch_job_postings where profile_id = $1',
      [profileId],
    );
    expect(rows[0].total).toBe(rows[0].distinct_jobs);
    expect(rows[0].total).toBe(summary.profiles[0].rows_landed + afterCrash);
    // Every row now belongs to a finished load; the dead load is marked failed.
    const untrusted = await countRows(
      pool,
      `select count(*) from raw.jsearch_job_postings r join raw.dwh_loads l on l.load_id = r.dwh_load_id
        where r.profile_id = $1 and l.load_status <> 'finished'`,
      [profileId],
    );
    expect(untrusted).toBe(0);
    const loads = await pool.query(
      'select load_status, error_message from raw.dwh_loads where profile_id = $1 order by started_at',
      [profileId],
    );
    expect(loads.rows.map((row) => row.load_status)).toEqual(['failed', 'finished']);
    expect(loads.rows[0].error_message).toMatch(/abandoned/);
  });

  it('never writes the API key to stdout, stderr or any table', async () => {
    await pool.query('update marts.profile_preferences set is_active = false');
    await insertProfile(pool, { query: 'BrokenProfile key leak', country: 'us' });
    await insertProfile(pool, { query: 'key leak engineer', country: 'gb', remote_preference: 'remote' });
    const env = {
      ...fastEnv(api.url),
      DATABASE_URL: db.url,
      JSEARCH_NUM_PAGES: '3',
      LOADER_HTTP_RETRIES: '1',
      LOG_LEVEL: 'debug',
    };
    const jobs = await jobctl(['extract-jobs', '--run-id', 'leak-check'], env);
    expect(jobs.code).toBe(0);
    const summary = JSON.parse(jobs.stdout.trim().split('\n').at(-1) as string);
    expect(summary.status).toBe('partial');
    const wrongKey = await jobctl(['extract-jobs'], { ...env, JSEARCH_API_KEY: `${KEY}-wrong` });
    expect(wrongKey.code).toBe(3); // every profile failed at the API: final, Airflow does not retry it
    expect(wrongKey.stderr).toMatch(/answered 401/);
    const companies = await jobctl(['extract-companies'], {
      ...env,
      GLASSDOOR_RAPIDAPI_HOST: 'glassdoor.p.rapidapi.com',
    });
    expect(companies.stderr + companies.stdout).not.toBe('');

    const outputs = [jobs, wrongKey, companies].flatMap((result) => [result.stdout, result.stderr]).join('\n');
    expect(outputs).not.toContain(KEY);
    const { rows } = await pool.query(
      `select string_agg(t::text, '') as dump from (
         select row_to_json(l)::text as t from raw.dwh_loads l
         union all select row_to_json(q)::text from raw.quarantine q
         union all select raw_payload::text from raw.jsearch_job_postings
         union all select row_to_json(c)::text from raw.glassdoor_companies c
       ) as everything`,
    );
    expect(rows[0].dump.length).toBeGreaterThan(1000);
    expect(rows[0].dump).not.toContain(KEY);
  });
});
