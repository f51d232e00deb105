// The built app (adapter-node) in headless Chromium against a real PostgreSQL warehouse clone.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchCandidates } from '../../../notifier/src/queries.ts';
import { createTestDatabase, repoRoot, type TestDatabase } from '../../../tests/support/pg.ts';
import { countColour, decodePng } from '../support/png.ts';
import {
  bumpDataVersion,
  dailyRuns,
  insertProfile,
  insertRankedJobs,
  insertRuns,
  type JobSeed,
} from '../support/warehouse.ts';
import { addSessionCookie, launchChromium, type RunningApp, startApp } from './app.ts';

let database: TestDatabase;
let sql: pg.Client;
let app: RunningApp;
let browser: Browser;
let withJs: BrowserContext;
let withoutJs: BrowserContext;
const ids = { alpha: 0, beta: 0, gamma: 0 };
const now = new Date();
const hourAgo = new Date(now.getTime() - 3_600_000);

const SKILLS = ['sql', 'python', 'dbt', 'airflow', 'aws'];
const SCORES = [95, 88, 81, 74, 67, 60, 53, 46, 39, 32, 25, 18];
const alphaJobs: JobSeed[] = SCORES.map((score, index) => ({
  key: `alpha-job-${index}`,
  title: `Data Engineer ${index}`,
  employer: `Employer ${index % 4}`,
  // sql in every job, python in every second, … so the skill chart has a clear order.
  skills: SKILLS.filter((_, skill) => index % (skill + 1) === 0),
  score,
  salaryMin: 90_000 + index * 1000,
  salaryMax: 130_000,
  applyLink: `https://jobs.example.com/${index}`,
  rating: 4.2,
}));

async function profileRow(profileId: number) {
  const { rows } = await sql.query('select * from marts.profile_preferences where profile_id = $1', [profileId]);
  return rows[0];
}

async function profileCount(): Promise<number> {
  const { rows } = await sql.query('select count(*)::int as n from marts.profile_preferences');
  return rows[0].n;
}

async function open(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage();
  const response = await page.goto(`${app.origin}${path}`);
  expect(response?.status(), `GET ${path}`).toBe(200);
  return page;
}

const texts = (page: Page, selector: string) => page.locator(selector).allTextContents();

beforeAll(async () => {
  database = await createTestDatabase('ui', { warehouse: true });
  sql = new pg.Client({ connectionString: database.url });
  await sql.connect();
  ids.alpha = await insertProfile(sql, {
    profile_name: 'Alpha data engineer',
    query: 'data engineer',
    location: 'Toronto',
    country: 'ca',
    email: 'alpha@example.com',
    preferred_skills: ['sql', 'python'],
    last_run_at: hourAgo,
    last_run_status: 'success',
    last_run_job_count: 31,
    total_run_count: 40,
    // Mails scores of 30 and up: the ten best of SCORES (25 and 18 stay out, as in the digest).
    min_mail_score: 30,
  });
  ids.beta = await insertProfile(sql, {
    profile_name: 'Beta analyst',
    query: 'analyst',
    email: 'beta@example.com',
    last_run_at: hourAgo,
    last_run_status: 'failed',
    last_run_job_count: 0,
    total_run_count: 3,
  });
  ids.gamma = await insertProfile(sql, {
    profile_name: 'Gamma paused',
    query: 'designer',
    email: 'gamma@example.com',
    is_active: false,
  });
  for (let index = 1; index <= 52; index += 1) {
    await insertProfile(sql, {
      profile_name: `Filler ${String(index).padStart(2, '0')}`,
      query: 'filler',
      email: `filler${index}@example.com`,
    });
  }
  await insertRuns(sql, ids.alpha, dailyRuns(40, hourAgo, 'alpha'));
  await insertRankedJobs(sql, ids.alpha, alphaJobs);
  app = await startApp(database.url);
  browser = await launchChromium();
  withJs = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  withoutJs = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
  await addSessionCookie(withJs, app.origin, app.session);
  await addSessionCookie(withoutJs, app.origin, app.session);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await sql?.end();
  await database?.drop();
});

describe('profile list', () => {
  it('shows every profile with its run statistics and health', async () => {
    const page = await open(withoutJs, '/profiles');
    expect(await page.locator('[data-testid=profiles-table] tbody tr').count()).toBe(50);
    const alpha = page.locator(`tr[data-profile-id="${ids.alpha}"]`);
    expect(await alpha.locator('[data-health]').getAttribute('data-health')).toBe('healthy');
    const alphaText = await alpha.textContent();
    expect(alphaText).toContain('Alpha data engineer');
    expect(alphaText).toContain(`#${ids.alpha}`);
    expect(alphaText).toContain('“data engineer” · Toronto, CA');
    expect(alphaText).toContain('1 h ago');
    expect(alphaText).toContain('success');
    expect(alphaText).toMatch(/40\s*\S*\s*1 h ago/);
    expect(await alpha.locator('td.numeric').allTextContents()).toEqual(['40', '31']);
    const beta = page.locator(`tr[data-profile-id="${ids.beta}"]`);
    expect(await beta.locator('[data-health]').getAttribute('data-health')).toBe('failing');
    expect(await page.locator('tr[data-profile-id] [data-health="never-run"]').count()).toBe(48);
    expect(await texts(page, '.tab')).toEqual(['All 55', 'Active 54', 'Inactive 1']);
  });

  it('filters by active state', async () => {
    const page = await open(withoutJs, '/profiles');
    await page.click('a[data-filter=inactive]');
    expect(page.url()).toBe(`${app.origin}/profiles?active=inactive`);
    const rows = page.locator('[data-testid=profiles-table] tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-profile-id')).toBe(String(ids.gamma));
    expect(await rows.first().locator('[data-health]').getAttribute('data-health')).toBe('paused');
  });

  it('sorts by a column and flips the direction', async () => {
    const page = await open(withoutJs, '/profiles');
    await page.click('th >> text=Profile');
    expect(page.url()).toContain('dir=desc');
    const first = page.locator('[data-testid=profiles-table] tbody tr').first();
    expect(await first.getAttribute('data-profile-id')).toBe(String(ids.gamma));
    await page.click('th >> text=Runs');
    expect(await page.locator('[data-testid=profiles-table] tbody tr').first().getAttribute('data-profile-id')).toBe(
      String(ids.alpha),
    );
  });

  it('pages through 55 profiles 50 at a time', async () => {
    const page = await open(withoutJs, '/profiles');
    expect(await page.locator('.pagination').textContent()).toContain('1–50 of 55');
    await page.click('a[rel=next]');
    expect(page.url()).toBe(`${app.origin}/profiles?page=2`);
    expect(await page.locator('[data-testid=profiles-table] tbody tr').count()).toBe(5);
    expect(await page.locator('.pagination').textContent()).toContain('Page 2 of 2');
  });

  it('keeps the sort order and the filter while paging', async () => {
    const byRuns = await open(withoutJs, '/profiles?sort=runs');
    const firstPage = await byRuns
      .locator('[data-testid=profiles-table] tbody tr')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-profile-id')));
    expect(firstPage[0]).toBe(String(ids.alpha));
    await byRuns.click('a[rel=next]');
    expect(byRuns.url()).toBe(`${app.origin}/profiles?sort=runs&page=2`);
    const secondPage = await byRuns
      .locator('[data-testid=profiles-table] tbody tr')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-profile-id')));
    expect(secondPage).toHaveLength(5);
    expect(new Set([...firstPage, ...secondPage]).size).toBe(55);
    await byRuns.click('a[rel=prev]');
    expect(byRuns.url()).toBe(`${app.origin}/profiles?sort=runs`);

    const active = await open(withoutJs, '/profiles?active=active&sort=name&dir=desc');
    expect(await active.locator('.pagination').textContent()).toContain('1–50 of 54');
    await active.click('a[rel=next]');
    expect(active.url()).toBe(`${app.origin}/profiles?active=active&dir=desc&page=2`);
    const names = await texts(active, '[data-testid=profiles-table] tbody tr .strong-link');
    expect(names).toEqual(['Filler 02', 'Filler 01', 'Beta analyst', 'Alpha data engineer']);
    expect(await active.locator('[data-health="paused"]').count()).toBe(0);

    const search = await open(withoutJs, '/profiles?q=filler&page=2');
    expect(await search.locator('[data-testid=profiles-table] tbody tr').count()).toBe(2);
    expect(await search.locator('.pagination').textContent()).toContain('51–52 of 52');
    // The search form keeps the tab and the sort order.
    const sorted = await open(withoutJs, '/profiles?active=active&sort=runs&dir=asc');
    await sorted.fill('#list-search', 'filler');
    await sorted.click('form[role=search] button');
    expect(sorted.url()).toBe(`${app.origin}/profiles?active=active&sort=runs&dir=asc&q=filler`);
  });

  it('searches names and queries, treating input as text', async () => {
    const page = await open(withoutJs, '/profiles?q=analyst');
    expect(await page.locator('[data-testid=profiles-table] tbody tr').count()).toBe(1);
    const hostile = await open(withoutJs, `/profiles?q=${encodeURIComponent("%' or '1'='1")}`);
    expect(await hostile.locator('h2').textContent()).toBe('No matching profiles');
    const underscore = await open(withoutJs, '/profiles?q=_');
    expect(await underscore.locator('[data-testid=profiles-table]').count()).toBe(0);
  });
});

describe('create', () => {
  it('creates a profile from every field and shows it', async () => {
    const before = await profileCount();
    const page = await open(withJs, '/profiles/new');
    await page.fill('#profile_name', '  Platform engineer, Montréal ');
    await page.fill('#query', 'platform engineer');
    await page.fill('#location', 'Montréal');
    await page.selectOption('#country', 'ca');
    await page.selectOption('#language', 'fr');
    await page.selectOption('#date_window', '3days');
    await page.check('input[name=employment_types][value=FULLTIME]');
    await page.check('input[name=employment_types][value=CONTRACTOR]');
    await page.check('input[name=remote_preference][value=hybrid]');
    await page.fill('#min_salary', '90k');
    await page.fill('#max_salary', '120,000');
    await page.fill('#preferred_skills', 'Kubernetes');
    await page.press('#preferred_skills', 'Enter');
    await page.fill('#preferred_skills', 'Go, Terraform');
    await page.press('#preferred_skills', 'Enter');
    expect(await texts(page, '.chip span:first-of-type')).toEqual(['Kubernetes', 'Go', 'Terraform']);
    await page.check('input[name=preferred_seniority][value=senior]');
    await page.check('input[name=preferred_seniority][value=staff]');
    await page.fill('#email', 'platform@example.com');
    await page.uncheck('input[name=notify_when_empty]');
    await page.click('[data-testid=save-profile]');
    await page.waitForURL(/\/profiles\/\d+\?saved=created$/);
    const profileId = Number(/\/profiles\/(\d+)/.exec(page.url())?.[1]);
    expect(await page.locator('[data-testid=saved-notice]').textContent()).toContain('Profile created.');
    expect(await page.locator('[data-testid=profile-name]').textContent()).toBe('Platform engineer, Montréal');
    expect(await profileCount()).toBe(before + 1);
    const row = await profileRow(profileId);
    expect(row).toMatchObject({
      profile_name: 'Platform engineer, Montréal',
      is_active: true,
      query: 'platform engineer',
      location: 'Montréal',
      country: 'ca',
      language: 'fr',
      date_window: '3days',
      employment_types: ['FULLTIME', 'CONTRACTOR'],
      remote_preference: 'hybrid',
      min_salary: '90000',
      max_salary: '120000',
      email: 'platform@example.com',
      preferred_skills: ['Kubernetes', 'Go', 'Terraform'],
      preferred_seniority: ['senior', 'staff'],
      notify_when_empty: false,
      total_run_count: 0,
      last_run_at: null,
    });
    expect(row.created_at).toBeInstanceOf(Date);
    expect(row.updated_at.getTime()).toBe(row.created_at.getTime());
  });

  it('answers 400 without JavaScript, with each error next to its field and the typed values kept', async () => {
    const before = await profileCount();
    const page = await open(withoutJs, '/profiles/new');
    await page.fill('#query', 'keeps this query');
    await page.fill('#email', 'not-an-email');
    await page.fill('#min_salary', '150000');
    await page.fill('#max_salary', '100000');
    await page.fill('#preferred_skills', 'sql, python');
    await page.check('input[name=employment_types][value=INTERN]');
    const [response] = await Promise.all([
      page.waitForResponse((candidate) => candidate.request().method() === 'POST'),
      page.click('[data-testid=save-profile]'),
    ]);
    expect(response.status()).toBe(400);
    await page.waitForLoadState('domcontentloaded');
    const errorNextTo = (field: string) => page.locator(`.field:has(#${field}) .field-error`).textContent();
    expect(await errorNextTo('profile_name')).toBe('Name is required');
    expect(await errorNextTo('email')).toBe('Enter a valid email address, e.g. name@example.com');
    expect(await errorNextTo('max_salary')).toBe('Maximum salary must be at least the minimum salary');
    expect(await page.locator('.field:has(#query) .field-error').count()).toBe(0);
    expect(await page.getAttribute('#email', 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('#email', 'aria-describedby')).toBe('error-email');
    expect(await page.locator('[data-testid=form-errors]').textContent()).toContain('3 fields');
    expect(await page.inputValue('#query')).toBe('keeps this query');
    expect(await page.inputValue('#email')).toBe('not-an-email');
    expect(await page.inputValue('#min_salary')).toBe('150000');
    expect(await page.isChecked('input[name=employment_types][value=INTERN]')).toBe(true);
    const skills = page.locator('input[type=checkbox][name=preferred_skills]');
    expect(await skills.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value))).toEqual([
      'sql',
      'python',
    ]);
    expect(await profileCount()).toBe(before);
  });

  it('shows the same errors in place with JavaScript (progressive enhancement)', async () => {
    const page = await open(withJs, '/profiles/new');
    await page.fill('#profile_name', 'Only a name');
    await page.selectOption('#date_window', 'month');
    await page.click('[data-testid=save-profile]');
    await page.locator('[data-testid=form-errors]').waitFor();
    expect(page.url()).toBe(`${app.origin}/profiles/new`);
    expect(await page.locator('.field:has(#query) .field-error').textContent()).toBe('Search query is required');
    expect(await page.locator('.field:has(#email) .field-error').textContent()).toBe('Email is required');
    expect(await page.inputValue('#profile_name')).toBe('Only a name');
    expect(await page.inputValue('#date_window')).toBe('month');
  });
});

describe('edit and activate/deactivate', () => {
  it('edits a profile and updates updated_at', async () => {
    const before = await profileRow(ids.alpha);
    const page = await open(withJs, `/profiles/${ids.alpha}/edit`);
    expect(await page.inputValue('#query')).toBe('data engineer');
    expect(await page.inputValue('#country')).toBe('ca');
    await page.fill('#query', 'analytics engineer');
    await page.click('.chip:has-text("python")');
    expect(await texts(page, '.chip span:first-of-type')).toEqual(['sql']);
    await page.check('input[name=remote_preference][value=remote]');
    await page.click('[data-testid=save-profile]');
    await page.waitForURL(`${app.origin}/profiles/${ids.alpha}?saved=updated`);
    const after = await profileRow(ids.alpha);
    expect(after).toMatchObject({
      query: 'analytics engineer',
      preferred_skills: ['sql'],
      remote_preference: 'remote',
    });
    expect(after.updated_at.getTime()).toBeGreaterThan(before.updated_at.getTime());
    expect(after.created_at.getTime()).toBe(before.created_at.getTime());
    expect(after.total_run_count).toBe(40);

    // Its jobs were scored under the old settings: no reasons from them, a "refreshing" note.
    const detail = await open(withJs, `/profiles/${ids.alpha}`);
    expect(await detail.textContent('[data-testid=refreshing]')).toContain('Scores are being refreshed');
    expect(await detail.locator('[data-testid=top-jobs]').count()).toBe(0);
    // What dbt's rescore leaves behind: the profile's rows scored under its saved settings.
    await sql.query(
      `update marts.dim_ranking set profile_updated_at = profile_preferences.updated_at
       from marts.profile_preferences
       where dim_ranking.profile_id = $1 and profile_preferences.profile_id = $1`,
      [ids.alpha],
    );
    await bumpDataVersion(sql);
    const rescored = await open(withJs, `/profiles/${ids.alpha}`);
    expect(await rescored.locator('[data-testid=refreshing]').count()).toBe(0);
    expect(await rescored.locator('[data-testid=top-jobs] li.job').count()).toBe(10);
  });

  it('rejects an invalid edit with 400 and leaves the stored profile alone', async () => {
    const before = await profileRow(ids.beta);
    const page = await open(withoutJs, `/profiles/${ids.beta}/edit`);
    await page.fill('#email', '');
    await page.fill('#query', 'changed but not saved');
    const [response] = await Promise.all([
      page.waitForResponse((candidate) => candidate.request().method() === 'POST'),
      page.click('[data-testid=save-profile]'),
    ]);
    expect(response.status()).toBe(400);
    await page.waitForLoadState('domcontentloaded');
    expect(await page.locator('.field:has(#email) .field-error').textContent()).toBe('Email is required');
    expect(await page.inputValue('#query')).toBe('changed but not saved');
    expect(await profileRow(ids.beta)).toEqual(before);
  });

  it('deactivates and activates in one click from the detail page', async () => {
    const page = await open(withoutJs, `/profiles/${ids.beta}`);
    expect(await page.locator('[data-testid=active-state]').textContent()).toBe('Active');
    await page.click('[data-testid=toggle-active]');
    await page.waitForURL(`${app.origin}/profiles/${ids.beta}`);
    expect(await page.locator('[data-testid=active-state]').textContent()).toBe('Inactive');
    expect((await profileRow(ids.beta)).is_active).toBe(false);
    await page.click('[data-testid=toggle-active]');
    await page.waitForURL(`${app.origin}/profiles/${ids.beta}`);
    expect(await page.locator('[data-testid=active-state]').textContent()).toBe('Active');
    expect((await profileRow(ids.beta)).is_active).toBe(true);
  });

  it('saves what was typed when deactivating from the edit page, and keeps it when invalid', async () => {
    const edit = await open(withJs, `/profiles/${ids.gamma}/edit`);
    await edit.fill('#query', 'product designer');
    await edit.click('[data-testid=toggle-active]');
    await edit.locator('[data-testid=toggle-active]:has-text("Save and deactivate")').waitFor();
    let row = await profileRow(ids.gamma);
    expect([row.is_active, row.query]).toEqual([true, 'product designer']);

    await edit.fill('#query', 'ux designer');
    await edit.fill('#email', '');
    await edit.click('[data-testid=toggle-active]');
    await edit.locator('[data-testid=form-errors]').waitFor();
    expect(await edit.inputValue('#query')).toBe('ux designer');
    row = await profileRow(ids.gamma);
    expect([row.is_active, row.query]).toEqual([true, 'product designer']);

    await edit.fill('#email', 'gamma@example.com');
    await edit.click('[data-testid=toggle-active]');
    await edit.locator('[data-testid=toggle-active]:has-text("Save and activate")').waitFor();
    row = await profileRow(ids.gamma);
    expect([row.is_active, row.query]).toEqual([false, 'ux designer']);
  });

  it('toggles from the edit page and from the list, keeping the list filter', async () => {
    const edit = await open(withJs, `/profiles/${ids.beta}/edit`);
    await edit.click('[data-testid=toggle-active]');
    await edit.waitForURL(`${app.origin}/profiles/${ids.beta}/edit`);
    await edit.locator('[data-testid=active-state]:has-text("Inactive")').waitFor();
    expect((await profileRow(ids.beta)).is_active).toBe(false);

    const list = await open(withoutJs, '/profiles?active=inactive');
    await list.click(`tr[data-profile-id="${ids.gamma}"] [data-testid=toggle-active]`);
    await list.waitForURL(`${app.origin}/profiles?active=inactive`);
    expect(await list.locator(`tr[data-profile-id="${ids.gamma}"]`).count()).toBe(0);
    expect((await profileRow(ids.gamma)).is_active).toBe(true);
  });
});

describe('detail page', () => {
  it('shows settings, aggregates, data quality, charts, top jobs and run history', async () => {
    const consoleErrors: string[] = [];
    const page = await withJs.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    const response = await page.goto(`${app.origin}/profiles/${ids.alpha}`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");

    // dailyRuns(40): the newest ten include one failure (run 31); scores average 56.5.
    expect(await page.textContent('[data-stat=total-runs]')).toBe('40');
    expect(await page.textContent('[data-stat=success-rate]')).toBe('90 %');
    expect(await page.textContent('[data-stat=avg-score]')).toBe('56.5');
    const dq = await page.textContent('[data-testid=data-quality]');
    // The run had 120 tests; its run-wide and the profile's own dbt_tests rows both say so: 120, not 240.
    expect(await page.textContent('[data-testid=data-quality] .dq-pass')).toBe('120✓');
    expect(dq).toContain('All checks passed');

    const runsChart = page.locator('[data-testid=chart-runs]');
    // One path per series, whole-unit coordinates; the dots are one path per status.
    expect(await runsChart.locator('path.line').getAttribute('d')).toMatch(/^M\d+,\d+( \d+,\d+){39}$/);
    expect(await runsChart.locator('path.dots-failed').getAttribute('data-runs')).toBe('4');
    expect(await runsChart.locator('path.dots-failed').getAttribute('d')).toMatch(/^(M\d+,\d+h0){4}$/);
    expect(await runsChart.locator('path.dots-failed title').textContent()).toMatch(
      /^Failed runs: \d{4}-\d\d-\d\d \(0 jobs\)/,
    );
    expect(await runsChart.locator('path.dots-partial').getAttribute('data-runs')).toBe('3');
    expect(await runsChart.locator('path.dots-success').getAttribute('data-runs')).toBe('33');
    expect(await runsChart.locator('path.trend').count()).toBe(1);
    expect(await runsChart.locator('circle').count()).toBe(0);
    const scoreBars = page.locator('[data-testid=chart-scores] rect.bar');
    expect(await scoreBars.count()).toBe(10);
    expect(await scoreBars.last().locator('title').textContent()).toBe('Score 90–100: 1 jobs');
    expect(await texts(page, '[data-testid=chart-skills] text.bar-label')).toEqual([
      'sql',
      'python',
      'dbt',
      'airflow',
      'aws',
    ]);

    const jobs = page.locator('[data-testid=top-jobs] li.job');
    expect(await jobs.count()).toBe(10);
    // The page's top jobs are the next digest's jobs, in the same order (both read profile_top_jobs).
    const pool = new pg.Pool({ connectionString: database.url, max: 1 });
    try {
      const digest = await fetchCandidates(pool, ids.alpha, { limit: 10 });
      expect(await texts(page, '[data-testid=top-jobs] .job-title')).toEqual(digest.map((job) => job.jobTitle));
      expect(digest.map((job) => job.jobTitle)).toEqual(
        SCORES.slice(0, 10).map((_, index) => `Data Engineer ${index}`),
      );
    } finally {
      await pool.end();
    }
    expect(await jobs.first().locator('.score-value').textContent()).toBe('95');
    expect(await jobs.first().locator('.job-title a').getAttribute('href')).toBe('https://jobs.example.com/0');
    expect(await jobs.first().textContent()).toContain('Query words in the title');
    expect(await jobs.first().textContent()).toContain('Employer 0 ★ 4.2 · Toronto, ON, CA · 90k–130k CAD · posted');

    const history = page.locator('[data-testid=run-history] tbody tr');
    expect(await history.count()).toBe(30);
    expect(await history.first().textContent()).toContain(hourAgo.toISOString().slice(0, 10));
    expect(await page.textContent('[data-testid=history-more]')).toContain('Showing the latest 30 of 40 runs.');
    expect(await page.textContent('[data-testid=settings]')).toContain('alpha@example.com');

    // The screenshot must show the page as designed: header bar, chart line, failure dots, score bars.
    const screenshot = await page.screenshot({ fullPage: true });
    const outDir = join(repoRoot, 'out', 'ui');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'profile-detail.png'), screenshot);
    const image = decodePng(screenshot);
    expect(image.width).toBe(1280);
    expect(countColour(image, '#1e3a5f')).toBeGreaterThan(1280 * 30);
    expect(countColour(image, '#93c5fd', 20)).toBeGreaterThan(300);
    expect(countColour(image, '#ef4444', 20)).toBeGreaterThan(20);
    expect(countColour(image, '#22c55e', 20)).toBeGreaterThan(200);
    expect(consoleErrors).toEqual([]);
  });

  it('shows the whole run history on request (?runs=all), without JavaScript', async () => {
    const page = await open(withoutJs, `/profiles/${ids.alpha}`);
    await page.click('[data-testid=history-more] a');
    expect(page.url()).toBe(`${app.origin}/profiles/${ids.alpha}?runs=all`);
    const history = page.locator('[data-testid=run-history] tbody tr');
    expect(await history.count()).toBe(40);
    // Newest first down to the oldest run; failures keep their error message.
    expect(await history.first().textContent()).toContain(hourAgo.toISOString().slice(0, 10));
    expect(await history.last().textContent()).toContain(
      new Date(hourAgo.getTime() - 39 * 86_400_000).toISOString().slice(0, 10),
    );
    expect(await page.locator('[data-testid=run-history] .error-note').count()).toBe(4);
    expect(await page.textContent('[data-testid=history-more]')).toContain('Showing all 40 runs.');
    expect(await page.textContent('[data-stat=total-runs]')).toBe('40');
    await page.click('[data-testid=history-more] a');
    expect(page.url()).toBe(`${app.origin}/profiles/${ids.alpha}`);
    expect(await page.locator('[data-testid=run-history] tbody tr').count()).toBe(30);
  });

  it('renders in the browser too when reached from a page that uses JavaScript', async () => {
    // The edit page runs SvelteKit's client router: its links load the list and detail data as
    // JSON and render them in the browser, so that data must still arrive in full.
    const page = await open(withJs, `/profiles/${ids.alpha}/edit`);
    const dataRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('__data.json')) dataRequests.push(new URL(request.url()).pathname);
    });
    await page.click('.breadcrumbs a[href="/profiles"]');
    await page.waitForURL(`${app.origin}/profiles`);
    await page.locator('[data-testid=profiles-table]').waitFor();
    expect(await page.locator('[data-testid=profiles-table] tbody tr').count()).toBe(50);
    expect(await page.locator(`tr[data-profile-id="${ids.alpha}"] [data-health]`).getAttribute('data-health')).toBe(
      'healthy',
    );
    expect(dataRequests).toEqual(['/profiles/__data.json']);
  });

  it('works for a profile with no runs and no ranking yet', async () => {
    const page = await open(withoutJs, `/profiles/${ids.gamma}`);
    expect(await page.textContent('[data-stat=total-runs]')).toBe('0');
    expect(await page.textContent('body')).toContain('No runs yet.');
    expect(await page.textContent('body')).toContain('No new jobs above this profile’s minimum score.');
    expect(await page.locator('svg.chart').count()).toBe(0);
  });

  it('still shows runs and settings while the ranking marts are not built', async () => {
    // The page's statement is prepared once per connection; PostgreSQL re-plans it when a mart
    // disappears or comes back, and the app falls back to the statement without ranking.
    // Hiding a mart by hand is no write the data version sees; bump it as a dbt build would.
    await sql.query('alter table marts.dim_ranking rename to dim_ranking_hidden');
    await bumpDataVersion(sql);
    try {
      const page = await open(withoutJs, `/profiles/${ids.alpha}`);
      expect(await page.locator('[data-testid=top-jobs]').count()).toBe(0);
      expect(await page.textContent('body')).toContain('Ranking has not been built yet.');
      expect(await page.textContent('[data-stat=total-runs]')).toBe('40');
      expect(await page.locator('[data-testid=run-history] tbody tr').count()).toBe(30);
      expect(await page.locator('[data-testid=chart-scores]').count()).toBe(0);
    } finally {
      await sql.query('alter table marts.dim_ranking_hidden rename to dim_ranking');
      await bumpDataVersion(sql);
    }
    const restored = await open(withoutJs, `/profiles/${ids.alpha}`);
    expect(await restored.locator('[data-testid=top-jobs] li.job').count()).toBe(10);
  });

  it('answers 404 for unknown or malformed ids', async () => {
    for (const path of ['/profiles/999999', '/profiles/1;drop', '/profiles/1%20or%201=1', '/profiles/abc/edit']) {
      const response = await app.fetch(`${app.origin}${path}`);
      expect(response.status, path).toBe(404);
    }
  });
});

describe('safety', () => {
  const hostile = {
    name: '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">',
    query: "'; drop table marts.profile_preferences; --",
    location: "Robert'); delete from marts.profile_preferences where ('1'='1",
    skill: '<b onmouseover="window.__pwned = 3">bold</b>',
  };

  it('stores script tags and SQL fragments literally and renders them escaped', async () => {
    const page = await open(withJs, '/profiles/new');
    await page.fill('#profile_name', hostile.name);
    await page.fill('#query', hostile.query);
    await page.fill('#location', hostile.location);
    await page.fill('#preferred_skills', hostile.skill);
    await page.fill('#email', 'hostile@example.com');
    await page.click('[data-testid=save-profile]');
    await page.waitForURL(/\/profiles\/\d+\?saved=created$/);
    const profileId = Number(/\/profiles\/(\d+)/.exec(page.url())?.[1]);
    const row = await profileRow(profileId);
    expect(row).toMatchObject({
      profile_name: hostile.name,
      query: hostile.query,
      location: hostile.location,
      preferred_skills: [hostile.skill],
    });
    expect(await profileCount()).toBeGreaterThan(50);

    await insertRankedJobs(sql, profileId, [
      {
        key: 'hostile-job',
        title: '<script>window.__pwned = 4</script>',
        employer: '<img src=x onerror="window.__pwned = 5">',
        skills: ['<svg onload="window.__pwned = 6">'],
        score: 77,
        applyLink: 'javascript:window.__pwned = 7',
        reasons: { keyword: '<iframe src="javascript:window.__pwned = 8"></iframe>' },
        factors: { keyword: 77 },
      },
    ]);

    for (const path of [
      `/profiles/${profileId}`,
      `/profiles/${profileId}/edit`,
      `/profiles?q=${encodeURIComponent('<script>')}`,
    ]) {
      const view = await open(withJs, path);
      expect(await view.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), path).toBeUndefined();
      expect(await view.locator('img[src=x], iframe, b[onmouseover], svg[onload]').count(), path).toBe(0);
      expect(await view.locator('a[href^="javascript"]').count(), path).toBe(0);
      expect(await view.textContent('body'), path).toContain(hostile.name);
    }
    const detail = await open(withJs, `/profiles/${profileId}`);
    expect(await detail.textContent('[data-testid=profile-name]')).toBe(hostile.name);
    expect(await detail.textContent('[data-testid=top-jobs]')).toContain('<script>window.__pwned = 4</script>');
    expect(await detail.locator('[data-testid=top-jobs] .job-title a').count()).toBe(0);
    const edit = await open(withJs, `/profiles/${profileId}/edit`);
    expect(await edit.inputValue('#profile_name')).toBe(hostile.name);
    expect(await edit.inputValue('#query')).toBe(hostile.query);

    const html = await (await app.fetch(`${app.origin}/profiles/${profileId}`)).text();
    expect(html).toContain('&lt;script>window.__pwned = 1&lt;/script>');
    expect(html).not.toContain('<script>window.__pwned');
  });

  it('refuses cross-site form posts (CSRF origin check) and accepts same-origin ones', async () => {
    const before = await profileCount();
    const body = new URLSearchParams({
      profile_name: 'Cross-site',
      query: 'x',
      country: 'us',
      date_window: 'week',
      email: 'x@example.com',
    });
    const post = (origin: string) =>
      app.fetch(`${app.origin}/profiles/new?/save`, {
        method: 'POST',
        redirect: 'manual',
        headers: { origin, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        body,
      });
    expect((await post('http://evil.example')).status).toBe(403);
    expect(await profileCount()).toBe(before);
    const sameOrigin = await post(app.origin);
    expect(sameOrigin.status).toBe(303);
    expect(sameOrigin.headers.get('location')).toMatch(/^\/profiles\/\d+\?saved=created$/);
    expect(await profileCount()).toBe(before + 1);
  });
});
