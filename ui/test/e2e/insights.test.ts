// The insights page (/insights) in headless Chromium over a seeded warehouse clone: the five
// analytics views as charts whose values (the visually hidden tables) follow the seeded marts,
// the filters changing what is shown, clear messages for bad filters, no sideways panning at a
// desktop and a phone size, and no axe-core WCAG 2.2 A/AA violation.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, repoRoot, type TestDatabase } from '../../../tests/support/pg.ts';
import { bumpDataVersion, insertProfile, insertRankedJobs } from '../support/warehouse.ts';
import { addSessionCookie, launchChromium, type RunningApp, startApp } from './app.ts';

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const screenshotDir = join(repoRoot, 'out', 'test', 'ui');

let database: TestDatabase;
let app: RunningApp;
let browser: Browser;
let dataProfile = 0;
let otherProfile = 0;

const day = (text: string) => new Date(`${text}T12:00:00Z`);

beforeAll(async () => {
  database = await createTestDatabase('ui_insights', { warehouse: true });
  const sql = new pg.Client({ connectionString: database.url });
  await sql.connect();
  try {
    dataProfile = await insertProfile(sql, {
      profile_name: 'Data roles',
      query: 'data engineer',
      email: 'a@example.com',
    });
    otherProfile = await insertProfile(sql, { profile_name: 'Analysts', query: 'analyst', email: 'b@example.com' });
    // Canadian jobs (the seed helper's country) over three days, one of them a week later.
    await insertRankedJobs(sql, dataProfile, [
      {
        key: 'ca-1',
        title: 'Data Engineer',
        employer: 'Maple',
        skills: ['sql', 'python'],
        score: 95,
        salaryMin: 100_000,
        salaryMax: 120_000,
        rating: 4.1,
        postedAt: day('2026-03-02'),
      },
      {
        key: 'ca-2',
        title: 'Data Engineer',
        employer: 'Maple',
        skills: ['sql', 'dbt'],
        score: 84,
        salaryMin: 120_000,
        salaryMax: 140_000,
        rating: 4.1,
        postedAt: day('2026-03-02'),
      },
      {
        key: 'ca-3',
        title: 'Analytics Engineer',
        employer: 'Birch',
        skills: ['sql'],
        score: 61,
        salaryMin: null,
        salaryMax: null,
        rating: 3.2,
        postedAt: day('2026-03-04'),
      },
      {
        key: 'us-1',
        title: 'Data Engineer',
        employer: 'Lone Star',
        skills: ['python', 'airflow'],
        score: 44,
        salaryMin: 150_000,
        salaryMax: 170_000,
        rating: null,
        postedAt: day('2026-03-11'),
      },
    ]);
    await insertRankedJobs(sql, otherProfile, [
      {
        key: 'ca-4',
        title: 'Analyst',
        employer: 'Birch',
        skills: ['excel'],
        score: 12,
        salaryMin: null,
        salaryMax: null,
        rating: 3.2,
        postedAt: day('2026-03-04'),
      },
    ]);
    // The seed helper plants Canadian jobs; one becomes American.
    await sql.query(
      `update marts.fact_jobs_stored set job_country = 'US', job_city = 'Austin', job_state = 'TX', salary_currency = 'USD'
       where job_posting_key = 'us-1'`,
    );
    await bumpDataVersion(sql);
  } finally {
    await sql.end();
  }
  app = await startApp(database.url);
  browser = await launchChromium();
  mkdirSync(screenshotDir, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await database?.drop();
});

async function open(path: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ viewport, bypassCSP: true });
  await addSessionCookie(context, app.origin, app.session);
  const page = await context.newPage();
  await page.goto(`${app.origin}${path}`);
  return page;
}

/** The rows of a chart's visually hidden table: "label=value". */
async function tableRows(page: Page, testid: string): Promise<string[]> {
  return page
    .locator(`[data-testid=${testid}] tbody tr`)
    .evaluateAll((rows) =>
      rows.map(
        (row) => `${row.querySelector('th')?.textContent?.trim()}=${row.querySelector('td')?.textContent?.trim()}`,
      ),
    );
}

describe('/insights', () => {
  it('shows the five analytics views from the warehouse', async () => {
    const page = await open('/insights');
    try {
      for (const chart of ['chart-volumes', 'chart-demand', 'chart-salaries', 'chart-ratings', 'chart-ranking']) {
        expect(await page.locator(`svg[data-testid=${chart}]`).count(), chart).toBe(1);
      }
      // Days without postings between the first and the last are zeros.
      const volumes = await tableRows(page, 'chart-volumes-data');
      expect(volumes).toHaveLength(10);
      expect(volumes).toEqual(expect.arrayContaining(['2026-03-02=2', '2026-03-03=0', '2026-03-04=2', '2026-03-11=1']));
      expect(await tableRows(page, 'chart-demand-data')).toEqual([
        'sql=3',
        'python=2',
        'airflow=1',
        'dbt=1',
        'excel=1',
      ]);
      // Average of the midpoints (110k, 130k); the unsalaried Birch job is not counted.
      expect(await tableRows(page, 'chart-salaries-data')).toEqual([
        'Austin, US (USD)=160,000',
        'Toronto, CA (CAD)=120,000',
      ]);
      expect(await tableRows(page, 'chart-ratings-data')).toEqual(['3.0–3.5=1', '4.0–4.5=1', 'unrated=1']);
      const scores = await tableRows(page, 'chart-ranking-data');
      expect(scores.filter((row) => !row.endsWith('=0'))).toEqual([
        '10–20=1',
        '40–50=1',
        '60–70=1',
        '80–90=1',
        '90–100=1',
      ]);
      expect(await page.locator('[data-testid=volumes-summary]').textContent()).toContain('5 jobs posted');
      expect(await page.locator('nav[aria-label=Main] a[aria-current=page]').textContent()).toBe('Insights');
    } finally {
      await page.context().close();
    }
  });

  it('filters by profile, country and date range', async () => {
    const page = await open(`/insights?profile=${otherProfile}`);
    try {
      const scores = await tableRows(page, 'chart-ranking-data');
      expect(scores.filter((row) => !row.endsWith('=0'))).toEqual(['10–20=1']);
      expect(await page.locator('[data-testid=insights-scores] h2').textContent()).toContain('Analysts');

      // Through the form, as a person would: pick the country, apply.
      await page.goto(`${app.origin}/insights`);
      await page.selectOption('#filter-country', 'US');
      await Promise.all([page.waitForURL(/country=US/), page.click('button[type=submit]')]);
      expect(await tableRows(page, 'chart-salaries-data')).toEqual(['Austin, US (USD)=160,000']);
      expect(await tableRows(page, 'chart-demand-data')).toEqual(['airflow=1', 'python=1']);
      expect(await tableRows(page, 'chart-volumes-data')).toEqual(['2026-03-11=1']);

      await page.goto(`${app.origin}/insights?country=ca&from=2026-03-03&to=2026-03-10`);
      expect(await tableRows(page, 'chart-volumes-data')).toEqual(['2026-03-04=2']);
      // Skills count whole weeks: the week of 2 March holds every Canadian job.
      expect(await tableRows(page, 'chart-demand-data')).toEqual(['sql=3', 'dbt=1', 'excel=1', 'python=1']);
      expect(await page.locator('#filter-country').inputValue()).toBe('CA');
      expect(await page.locator('#filter-from').inputValue()).toBe('2026-03-03');
    } finally {
      await page.context().close();
    }
  });

  it('answers bad filters with a clear message, not a server error', async () => {
    const cases: [string, RegExp][] = [
      ['profile=abc', /Profile must be a profile id/],
      ['profile=999999', /There is no profile with id 999999/],
      ['country=XX', /Country must be a two-letter ISO 3166 code/],
      ['from=2026-02-30', /"From" must be a date written YYYY-MM-DD, not "2026-02-30"/],
      ['from=2026-03-10&to=2026-03-01', /"From" \(2026-03-10\) must not be after "To" \(2026-03-01\)/],
    ];
    for (const [query, message] of cases) {
      const response = await app.fetch(`${app.origin}/insights?${query}`, { headers: { accept: 'text/html' } });
      expect(response.status, query).toBe(400);
      expect(await response.text(), query).toMatch(message);
    }
  });

  it('keys the page cache on the parsed filters only', async () => {
    const first = await app.fetch(`${app.origin}/insights?country=ca&junk=1`);
    const second = await app.fetch(`${app.origin}/insights?country=CA`);
    expect(first.headers.get('x-page-cache')).toMatch(/hit|miss/);
    expect(second.headers.get('x-page-cache')).toBe('hit');
    expect(await second.text()).toBe(await first.text());
  });

  for (const viewport of [
    { name: 'desktop', width: 1280, height: 800 },
    { name: 'phone', width: 390, height: 844 },
  ]) {
    it(`fits a ${viewport.name} (${viewport.width}×${viewport.height}) and has no axe violations`, async () => {
      const page = await open('/insights', viewport);
      try {
        const { scrollWidth, innerWidth } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: window.innerWidth,
        }));
        expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
        await page.screenshot({ path: join(screenshotDir, `insights-${viewport.name}.png`), fullPage: true });
        await page.addScriptTag({ content: axeSource });
        const results = await page.evaluate(async (tags) => {
          // biome-ignore lint/suspicious/noExplicitAny: axe is injected into the page at run time
          const axe = (window as any).axe;
          return axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
        }, AXE_TAGS);
        const violations = (
          results.violations as { id: string; nodes: { target: string[]; failureSummary: string }[] }[]
        ).flatMap((violation) =>
          violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')} (${node.failureSummary})`),
        );
        expect(violations).toEqual([]);
      } finally {
        await page.context().close();
      }
    });
  }
});
