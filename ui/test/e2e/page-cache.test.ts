// The page cache (src/lib/server/page-cache.ts) against the built app and a real warehouse clone:
// every way the pages' data changes is visible on the very next GET.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, runDbt, type TestDatabase } from '../../../tests/support/pg.ts';
import { dailyRuns, insertProfile, insertRankedJobs, insertRuns } from '../support/warehouse.ts';
import { type RunningApp, startApp } from './app.ts';

let database: TestDatabase;
let sql: pg.Client;
let app: RunningApp;
let profileId = 0;
const lastRun = new Date(Date.now() - 3 * 3_600_000);

async function get(path: string): Promise<{ state: string | null; html: string }> {
  const response = await app.fetch(`${app.origin}${path}`, { headers: { accept: 'text/html' } });
  expect(response.status, `GET ${path}`).toBe(200);
  return { state: response.headers.get('x-page-cache'), html: await response.text() };
}

/** GETs a page until it comes from the cache, so the next change must get past a cached copy. */
async function cached(path: string): Promise<string> {
  await get(path);
  const second = await get(path);
  expect(second.state, `second GET ${path}`).toBe('hit');
  return second.html;
}

async function post(path: string, body: string): Promise<void> {
  const response = await app.fetch(`${app.origin}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: app.origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  expect(response.status, `POST ${path}`).toBe(303);
}

const version = async (): Promise<number> =>
  Number((await sql.query('select data_version from marts.data_version')).rows[0]?.data_version);

beforeAll(async () => {
  database = await createTestDatabase('ui_cache', { warehouse: true });
  sql = new pg.Client({ connectionString: database.url });
  await sql.connect();
  profileId = await insertProfile(sql, {
    profile_name: 'Cache me',
    query: 'data engineer',
    country: 'ca',
    email: 'cache@example.com',
    last_run_at: lastRun,
    last_run_status: 'success',
    last_run_job_count: 12,
    total_run_count: 5,
  });
  await insertRuns(sql, profileId, dailyRuns(5, lastRun, 'cache'));
  app = await startApp(database.url);
});

afterAll(async () => {
  await app?.stop();
  await sql?.end();
  await database?.drop();
});

describe('page cache', () => {
  it('shows an edit and a toggle made through the app on the very next GET', async () => {
    const detail = `/profiles/${profileId}`;
    expect(await cached('/profiles')).toContain('Cache me');
    expect(await cached(detail)).toContain('Cache me');
    await post(
      `${detail}/edit?/save`,
      'profile_name=Cache+edited&query=data+engineer&country=ca&date_window=week&email=cache@example.com&is_active=true',
    );
    for (const path of ['/profiles', detail]) {
      const next = await get(path);
      expect(next.state).toBe('miss');
      expect(next.html).toContain('Cache edited');
      expect(next.html).not.toContain('Cache me');
    }
    expect(await cached(detail)).toContain('data-testid="active-state">Active<');
    await post(`${detail}?/toggle`, 'is_active=false');
    expect((await get(detail)).html).toContain('data-testid="active-state">Inactive<');
    expect((await get('/profiles')).html).toMatch(new RegExp(`data-profile-id="${profileId}" class="inactive"`));
    await post(`${detail}?/toggle`, 'is_active=true');
    expect((await get(detail)).html).toContain('data-testid="active-state">Active<');
  });

  it('shows a run the DAG writes straight into pipeline_run_metrics on the next GET', async () => {
    const detail = `/profiles/${profileId}`;
    expect(await cached(detail)).toMatch(/data-stat="total-runs"[^>]*>5</);
    await sql.query(
      `insert into marts.pipeline_run_metrics (dag_run_id, task_id, profile_id, run_status, jobs_found, api_calls,
         api_errors, duration_s, started_at, recorded_at)
       values ('airflow__late', 'extract_job_postings', $1, 'success', 7, 1, 0, 12, now(), now())`,
      [profileId],
    );
    const next = await get(detail);
    expect(next.state).toBe('miss');
    expect(next.html).toMatch(/data-stat="total-runs"[^>]*>6</);
  });

  it('shows marts written by the test support and rebuilt by dbt on the next GET', async () => {
    const detail = `/profiles/${profileId}`;
    expect(await cached(detail)).toContain('No new jobs above this profile’s minimum score.');
    await insertRankedJobs(sql, profileId, [
      {
        key: 'cache-job-1',
        title: 'Cached engineer',
        employer: 'Rated Employer',
        skills: ['sql'],
        score: 80,
        rating: 4.4,
      },
    ]);
    expect((await get(detail)).html).toContain('Cached engineer');
    expect(await cached(detail)).toContain('Rated Employer ★ 4.4');
    // A real dbt build of dim_companies (from the empty staging of this clone: only the unknown
    // member) drops the rating; its marts post-hook moves the version in the build's transaction.
    const before = await version();
    runDbt(database.name, ['run', '--quiet', '--select', 'dim_companies']);
    expect(await version()).toBeGreaterThan(before);
    const next = await get(detail);
    expect(next.state).toBe('miss');
    expect(next.html).toContain('Cached engineer');
    expect(next.html).not.toContain('★ 4.4');
  }, 180_000);

  it('keeps different query strings apart', async () => {
    const byName = await cached('/profiles?sort=name&dir=asc');
    const byRuns = await cached('/profiles?sort=runs&dir=desc');
    expect(byName).not.toBe(byRuns);
    expect((await get('/profiles?sort=name&dir=asc')).html).toBe(byName);
  });

  it('keys pages on their parsed, known parameters only: junk shares the entry of the page it shows', async () => {
    const list = await cached('/profiles?sort=runs&dir=desc');
    // Unknown parameters, defaults spelt out, and another order all read the one stored page, so a
    // stream of ?junk=N neither renders per request nor evicts useful pages.
    for (const path of [
      '/profiles?sort=runs&dir=desc&junk=1',
      '/profiles?junk=2&dir=desc&sort=runs',
      '/profiles?sort=runs&dir=desc&page=1&active=all',
      '/profiles?sort=runs&junk=3',
    ]) {
      const again = await get(path);
      expect(again.state, path).toBe('hit');
      expect(again.html, path).toBe(list);
    }
    const detail = await cached(`/profiles/${profileId}`);
    const junk = await get(`/profiles/${profileId}?junk=${Date.now()}`);
    expect(junk.state).toBe('hit');
    expect(junk.html).toBe(detail);
    // A parameter the page does read is still its own entry.
    expect((await get(`/profiles/${profileId}?runs=all`)).state).not.toBe('hit');
  });

  it('never caches errors, other pages or page data', async () => {
    for (const path of ['/profiles/999999', '/profiles/new', `/profiles/${profileId}/edit`, '/profiles/__data.json']) {
      const first = await app.fetch(`${app.origin}${path}`);
      const second = await app.fetch(`${app.origin}${path}`);
      expect([first.headers.get('x-page-cache'), second.headers.get('x-page-cache')], path).not.toContain('hit');
    }
  });

  it('is bypassed while the data version cannot be read', async () => {
    expect(await cached('/profiles')).toContain('Cache edited');
    await sql.query('alter table marts.data_version rename to data_version_hidden');
    try {
      // Writers go on without the version table (its trigger skips the bump); the pages must show it.
      await sql.query("update marts.profile_preferences set profile_name = 'Cache bypassed' where profile_id = $1", [
        profileId,
      ]);
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const page = await get('/profiles');
        expect(page.state).toBe('bypass');
        expect(page.html).toContain('Cache bypassed');
      }
    } finally {
      await sql.query('alter table marts.data_version_hidden rename to data_version');
    }
    // Back at the same version as before: what was stored before the failure is gone all the same.
    const next = await get('/profiles');
    expect(next.state).toBe('miss');
    expect(next.html).toContain('Cache bypassed');
  });

  it('is off with UI_PAGE_CACHE=off', async () => {
    const plain = await startApp(database.url, { UI_PAGE_CACHE: 'off' });
    try {
      const response = await plain.fetch(`${plain.origin}/profiles`);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-page-cache')).toBeNull();
    } finally {
      await plain.stop();
    }
  });
});
