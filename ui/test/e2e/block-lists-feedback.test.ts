// Issue 17 in the app, in headless Chromium against a real warehouse clone: the profile form's
// block lists (tag inputs, with and without JavaScript), the "Not interested" / "Applied" buttons
// on each top job, the hidden-jobs view (how many, which, why; "Show again"), the Applied list and
// expired postings greyed; at a desktop and a phone size, axe-clean. Which rows are hidden is
// decided by marts.profile_top_jobs (SQL); these tests check that the page shows what it decided.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, repoRoot, type TestDatabase } from '../../../tests/support/pg.ts';
import { axeViolations, pansSideways } from '../support/axe.ts';
import { bumpDataVersion, insertProfile, insertRankedJobs } from '../support/warehouse.ts';
import { addSessionCookie, launchChromium, type RunningApp, startApp } from './app.ts';

const screenshotDir = join(repoRoot, 'out', 'test', 'ui');
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

let database: TestDatabase;
let sql: pg.Client;
let app: RunningApp;
let browser: Browser;
let withJs: BrowserContext;
let withoutJs: BrowserContext;
const ids = { jobs: 0, form: 0 };

async function open(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage();
  const response = await page.goto(`${app.origin}${path}`);
  expect(response?.status(), `GET ${path}`).toBe(200);
  return page;
}

async function feedback() {
  const { rows } = await sql.query(
    'select job_id, kind, reason from marts.job_feedback where profile_id = $1 order by job_id, kind',
    [ids.jobs],
  );
  return rows;
}

const topJobIds = (page: Page) =>
  page
    .locator('[data-testid=top-jobs] li[data-job-id]')
    .evaluateAll((items) => items.map((item) => item.getAttribute('data-job-id')));

beforeAll(async () => {
  database = await createTestDatabase('ui_blocks', { warehouse: true });
  sql = new pg.Client({ connectionString: database.url });
  await sql.connect();
  ids.jobs = await insertProfile(sql, { profile_name: 'Data roles', query: 'data engineer', email: 'ada@example.com' });
  ids.form = await insertProfile(sql, { profile_name: 'Form profile', query: 'analyst', email: 'bob@example.com' });
  // Blocks set straight in the table (not through the form), so the jobs' scores stay current.
  await sql.query(
    `update marts.profile_preferences set excluded_keywords = '{php}', block_keywords_in = 'title' where profile_id = $1`,
    [ids.jobs],
  );
  await insertRankedJobs(sql, ids.jobs, [
    {
      key: 'job-a',
      title: 'Data Engineer A',
      employer: 'Acme',
      skills: ['sql'],
      score: 95,
      applyLink: 'https://jobs.example.com/a',
    },
    { key: 'job-b', title: 'Data Engineer B', employer: 'Beta', skills: ['sql'], score: 90 },
    { key: 'job-c', title: 'Data Engineer C', employer: 'Gamma', skills: ['sql'], score: 85 },
    { key: 'job-php', title: 'PHP Data Developer', employer: 'Delta', skills: ['sql'], score: 80 },
    { key: 'job-old', title: 'Data Engineer Expired', employer: 'Epsilon', skills: ['sql'], score: 75 },
  ]);
  await sql.query(
    `update marts.fact_jobs_stored set job_offer_expires_at = now() - interval '1 day' where job_id = 'job-old'`,
  );
  await bumpDataVersion(sql);
  app = await startApp(database.url);
  browser = await launchChromium();
  withJs = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  withoutJs = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
  for (const context of [withJs, withoutJs]) await addSessionCookie(context, app.origin, app.session);
  mkdirSync(screenshotDir, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await sql?.end();
  await database?.drop();
});

describe('block lists in the profile form', () => {
  it('adds blocked employers (commas kept, ";" separates) and keywords as tags, and where keywords match', async () => {
    const page = await open(withJs, `/profiles/${ids.form}/edit`);
    const employers = page.locator('#excluded_employers');
    await employers.fill('ACME, Inc.');
    await employers.press('Enter');
    await employers.pressSequentially('Globex;');
    const keywords = page.locator('#excluded_keywords');
    await keywords.pressSequentially('php,');
    await keywords.fill('senior manager');
    await keywords.press('Enter');
    expect(
      (await page.locator('[data-testid=tag-input-excluded_employers] .chip').allTextContents()).map((chip) =>
        chip.trim(),
      ),
    ).toEqual(['ACME, Inc.×', 'Globex×']);
    await page.check('input[name=block_keywords_in][value=title_and_description]');
    await Promise.all([
      page.waitForURL(`**/profiles/${ids.form}?saved=updated`),
      page.click('[data-testid=save-profile]'),
    ]);
    const { rows } = await sql.query(
      'select excluded_employers, excluded_keywords, block_keywords_in from marts.profile_preferences where profile_id = $1',
      [ids.form],
    );
    expect(rows[0]).toEqual({
      excluded_employers: ['ACME, Inc.', 'Globex'],
      excluded_keywords: ['php', 'senior manager'],
      block_keywords_in: 'title_and_description',
    });
    expect(await page.locator('[data-testid=settings-excluded-employers] .tag').allTextContents()).toEqual([
      'ACME, Inc.',
      'Globex',
    ]);
    expect(await page.locator('[data-testid=settings-excluded-keywords]').textContent()).toContain(
      'in the title and the description',
    );
    await page.close();
  });

  it('works without JavaScript: untick to remove, type to add; bad items answer 400 under the field', async () => {
    await sql.query(
      `update marts.profile_preferences set excluded_employers = '{"ACME, Inc.",Globex}' where profile_id = $1`,
      [ids.form],
    );
    const page = await open(withoutJs, `/profiles/${ids.form}/edit`);
    // Unticking a chip removes it; the text box adds "Initech; Umbrella Corp".
    await page.uncheck('[data-testid=tag-input-excluded_employers] input[type=checkbox][value=Globex]');
    await page.fill('#excluded_employers', 'Initech; Umbrella Corp');
    await page.fill('#excluded_keywords', 'x'.repeat(101));
    await page.click('[data-testid=save-profile]');
    await page.locator('#error-excluded_keywords').waitFor();
    expect(await page.locator('#error-excluded_keywords').textContent()).toContain('at most 100 characters');
    // Everything typed is kept, the rejected keyword as a ticked chip: untick it to drop it.
    await page.uncheck(`[data-testid=tag-input-excluded_keywords] input[type=checkbox][value="${'x'.repeat(101)}"]`);
    await Promise.all([
      page.waitForURL(`**/profiles/${ids.form}?saved=updated`),
      page.click('[data-testid=save-profile]'),
    ]);
    const { rows } = await sql.query('select excluded_employers from marts.profile_preferences where profile_id = $1', [
      ids.form,
    ]);
    expect(rows[0].excluded_employers).toEqual(['ACME, Inc.', 'Initech', 'Umbrella Corp']);
    await page.close();
  });
});

describe('chat webhook in the profile form', () => {
  const secret = 'https://ntfy.sh/very-secret-topic-123';

  it('is saved, shown only as scheme and host, never echoed, kept when left empty, and removable', async () => {
    const page = await open(withoutJs, `/profiles/${ids.form}/edit`);
    await page.fill('#chat_webhook_url', 'ftp://ntfy.sh/very-secret-topic-123');
    await page.click('[data-testid=save-profile]');
    await page.locator('#error-chat_webhook_url').waitFor();
    // Refused, and what was typed is not sent back either.
    expect(await page.content()).not.toContain('very-secret-topic');
    await page.fill('#chat_webhook_url', secret);
    await Promise.all([
      page.waitForURL(`**/profiles/${ids.form}?saved=updated`),
      page.click('[data-testid=save-profile]'),
    ]);
    const stored = async () =>
      (await sql.query('select chat_webhook_url from marts.profile_preferences where profile_id = $1', [ids.form]))
        .rows[0].chat_webhook_url;
    expect(await stored()).toBe(secret);
    expect(await page.locator('[data-testid=settings-chat-webhook]').textContent()).toBe('https://ntfy.sh/…');
    expect(await page.content()).not.toContain('very-secret-topic');

    await page.goto(`${app.origin}/profiles/${ids.form}/edit`);
    expect(await page.content()).not.toContain('very-secret-topic');
    expect(await page.locator('[data-testid=webhook-hint]').textContent()).toContain('Saved: https://ntfy.sh/…');
    expect(await page.inputValue('#chat_webhook_url')).toBe('');
    // Saving with the box empty keeps it.
    await Promise.all([
      page.waitForURL(`**/profiles/${ids.form}?saved=updated`),
      page.click('[data-testid=save-profile]'),
    ]);
    expect(await stored()).toBe(secret);

    await page.goto(`${app.origin}/profiles/${ids.form}/edit`);
    await page.check('input[name=chat_webhook_remove]');
    await Promise.all([
      page.waitForURL(`**/profiles/${ids.form}?saved=updated`),
      page.click('[data-testid=save-profile]'),
    ]);
    expect(await stored()).toBeNull();
    expect(await page.locator('[data-testid=settings-chat-webhook]').textContent()).toBe('Off');
    await page.close();
  });
});

describe('feedback, hidden jobs and the applied list on the profile page', () => {
  it('shows the blocked keyword and the expired posting as hidden, greyed when expired', async () => {
    const page = await open(withoutJs, `/profiles/${ids.jobs}`);
    expect(await topJobIds(page)).toEqual(['job-a', 'job-b', 'job-c']);
    expect(await page.locator('[data-testid=hidden-summary]').textContent()).toMatch(
      /2 jobs are left out of the top jobs and never mailed: .*1 blocked keyword.*1 expired posting|1 expired posting.*1 blocked keyword/,
    );
    const hidden = page.locator('[data-testid=hidden-jobs] li');
    expect(
      await hidden.evaluateAll((items) =>
        items.map((item) => [item.getAttribute('data-job-id'), item.getAttribute('data-reason')]),
      ),
    ).toEqual([
      ['job-php', 'blocked_keyword'],
      ['job-old', 'expired'],
    ]);
    expect(await page.locator('[data-testid=hidden-jobs] li[data-job-id=job-old]').getAttribute('class')).toContain(
      'job-expired',
    );
    // Greyed: the muted text colour on the neutral background.
    expect(await page.locator('li[data-job-id=job-old]').evaluate((item) => getComputedStyle(item).color)).toBe(
      'rgb(71, 85, 105)',
    );
    await page.close();
  });

  it('"Not interested" with a reason hides the job, lists it with its reason, and "Show again" brings it back', async () => {
    const page = await open(withoutJs, `/profiles/${ids.jobs}`);
    const card = page.locator('[data-testid=top-jobs] li[data-job-id=job-b]');
    await card.locator('input[name=reason]').fill('too far');
    await Promise.all([
      page.waitForURL(`**/profiles/${ids.jobs}#top-jobs-title`),
      card.getByRole('button', { name: 'Not interested in Data Engineer B' }).click(),
    ]);
    expect(await feedback()).toEqual([{ job_id: 'job-b', kind: 'not_interested', reason: 'too far' }]);
    expect(await topJobIds(page)).toEqual(['job-a', 'job-c']);
    const row = page.locator('[data-testid=hidden-jobs] li[data-job-id=job-b]');
    expect(await row.getAttribute('data-reason')).toBe('not_interested');
    expect(await row.textContent()).toContain('“too far”');
    expect(await page.locator('[data-testid=hidden-summary]').textContent()).toContain('1 not interested');
    await page.locator('details.hidden-jobs summary').click();
    await Promise.all([
      page.waitForURL(`**/profiles/${ids.jobs}#hidden-jobs-title`),
      row.getByRole('button', { name: 'Show again: Data Engineer B' }).click(),
    ]);
    expect(await feedback()).toEqual([]);
    expect(await topJobIds(page)).toEqual(['job-a', 'job-b', 'job-c']);
    await page.close();
  });

  it('"Applied" moves the job to the Applied list (recorded once, without a reason)', async () => {
    const page = await open(withJs, `/profiles/${ids.jobs}`);
    const card = page.locator('[data-testid=top-jobs] li[data-job-id=job-a]');
    await card.locator('input[name=reason]').fill('ignored for applied');
    await Promise.all([
      page.waitForURL(`**/profiles/${ids.jobs}#top-jobs-title`),
      card.getByRole('button', { name: 'Applied to Data Engineer A' }).click(),
    ]);
    expect(await feedback()).toEqual([{ job_id: 'job-a', kind: 'applied', reason: null }]);
    expect(await topJobIds(page)).toEqual(['job-b', 'job-c']);
    const applied = page.locator('[data-testid=applied-jobs] li[data-job-id=job-a]');
    expect(await applied.locator('a').getAttribute('href')).toBe('https://jobs.example.com/a');
    expect(await applied.textContent()).toContain('Acme');
    expect(await page.locator('[data-testid=hidden-jobs] li[data-job-id=job-a]').getAttribute('data-reason')).toBe(
      'applied',
    );
    // A repeated post records nothing new.
    const again = await app.fetch(`${app.origin}/profiles/${ids.jobs}?/feedback`, {
      method: 'POST',
      headers: { origin: app.origin, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: 'job_id=job-a&kind=applied',
      redirect: 'manual',
    });
    expect((await again.json()).type).toBe('redirect');
    expect(await feedback()).toEqual([{ job_id: 'job-a', kind: 'applied', reason: null }]);
    await page.close();
  });

  it('refuses bad feedback with 400 and records nothing', async () => {
    for (const body of [
      'job_id=job-c&kind=loved',
      'job_id=&kind=applied',
      `job_id=job-c&kind=not_interested&reason=${'x'.repeat(301)}`,
    ]) {
      const response = await app.fetch(`${app.origin}/profiles/${ids.jobs}?/feedback`, {
        method: 'POST',
        headers: {
          origin: app.origin,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body,
        redirect: 'manual',
      });
      expect((await response.json()).status, body).toBe(400);
    }
    expect((await feedback()).map((row) => row.job_id)).toEqual(['job-a']);
  });

  for (const viewport of VIEWPORTS) {
    it(`the profile page with feedback buttons and hidden jobs, and the form's block lists, are axe-clean on a ${viewport.name}`, async () => {
      const context = await browser.newContext({
        viewport: { width: viewport.width, height: viewport.height },
        bypassCSP: true,
      });
      await addSessionCookie(context, app.origin, app.session);
      for (const path of [`/profiles/${ids.jobs}`, `/profiles/${ids.form}/edit`]) {
        const page = await context.newPage();
        await page.goto(`${app.origin}${path}`);
        if (path === `/profiles/${ids.jobs}`) await page.locator('details.hidden-jobs summary').click();
        expect(await axeViolations(page), `${path} at ${viewport.name}`).toEqual([]);
        expect(await pansSideways(page), `${path} pans sideways at ${viewport.name}`).toBe(false);
        await page.screenshot({
          path: join(
            screenshotDir,
            `${path.endsWith('edit') ? 'block-lists-form' : 'profile-feedback'}-${viewport.name}.png`,
          ),
          fullPage: true,
        });
        await page.close();
      }
      await context.close();
    });
  }
});
