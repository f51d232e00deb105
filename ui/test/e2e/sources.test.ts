// The Sources page (/sources) in headless Chromium over a warehouse clone, with the fake board
// APIs on loopback: adding a board (and the reasons a board is refused, next to their field), the
// test fetch of a good board and of a wrong token (404), a board whose last fetch was a 404 shown
// with a clear status, deactivating and removing; and no axe-core WCAG 2.2 A/AA violation.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeApi } from '../../../fake-api/src/server.ts';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/pg.ts';
import { addSessionCookie, launchChromium, type RunningApp, signInAs, startApp } from './app.ts';

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let database: TestDatabase;
let app: RunningApp;
let browser: Browser;
let api: Awaited<ReturnType<typeof startFakeApi>>;
let sql: pg.Client;

beforeAll(async () => {
  database = await createTestDatabase('ui_sources', { warehouse: true });
  sql = new pg.Client({ connectionString: database.url });
  await sql.connect();
  // A board whose last fetch answered 404, as extract-boards records it.
  await sql.query(
    `insert into marts.board_sources (ats, board_token, company_name, is_active, created_at, last_fetched_at,
       last_status, last_error)
     values ('lever', 'wrong-site', null, true, now(), now(), 'not_found',
       'Lever has no board "wrong-site" (HTTP 404): check the board token')`,
  );
  api = await startFakeApi({ seed: 42 });
  app = await startApp(database.url, {
    GREENHOUSE_BASE_URL: api.url,
    LEVER_BASE_URL: api.url,
    ASHBY_BASE_URL: api.url,
  });
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await api?.close();
  await sql?.end();
  await database?.drop();
});

async function open(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  await addSessionCookie(context, app.origin, app.session);
  const page = await context.newPage();
  await page.goto(`${app.origin}/sources`);
  return page;
}

// Waits for the result to render (the form answers, then the page updates).
const shows = (page: Page, text: string) =>
  page.locator('[data-testid=test-result]', { hasText: text }).waitFor({ timeout: 10_000 });

const rowOf = (page: Page, board: string) => page.locator(`tr[data-board="${board}"]`);

async function fillAndSubmit(page: Page, fields: { ats: string; token: string; company?: string }, button: string) {
  await page.selectOption('#ats', fields.ats);
  await page.fill('#board_token', fields.token);
  await page.fill('#company_name', fields.company ?? '');
  await Promise.all([
    page.waitForResponse((response) => response.request().method() === 'POST'),
    page.getByRole('button', { name: button, exact: true }).first().click(),
  ]);
  await page.waitForLoadState('networkidle');
}

describe('/sources', () => {
  it('is for admins only: a signed-in user gets 403, for the page and its actions', async () => {
    const user = await signInAs(database.url, 'sources-user@e2e.test', 'user');
    const page = await fetch(`${app.origin}/sources`, { headers: { cookie: user.cookie } });
    expect(page.status).toBe(403);
    const action = await fetch(`${app.origin}/sources?/add`, {
      method: 'POST',
      headers: { cookie: user.cookie, origin: app.origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'ats=greenhouse&board_token=acme',
      redirect: 'manual',
    });
    expect(action.status).toBe(403);
  });

  it('shows a board whose token was wrong with a clear status, and has no accessibility violation', async () => {
    const page = await open();
    try {
      const status = rowOf(page, 'lever/wrong-site').locator('td[data-status]');
      expect(await status.getAttribute('data-status')).toBe('not_found');
      expect(await status.textContent()).toContain('Board not found (HTTP 404): check the token');
      expect(await page.locator('nav[aria-label=Main] a[aria-current=page]').textContent()).toBe('Sources');
      // The ATS choices are the loader modules.
      const options = await page
        .locator('#ats option')
        .evaluateAll((nodes) => nodes.map((node) => (node as HTMLOptionElement).value).filter(Boolean));
      expect(options).toEqual(['ashby', 'greenhouse', 'lever']);
      await page.addScriptTag({ content: axeSource });
      const violations = await page.evaluate(
        async (tags) =>
          // biome-ignore lint/suspicious/noExplicitAny: axe is injected into the page
          (await (window as any).axe.run(document, { runOnly: { type: 'tag', values: tags } })).violations.map(
            (violation: { id: string }) => violation.id,
          ),
        AXE_TAGS,
      );
      expect(violations).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('refuses a bad token and a missing ATS next to their fields', async () => {
    const page = await open();
    try {
      await fillAndSubmit(page, { ats: 'lever', token: 'bad token!' }, 'Add board');
      await page
        .locator('[data-error-for=board_token]', { hasText: '"bad token!" is not a valid Lever board token' })
        .waitFor();
      expect(await page.locator('#board_token').getAttribute('aria-invalid')).toBe('true');
      await fillAndSubmit(page, { ats: '', token: 'acme' }, 'Add board');
      await page.locator('[data-error-for=ats]', { hasText: 'Choose' }).waitFor();
      const { rows } = await sql.query('select count(*)::int as n from marts.board_sources');
      expect(rows[0].n).toBe(1);
    } finally {
      await page.context().close();
    }
  });

  it('test-fetches a typed board: the posting count, or the 404 for a wrong token', async () => {
    const page = await open();
    try {
      await fillAndSubmit(page, { ats: 'greenhouse', token: 'acme-analytics' }, 'Test fetch');
      await shows(page, 'Test fetch of greenhouse/acme-analytics: OK: 12 postings');
      await fillAndSubmit(page, { ats: 'greenhouse', token: 'wrong-token' }, 'Test fetch');
      await shows(page, 'Test fetch of greenhouse/wrong-token: Board not found (HTTP 404): check the token');
      const { rows } = await sql.query('select count(*)::int as n from marts.board_sources');
      expect(rows[0].n).toBe(1);
    } finally {
      await page.context().close();
    }
  });

  it('adds a board, test-fetches it, deactivates and removes it', async () => {
    const page = await open();
    try {
      await fillAndSubmit(
        page,
        { ats: 'lever', token: 'northwind-traders', company: 'Northwind Traders' },
        'Add board',
      );
      await page.locator('[data-testid=notice]', { hasText: 'Added lever/northwind-traders' }).waitFor();
      const row = rowOf(page, 'lever/northwind-traders');
      expect(await row.locator('td').first().textContent()).toBe('Northwind Traders');
      expect(await row.locator('td[data-status]').textContent()).toContain('Not fetched yet');

      await Promise.all([
        page.waitForResponse((response) => response.request().method() === 'POST'),
        page.getByRole('button', { name: 'Test fetch lever/northwind-traders' }).click(),
      ]);
      await page.waitForLoadState('networkidle');
      await row.locator('[data-testid=test-result]', { hasText: 'Test fetch: OK: 12 postings' }).waitFor();

      await Promise.all([
        page.waitForResponse((response) => response.request().method() === 'POST'),
        page.getByRole('button', { name: 'Deactivate lever/northwind-traders' }).click(),
      ]);
      await page.waitForLoadState('networkidle');
      const active = await sql.query(
        "select is_active from marts.board_sources where ats = 'lever' and board_token = 'northwind-traders'",
      );
      expect(active.rows).toEqual([{ is_active: false }]);
      expect(await page.getByRole('button', { name: 'Activate lever/northwind-traders' }).count()).toBe(1);

      await Promise.all([
        page.waitForResponse((response) => response.request().method() === 'POST'),
        page.getByRole('button', { name: 'Remove lever/northwind-traders' }).click(),
      ]);
      await page.waitForLoadState('networkidle');
      await rowOf(page, 'lever/northwind-traders').waitFor({ state: 'detached', timeout: 10_000 });
      const left = await sql.query('select count(*)::int as n from marts.board_sources');
      expect(left.rows[0].n).toBe(1);
    } finally {
      await page.context().close();
    }
  });
});
