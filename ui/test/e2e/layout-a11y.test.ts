// What a person sees, at a desktop (1280×800) and a phone (390×844) size, in headless Chromium:
// no page pans sideways (scrollWidth <= innerWidth) and axe-core finds no WCAG 2.2 A/AA violation,
// on the profile list, a profile page, the form with errors, a digest and the data-quality report.
// Plus the keyboard details axe cannot judge: the skip link, focus on the error summary after a
// failed submit, errors that clear once fixed. Screenshots land in out/test/ui/ for a person to look at.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport, summarizeRun } from '../../../dbt/report/lib.mjs';
import { buildDigestView } from '../../../notifier/src/present.ts';
import { renderDigest } from '../../../notifier/src/render.ts';
import { loadDigestTemplate } from '../../../notifier/src/templates.ts';
import { profile as digestProfile, job } from '../../../notifier/test/support/jobs.ts';
import { createTestDatabase, repoRoot, type TestDatabase } from '../../../tests/support/pg.ts';
import { axeViolations } from '../support/axe.ts';
import { bumpDataVersion, dailyRuns, insertProfile, insertRankedJobs, insertRuns } from '../support/warehouse.ts';
import { addSessionCookie, launchChromium, type RunningApp, startApp } from './app.ts';

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;
const screenshotDir = join(repoRoot, 'out', 'test', 'ui');

let database: TestDatabase;
let sql: pg.Client;
let app: RunningApp;
let browser: Browser;
let profileId = 0;
let digestHtml = '';
let reportHtml = '';

type Target = { name: string; open: (page: Page) => Promise<void> };

const TARGETS: Target[] = [
  { name: 'profiles', open: async (page) => void (await page.goto(`${app.origin}/profiles`)) },
  { name: 'profile', open: async (page) => void (await page.goto(`${app.origin}/profiles/${profileId}`)) },
  {
    name: 'form-with-errors',
    open: async (page) => {
      await page.goto(`${app.origin}/profiles/new`);
      await page.click('[data-testid=save-profile]');
      await page.locator('[data-testid=form-errors]').waitFor();
    },
  },
  { name: 'digest', open: (page) => page.setContent(digestHtml, { waitUntil: 'load' }) },
  { name: 'dq-report', open: (page) => page.setContent(reportHtml, { waitUntil: 'load' }) },
  // The Sources page with its empty board list (issue 21).
  { name: 'sources', open: async (page) => void (await page.goto(`${app.origin}/sources`)) },
];

async function openAt(viewport: (typeof VIEWPORTS)[number], target: Target): Promise<Page> {
  // bypassCSP: the app's CSP (script-src 'self') would refuse the injected axe-core script; the
  // pages themselves are rendered exactly as served.
  const context = await browser.newContext({
    viewport: { width: viewport.width, height: viewport.height },
    bypassCSP: true,
  });
  await addSessionCookie(context, app.origin, app.session);
  const page = await context.newPage();
  await target.open(page);
  return page;
}

beforeAll(async () => {
  database = await createTestDatabase('ui_a11y', { warehouse: true });
  sql = new pg.Client({ connectionString: database.url });
  await sql.connect();
  const hourAgo = new Date(Date.now() - 3_600_000);
  profileId = await insertProfile(sql, {
    profile_name: 'Senior data engineer, Toronto — a long profile name to wrap on a phone',
    query: 'senior data engineer',
    location: 'Toronto',
    country: 'ca',
    email: 'ada.lovelace.with.a.long.address@example.com',
    preferred_skills: ['sql', 'python', 'dbt'],
    last_run_at: hourAgo,
    last_run_status: 'success',
    last_run_job_count: 31,
    total_run_count: 40,
  });
  await insertProfile(sql, {
    profile_name: 'Paused analyst',
    query: 'analyst',
    email: 'b@example.com',
    is_active: false,
  });
  await insertRuns(sql, profileId, dailyRuns(40, hourAgo, 'a11y'));
  await insertRankedJobs(
    sql,
    profileId,
    [95, 81, 67, 53, 39, 25].map((score, index) => ({
      key: `a11y-job-${index}`,
      title: `Staff Analytics Engineer, Platform Data Infrastructure ${index}`,
      employer: `Employer ${index}`,
      skills: ['sql', 'python', 'dbt', 'airflow', 'kubernetes'].slice(0, index + 1),
      score,
      salaryMin: 120_000,
      salaryMax: 160_000,
      applyLink: `https://jobs.example.com/${index}`,
      rating: 4.1,
    })),
  );
  app = await startApp(database.url);
  browser = await launchChromium();
  mkdirSync(screenshotDir, { recursive: true });

  const template = await loadDigestTemplate();
  digestHtml = renderDigest(
    template,
    buildDigestView(
      digestProfile,
      [job(), job({ jobId: 'b', jobTitle: `Principal data platform engineer ${'x'.repeat(60)}`, isRemote: true })],
      {
        digestDate: '2026-11-28',
        uiPublicUrl: 'http://127.0.0.1:3000',
        // With its signed feedback and unsubscribe links, as the notifier sends it (issue 17).
        linkSigning: { secret: 'a11y-test-link-secret-of-32-characters', nowMs: Date.now() },
      },
    ),
  ).html;

  // A report over 120 tests with a failure and warnings, as dbt's artifacts describe them.
  const nodes: Record<string, unknown> = {};
  const results = Array.from({ length: 120 }, (_, index) => {
    const id = `test.jobs_platform.not_null_fact_jobs_a_rather_long_column_name_${index}.${index}`;
    nodes[id] = {
      name: `not_null_fact_jobs_a_rather_long_column_name_${index}`,
      test_metadata: { name: 'not_null' },
      column_name: `a_rather_long_column_name_${index}`,
      attached_node: 'model.jobs_platform.fact_jobs',
      config: { severity: index % 40 === 1 ? 'warn' : 'ERROR' },
    };
    const status = index === 0 ? 'fail' : index % 40 === 1 ? 'warn' : 'pass';
    return {
      unique_id: id,
      status,
      failures: status === 'pass' ? 0 : 3,
      message: status === 'pass' ? null : 'Got 3 results',
    };
  });
  const runs = [0, 1, 2].map((day) =>
    summarizeRun(
      {
        metadata: { invocation_id: `run-${day}`, generated_at: `2026-11-2${8 - day}T11:0${day}:00.123456Z` },
        args: { which: 'build' },
        elapsed_time: 42.5,
        results,
      },
      { nodes },
    ),
  );
  reportHtml = renderReport({
    runs,
    sources: null,
    rowCounts: [{ schema: 'marts', table: 'fact_jobs', rows: 1234 }],
    generatedAt: '2026-11-28T11:05:00.000Z',
    database: 'jobs_ci',
  });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await sql?.end();
  await database?.drop();
});

describe.each(VIEWPORTS)('at $width×$height', (viewport) => {
  it.each(TARGETS)('$name fits the width and has no axe violations', async (target) => {
    const page = await openAt(viewport, target);
    const { scrollWidth, innerWidth, widest } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      // What sticks out, to say why when it does.
      widest: [...document.body.querySelectorAll('*')]
        .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5)
        .slice(-5)
        .map((element) => `${element.tagName.toLowerCase()}.${[...element.classList].join('.')}`),
    }));
    await page.screenshot({ path: join(screenshotDir, `${target.name}-${viewport.name}.png`), fullPage: true });
    expect(
      scrollWidth,
      `${target.name} is ${scrollWidth} px wide in a ${innerWidth} px window: ${widest.join(', ')}`,
    ).toBeLessThanOrEqual(innerWidth);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });
});

describe('keyboard and screen reader details', () => {
  it('offers a skip link first, which moves focus to the main content', async () => {
    const page = await openAt(VIEWPORTS[0], TARGETS[0] as Target);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.context().close();
  });

  it('names each row button after its profile', async () => {
    const page = await openAt(VIEWPORTS[1], TARGETS[0] as Target);
    const row = page.locator(`tr[data-profile-id="${profileId}"]`);
    expect(await row.getByRole('link', { name: /^Edit Senior data engineer, Toronto/ }).count()).toBe(1);
    expect(await row.getByRole('button', { name: /^Deactivate Senior data engineer, Toronto/ }).count()).toBe(1);
    await page.context().close();
  });

  it('focuses the error summary after a failed submit and clears each error once its field is fixed', async () => {
    const page = await openAt(VIEWPORTS[0], TARGETS[2] as Target);
    // The summary takes focus once the page has hydrated, which a busy machine delays.
    await page
      .waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'form-errors', undefined, {
        timeout: 10_000,
      })
      .catch(() => undefined);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('form-errors');
    const summary = await page.textContent('[data-testid=form-errors]');
    const before = Number(/(\d+) fields/.exec(summary ?? '')?.[1]);
    expect(before).toBeGreaterThan(1);
    await page.fill('#profile_name', 'A fixed name');
    expect(await page.locator('[data-error-for=profile_name]').count()).toBe(0);
    expect(await page.getAttribute('#profile_name', 'aria-invalid')).toBeNull();
    expect(await page.textContent('[data-testid=form-errors]')).toContain(
      before - 1 === 1 ? 'the field' : `${before - 1} fields`,
    );
    // Typing something still invalid keeps the error.
    await page.fill('#email', 'not an address');
    expect(await page.locator('[data-error-for=email]').count()).toBe(1);
    await page.context().close();
  });

  it('exposes the chart values to screen readers', async () => {
    const page = await openAt(VIEWPORTS[0], TARGETS[1] as Target);
    const summaryId = await page.getAttribute('[data-testid=chart-runs]', 'aria-describedby');
    expect(await page.textContent(`#${summaryId}`)).toMatch(
      /^40 runs from \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d: between/,
    );
    const scores = await page.locator('[data-testid=chart-scores-data] tbody tr').allTextContents();
    expect(scores).toHaveLength(10);
    expect(scores[9]).toBe('90–1001');
    expect(await page.locator('[data-testid=chart-skills-data] tbody tr').first().textContent()).toBe('sql6');
    await page.context().close();
  });

  it('draws the compact charts on a phone with labels at least 9 px tall', async () => {
    const page = await openAt(VIEWPORTS[1], TARGETS[1] as Target);
    expect(await page.locator('[data-testid=chart-runs]').isVisible()).toBe(false);
    const heights = await page
      .locator('svg.chart-compact .axis-label')
      .evaluateAll((labels) => labels.map((label) => label.getBoundingClientRect().height));
    expect(heights.length).toBeGreaterThan(5);
    expect(Math.min(...heights)).toBeGreaterThanOrEqual(9);
    await page.context().close();
  });

  it('shows settings as labels, the company and age the digest shows', async () => {
    // Glassdoor knows Employer 0 as "Acme Bank": the digest says so, and so must the app.
    await sql.query("update marts.dim_companies set company_name = 'Acme Bank' where company_name = 'Employer 0'");
    await bumpDataVersion(sql);
    const page = await openAt(VIEWPORTS[0], TARGETS[1] as Target);
    const setting = (name: string) => page.textContent(`[data-testid=settings] dt:text-is("${name}") + dd`);
    expect(await setting('Posted within')).toBe('Last week');
    expect(await setting('Remote')).toBe('No preference');
    const first = await page.locator('[data-testid=top-jobs] .job').first().textContent();
    expect(first).toContain('Acme Bank ★ 4.1');
    // Posted "now" by the seed: whole days since posted_at, as fact_jobs.job_age_days counts them.
    expect(first).toContain('posted today');
    await page.context().close();
  });

  it('refuses a second profile with the same name for the same e-mail', async () => {
    const page = await openAt(VIEWPORTS[0], {
      name: 'new',
      open: async (p) => void (await p.goto(`${app.origin}/profiles/new`)),
    });
    await page.fill('#profile_name', '  paused ANALYST ');
    await page.fill('#query', 'analyst');
    await page.fill('#email', 'B@example.com');
    await page.click('[data-testid=save-profile]');
    await page.locator('[data-error-for=profile_name]').waitFor();
    expect(await page.textContent('[data-error-for=profile_name]')).toMatch(/is already called/);
    const { rows } = await sql.query(
      "select count(*)::int as n from marts.profile_preferences where email ilike 'b@example.com'",
    );
    expect(rows[0].n).toBe(1);
    await page.context().close();
  });
});
