// extract-jobs against real PostgreSQL and the fake API on loopback.

import { type FakeApi, filtersFrom, searchPage, startFakeApi } from '@jobs/fake-api';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../tests/support/pg.ts';
import type { LoaderConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { extractJobs } from '../../src/pipeline/extract-jobs.ts';
import { buildSearchPlan, type SearchProfile } from '../../src/sources/jsearch/request.ts';
import { countRows, fastConfig, insertProfile, type NewProfile, warehouse } from '../helpers/setup.ts';

const SEED = 11;
const NOW = new Date();
let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  ({ db, pool } = await warehouse('loaders_extract'));
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

async function withApi<T>(faults: string | undefined, run: (api: FakeApi) => Promise<T>): Promise<T> {
  const api = await startFakeApi({ seed: SEED, now: NOW, faults, resultsPerQuery: 60 });
  try {
    return await run(api);
  } finally {
    await api.close();
  }
}

function expectedIds(profile: SearchProfile, config: LoaderConfig): Set<string> {
  const ids = new Set<string>();
  for (const params of buildSearchPlan(profile, config.jsearch).requests) {
    const page = searchPage(
      { seed: SEED, now: NOW, resultsPerQuery: 60 },
      filtersFrom(params),
      Number(params.get('page')),
      Number(params.get('num_pages')),
    );
    for (const posting of page) ids.add(posting.job_id);
  }
  return ids;
}

async function landedIds(profileId: number): Promise<string[]> {
  const { rows } = await pool.query('select job_id from raw.jsearch_job_postings where profile_id = $1', [profileId]);
  return rows.map((row) => row.job_id);
}

async function freshProfile(profile: NewProfile): Promise<SearchProfile> {
  await pool.query('update marts.profile_preferences set is_active = false');
  const profileId = await insertProfile(pool, profile);
  return { profile_id: profileId, ...profile } as SearchProfile;
}

describe('extract-jobs', () => {
  it('lands every posting of every active profile once, with technical columns and a finished load', async () => {
    const a = await freshProfile({ query: 'data engineer', location: 'Toronto', country: 'ca', date_window: 'month' });
    const b = await insertProfile(pool, {
      query: 'react developer',
      country: 'us',
      remote_preference: 'remote',
      employment_types: ['FULLTIME', 'CONTRACTOR'],
    });
    await insertProfile(pool, { query: 'inactive profile', is_active: false });
    const config = fastConfig('http://127.0.0.1:1', { JSEARCH_NUM_PAGES: '3', JSEARCH_PAGES_PER_REQUEST: '2' });
    const summary = await withApi(undefined, (api) =>
      extractJobs(pool, { ...config, jsearch: { ...config.jsearch, baseUrl: api.url } }, silentLogger, {
        runId: 'run-1',
      }),
    );

    expect(summary.status).toBe('success');
    expect(summary.profiles.map((profile) => profile.profile_id)).toEqual([a.profile_id, b]);
    const expected = expectedIds(a, config);
    expect(new Set(await landedIds(a.profile_id))).toEqual(expected);
    expect((await landedIds(a.profile_id)).length).toBe(expected.size);
    expect(summary.profiles[0]).toMatchObject({
      status: 'success',
      requests: 2,
      pages: 3,
      rows_landed: expected.size,
      api_calls: 2,
    });

    const { rows } = await pool.query(
      `select r.dwh_source_system, r.dwh_load_date = current_date as today, r.raw_payload->>'job_id' = r.job_id as id_matches,
              l.load_status, l.row_count, l.api_call_count, l.dag_run_id, l.finished_at is not null as finished
         from raw.jsearch_job_postings r join raw.dwh_loads l on l.load_id = r.dwh_load_id
        where r.profile_id = $1 limit 1`,
      [a.profile_id],
    );
    expect(rows[0]).toEqual({
      dwh_source_system: 'jsearch',
      today: true,
      id_matches: true,
      load_status: 'finished',
      row_count: expected.size,
      api_call_count: 2,
      dag_run_id: 'run-1',
      finished: true,
    });

    // Filters reached the API: every remote-only profile posting is remote.
    const remote = await countRows(
      pool,
      "select count(*) from raw.jsearch_job_postings where profile_id = $1 and (raw_payload->>'job_is_remote')::boolean is not true",
      [b],
    );
    expect(remote).toBe(0);
  });

  it('re-running the same day adds no duplicate rows', async () => {
    const profile = await freshProfile({ query: 'python developer', country: 'us', date_window: 'week' });
    const config = fastConfig('http://127.0.0.1:1', { JSEARCH_NUM_PAGES: '2' });
    const run = () =>
      withApi(undefined, (api) =>
        extractJobs(pool, { ...config, jsearch: { ...config.jsearch, baseUrl: api.url } }, silentLogger),
      );
    const first = await run();
    const second = await run();
    const landed = await landedIds(profile.profile_id);
    expect(landed.length).toBe(new Set(landed).size);
    expect(landed.length).toBe(first.profiles[0]?.rows_landed);
    expect(second.profiles[0]?.rows_landed).toBe(0);
    expect(second.profiles[0]?.duplicates_skipped).toBeGreaterThanOrEqual(landed.length);
  });

  it.each([
    ['429', '429@0.6:retry_after=0'],
    ['500', '500@0.6'],
    ['503', '503@0.6'],
    ['slow', 'slow@0.6:ms=4000'],
    ['reset', 'reset@0.6'],
    ['truncated', 'truncated@0.6'],
    ['invalid_item', 'invalid_item@0.9'],
  ])('fault %s: every valid posting lands exactly once', async (kind, faults) => {
    const profile = await freshProfile({ query: `fault ${kind} engineer`, country: 'us', date_window: 'month' });
    const config = fastConfig('http://127.0.0.1:1', {
      JSEARCH_NUM_PAGES: '4',
      JSEARCH_PAGES_PER_REQUEST: '1',
      LOADER_HTTP_TIMEOUT_MS: '1000',
    });
    const { summary, injected } = await withApi(faults, async (api) => ({
      summary: await extractJobs(pool, { ...config, jsearch: { ...config.jsearch, baseUrl: api.url } }, silentLogger),
      injected: api.stats.faults[kind] ?? 0,
    }));
    expect(injected).toBeGreaterThan(0);
    expect(summary.profiles[0]?.status).toBe('success');
    const landed = await landedIds(profile.profile_id);
    expect(new Set(landed)).toEqual(expectedIds(profile, config));
    expect(landed.length).toBe(new Set(landed).size);
    const quarantined = await countRows(pool, 'select count(*) from raw.quarantine where profile_id = $1', [
      profile.profile_id,
    ]);
    if (kind === 'truncated' || kind === 'invalid_item') expect(quarantined).toBe(injected);
    else expect(quarantined).toBe(0);
  });

  it('quarantines bad items and bad responses with their reason and raw text', async () => {
    const profile = await freshProfile({ query: 'quarantine analyst', country: 'us' });
    const config = fastConfig('http://127.0.0.1:1', { JSEARCH_NUM_PAGES: '6', JSEARCH_PAGES_PER_REQUEST: '1' });
    await withApi('invalid_item@0.7,truncated@0.3', (api) =>
      extractJobs(pool, { ...config, jsearch: { ...config.jsearch, baseUrl: api.url } }, silentLogger),
    );
    const { rows } = await pool.query(
      'select reason, raw_text, load_id, dwh_source_system, resource_name from raw.quarantine where profile_id = $1',
      [profile.profile_id],
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toMatchObject({ dwh_source_system: 'jsearch', resource_name: 'job_postings' });
      expect(row.reason).toMatch(/^(item |invalid item|response is not valid JSON)/);
      expect(row.raw_text.length).toBeGreaterThan(0);
      expect(row.load_id).toMatch(/^jsearch\.job_postings\./);
    }
    const { rows: load } = await pool.query(
      'select quarantined_count from raw.dwh_loads where profile_id = $1 order by started_at desc limit 1',
      [profile.profile_id],
    );
    expect(load[0].quarantined_count).toBe(rows.length);
  });

  it("one profile's failing searches are recorded; the others still land", async () => {
    await freshProfile({ query: 'BrokenProfile search' });
    const good = await insertProfile(pool, { query: 'devops engineer', country: 'us' });
    const config = fastConfig('http://127.0.0.1:1', { JSEARCH_NUM_PAGES: '1', LOADER_HTTP_RETRIES: '2' });
    const summary = await withApi('error500:query=BrokenProfile', (api) =>
      extractJobs(pool, { ...config, jsearch: { ...config.jsearch, baseUrl: api.url } }, silentLogger, {
        runId: 'run-broken',
      }),
    );
    expect(summary.status).toBe('partial');
    expect(summary.profiles.map((profile) => profile.status)).toEqual(['failed', 'success']);
    expect(summary.profiles[0]?.error).toMatch(/answered 500 after 3 attempt/);
    const { rows } = await pool.query(
      "select profile_id::int, load_status, error_message is not null as has_error, api_error_count from raw.dwh_loads where dag_run_id = 'run-broken' order by profile_id",
    );
    expect(rows).toEqual([
      { profile_id: summary.profiles[0]?.profile_id, load_status: 'failed', has_error: true, api_error_count: 3 },
      { profile_id: good, load_status: 'finished', has_error: false, api_error_count: 0 },
    ]);
    expect((await landedIds(good)).length).toBeGreaterThan(0);
  });

  it('a quota-exceeded answer fails the profile without a retry storm', async () => {
    await freshProfile({ query: 'quota engineer' });
    const config = fastConfig('http://127.0.0.1:1', { JSEARCH_NUM_PAGES: '3', JSEARCH_PAGES_PER_REQUEST: '1' });
    const summary = await withApi('quota@1', (api) =>
      extractJobs(pool, { ...config, jsearch: { ...config.jsearch, baseUrl: api.url } }, silentLogger),
    );
    expect(summary.status).toBe('failed');
    expect(summary.profiles[0]?.api_calls).toBe(1);
    expect(summary.profiles[0]?.error).toMatch(/QuotaExceededError/);
  });

  it('refuses an unknown --profile with a clear error', async () => {
    const config = fastConfig('http://127.0.0.1:1');
    await expect(extractJobs(pool, config, silentLogger, { profileId: 999_999 })).rejects.toThrow(
      /profile 999999 does not exist/,
    );
  });
});
