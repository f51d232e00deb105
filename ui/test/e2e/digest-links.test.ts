// The digest's signed one-click links against the built app in headless Chromium and over plain
// HTTP: /t/feedback/TOKEN (GET confirms, POST records) and /t/unsubscribe/TOKEN (RFC 8058
// one-click POST pauses the digest; the page offers undo). The app runs with an admin token, so
// these tests also prove that token-signed routes, and only they, need neither the token nor an Origin.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { linkExpiry, signLinkToken } from '../../../notifier/src/link-token.ts';
import { feedbackUrl, unsubscribeUrl } from '../../../notifier/src/links.ts';
import { createTestDatabase, repoRoot, type TestDatabase } from '../../../tests/support/pg.ts';
import { axeViolations, pansSideways } from '../support/axe.ts';
import { insertProfile, insertRankedJobs } from '../support/warehouse.ts';
import { launchChromium, type RunningApp, startApp } from './app.ts';

const SECRET = 'digest-links-e2e-secret-of-at-least-32-chars';
const ADMIN_TOKEN = 'digest-links-admin-token-of-at-least-32-chars';
const screenshotDir = join(repoRoot, 'out', 'test', 'ui');
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

let database: TestDatabase;
let sql: pg.Client;
let app: RunningApp;
let browser: Browser;
let profileId = 0;

const signing = () => ({ secret: SECRET, nowMs: Date.now() });
const feedbackLink = (jobId: string, kind: 'not_interested' | 'applied') =>
  feedbackUrl(app.origin, signing(), profileId, jobId, kind);
const unsubscribeLink = () => unsubscribeUrl(app.origin, signing(), profileId);

async function feedbackRows() {
  const { rows } = await sql.query(
    'select job_id, kind, reason from marts.job_feedback where profile_id = $1 order by job_id, kind',
    [profileId],
  );
  return rows;
}

async function isActive(): Promise<boolean> {
  const { rows } = await sql.query('select is_active from marts.profile_preferences where profile_id = $1', [
    profileId,
  ]);
  return rows[0].is_active;
}

/** What a mail provider sends for one-click unsubscribe: form-encoded, no Origin, no cookie. */
const oneClickPost = (url: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
    redirect: 'manual',
  });

async function openPage(url: string, viewport: (typeof VIEWPORTS)[number] = VIEWPORTS[0]): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: viewport.width, height: viewport.height },
    bypassCSP: true,
  });
  const page = await context.newPage();
  const response = await page.goto(url);
  expect(response?.status(), url).toBe(200);
  return page;
}

beforeAll(async () => {
  database = await createTestDatabase('ui_links', { warehouse: true });
  sql = new pg.Client({ connectionString: database.url });
  await sql.connect();
  profileId = await insertProfile(sql, {
    profile_name: 'Data roles',
    query: 'data engineer',
    email: 'ada@example.com',
  });
  await insertRankedJobs(
    sql,
    profileId,
    ['links-job-1', 'links-job-2'].map((key, index) => ({
      key,
      title: `Data Engineer ${index + 1}`,
      employer: 'Acme',
      skills: ['sql'],
      score: 90 - index,
    })),
  );
  app = await startApp(database.url, { LINK_SIGNING_SECRET: SECRET, UI_ADMIN_TOKEN: ADMIN_TOKEN });
  browser = await launchChromium();
  mkdirSync(screenshotDir, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await sql?.end();
  await database?.drop();
});

beforeEach(async () => {
  await sql.query('delete from marts.job_feedback');
  await sql.query('update marts.profile_preferences set is_active = true');
});

describe('feedback links', () => {
  it('a prefetching GET shows the confirm page and records nothing', async () => {
    for (const kind of ['not_interested', 'applied'] as const) {
      const response = await fetch(feedbackLink('links-job-1', kind), { redirect: 'manual' });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.text()).toContain('Data Engineer 1');
    }
    expect(await feedbackRows()).toEqual([]);
  });

  it('"Not interested" with a reason: confirm records it, undo removes it (Chromium, no admin token)', async () => {
    const page = await openPage(feedbackLink('links-job-1', 'not_interested'));
    expect(await page.locator('h1').textContent()).toContain('Data Engineer 1');
    await page.fill('#reason', '  too far\taway ');
    await page.click('[data-testid=feedback-confirm]');
    await page.locator('[data-testid=feedback-recorded]').waitFor();
    expect(await feedbackRows()).toEqual([{ job_id: 'links-job-1', kind: 'not_interested', reason: 'too far away' }]);
    expect(await page.locator('[data-testid=feedback-recorded]').textContent()).toContain('too far away');
    // Opening the link again says it is recorded; confirming twice records once.
    await page.goto(feedbackLink('links-job-1', 'not_interested'));
    await page.locator('[data-testid=feedback-undo]').click();
    await page.locator('[data-testid=feedback-undone]').waitFor();
    expect(await feedbackRows()).toEqual([]);
    await page.context().close();
  });

  it('"Applied" records kind applied without a reason field', async () => {
    const page = await openPage(feedbackLink('links-job-2', 'applied'));
    expect(await page.locator('#reason').count()).toBe(0);
    await page.click('[data-testid=feedback-confirm]');
    await page.locator('[data-testid=feedback-recorded]').waitFor();
    expect(await feedbackRows()).toEqual([{ job_id: 'links-job-2', kind: 'applied', reason: null }]);
    await page.context().close();
  });

  it('refuses forged and expired tokens on GET and POST, and records nothing', async () => {
    const genuine = feedbackLink('links-job-1', 'not_interested');
    const otherSecret = feedbackUrl(
      app.origin,
      { secret: 'x'.repeat(40), nowMs: Date.now() },
      profileId,
      'links-job-1',
      'not_interested',
    );
    const otherProfile =
      genuine.replace(/\/t\/feedback\/.*/, '/t/feedback/') +
      signLinkToken(
        {
          kind: 'not_interested',
          profileId: profileId + 1,
          jobId: 'links-job-1',
          expiresAt: linkExpiry('not_interested'),
        },
        'y'.repeat(40),
      );
    const expired = `${app.origin}/t/feedback/${signLinkToken(
      { kind: 'not_interested', profileId, jobId: 'links-job-1', expiresAt: Math.floor(Date.now() / 1000) - 1 },
      SECRET,
    )}`;
    const unsubscribeAsFeedback = unsubscribeLink().replace('/t/unsubscribe/', '/t/feedback/');
    for (const [url, status] of [
      [otherSecret, 403],
      [otherProfile, 403],
      [`${genuine.slice(0, -2)}xx`, 403],
      [`${app.origin}/t/feedback/not-a-token`, 403],
      [unsubscribeAsFeedback, 403],
      [expired, 410],
    ] as const) {
      expect((await fetch(url, { redirect: 'manual' })).status, url).toBe(status);
      const post = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'do=record&reason=x',
        redirect: 'manual',
      });
      expect(post.status, `POST ${url}`).toBe(status);
    }
    expect(await feedbackRows()).toEqual([]);
  });

  it('a form POST with no Origin and no cookie records (the token is the authentication)', async () => {
    const response = await fetch(feedbackLink('links-job-1', 'applied'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'do=record',
      redirect: 'manual',
    });
    expect(response.status).toBe(200);
    expect(await feedbackRows()).toEqual([{ job_id: 'links-job-1', kind: 'applied', reason: null }]);
  });
});

describe('one-click unsubscribe', () => {
  it('a GET changes nothing; the RFC 8058 POST (no Origin, no cookie) pauses the digest', async () => {
    const url = unsubscribeLink();
    const get = await fetch(url, { redirect: 'manual' });
    expect(get.status).toBe(200);
    expect(await isActive()).toBe(true);
    const post = await oneClickPost(url);
    expect(post.status).toBe(200);
    expect(await isActive()).toBe(false);
    // Repeating it is harmless.
    expect((await oneClickPost(url)).status).toBe(200);
    expect(await isActive()).toBe(false);
  });

  it('refuses forged and expired unsubscribe tokens, and a feedback token used as one', async () => {
    const expired = `${app.origin}/t/unsubscribe/${signLinkToken(
      { kind: 'unsubscribe', profileId, jobId: null, expiresAt: Math.floor(Date.now() / 1000) - 1 },
      SECRET,
    )}`;
    const forged = unsubscribeUrl(app.origin, { secret: 'z'.repeat(40), nowMs: Date.now() }, profileId);
    const feedbackAsUnsubscribe = feedbackLink('links-job-1', 'applied').replace('/t/feedback/', '/t/unsubscribe/');
    for (const [url, status] of [
      [forged, 403],
      [feedbackAsUnsubscribe, 403],
      [expired, 410],
    ] as const) {
      expect((await oneClickPost(url)).status, url).toBe(status);
    }
    expect(await isActive()).toBe(true);
  });

  for (const viewport of VIEWPORTS) {
    it(`the page confirms the pause and offers undo, on a ${viewport.name} (${viewport.width}×${viewport.height}), axe-clean`, async () => {
      const page = await openPage(unsubscribeLink(), viewport);
      expect(await axeViolations(page)).toEqual([]);
      expect(await pansSideways(page)).toBe(false);
      await page.click('[data-testid=unsubscribe-confirm]');
      await page.locator('[data-testid=unsubscribe-paused]').waitFor();
      expect(await isActive()).toBe(false);
      expect(await axeViolations(page)).toEqual([]);
      expect(await pansSideways(page)).toBe(false);
      await page.screenshot({ path: join(screenshotDir, `unsubscribe-${viewport.name}.png`), fullPage: true });
      await page.click('[data-testid=unsubscribe-undo]');
      await page.locator('[data-testid=unsubscribe-resumed]').waitFor();
      expect(await isActive()).toBe(true);
      await page.context().close();
    });

    it(`the feedback confirm page is axe-clean and fits a ${viewport.name}`, async () => {
      const page = await openPage(feedbackLink('links-job-1', 'not_interested'), viewport);
      expect(await axeViolations(page)).toEqual([]);
      expect(await pansSideways(page)).toBe(false);
      await page.screenshot({ path: join(screenshotDir, `feedback-confirm-${viewport.name}.png`), fullPage: true });
      await page.context().close();
    });
  }
});

describe('only token-signed routes are exempt', () => {
  it('other pages still need the admin token, and their form posts still need the app Origin', async () => {
    expect((await fetch(`${app.origin}/profiles/${profileId}`, { redirect: 'manual' })).status).toBe(401);
    const headers = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' };
    for (const origin of [null, 'https://evil.example']) {
      const response = await fetch(`${app.origin}/profiles/${profileId}?/toggle`, {
        method: 'POST',
        headers: origin ? { ...headers, origin } : headers,
        body: 'is_active=false',
        redirect: 'manual',
      });
      expect(response.status, `Origin ${origin}`).toBe(403);
      expect(await response.text()).toBe('Cross-site POST form submissions are forbidden');
    }
    expect(await isActive()).toBe(true);
  });
});
