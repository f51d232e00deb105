// Access control. Every page and action needs a signed-in user (a server-side session) or, when
// UI_ADMIN_TOKEN is set, the token (bearer or X-Admin-Token: acts as the first admin; typed into
// /login: signs in as them). /healthz stays open for the container's health check. Only requests
// addressed to ORIGIN's host are answered (DNS rebinding). Least privilege: the app works when it
// connects as a member of the `jobs_ui` role. Accounts and sign-in links: accounts.test.ts.
import { request as httpRequest } from 'node:http';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminUrl, createTestDatabase, type TestDatabase } from '../../../tests/support/pg.ts';
import { CHROMIUM_ARGS, type RunningApp, startApp } from './app.ts';

/** The /login page's admin-token form (folded away under the e-mail form). */
async function signInWithToken(page: Page, token: string): Promise<void> {
  if (!(await page.isVisible('#token'))) await page.click('summary');
  await page.fill('#token', token);
  await page.click('form[action="?/token"] button[type=submit]');
}

const TOKEN = 'correct horse battery staple and a long tail';
let database: TestDatabase;
let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  database = await createTestDatabase('ui_auth', { warehouse: true });
  app = await startApp(database.url, { UI_ADMIN_TOKEN: TOKEN });
  // evil.example resolves to this machine, as a rebinding attacker's name would.
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP evil.example 127.0.0.1'],
  });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await database?.drop();
});

describe('admin token', () => {
  it('sends browsers to /login and answers 401 to everything else without the token', async () => {
    const page = await fetch(`${app.origin}/profiles?active=inactive`, {
      headers: { accept: 'text/html' },
      redirect: 'manual',
    });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/login?next=%2Fprofiles%3Factive%3Dinactive');
    expect((await fetch(`${app.origin}/profiles`)).status).toBe(401);
    const post = await fetch(`${app.origin}/profiles/new?/save`, {
      method: 'POST',
      headers: { origin: app.origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'profile_name=x&query=y&country=us&date_window=week&email=a@b.co',
    });
    expect(post.status).toBe(401);
    expect((await fetch(`${app.origin}/healthz`)).status).toBe(200);
  });

  it('accepts the token as a bearer or X-Admin-Token header', async () => {
    const bearer = await fetch(`${app.origin}/profiles`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(bearer.status).toBe(200);
    const header = await fetch(`${app.origin}/profiles/new`, { headers: { 'x-admin-token': TOKEN } });
    expect(header.status).toBe(200);
    // A page the page cache holds is still behind the token: the cache comes after the check.
    const cached = await fetch(`${app.origin}/profiles`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(cached.headers.get('x-page-cache')).toBe('hit');
    const wrong = await fetch(`${app.origin}/profiles`, { headers: { authorization: 'Bearer guess' } });
    expect(wrong.status).toBe(401);
    expect((await fetch(`${app.origin}/profiles`)).status).toBe(401);
  });

  it('signs a browser in with the token and returns it where it was going', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.origin}/profiles/new`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await signInWithToken(page, 'wrong token');
    await page.locator('.field-error').waitFor();
    expect(await page.textContent('.field-error')).toBe('That token is not correct.');
    await signInWithToken(page, TOKEN);
    await page.waitForURL(`${app.origin}/profiles/new`);
    expect(await page.textContent('h1')).toBe('New profile');
    const [cookie] = await context.cookies();
    // Lax, so a sign-in link in a mail lands signed in; Secure only beyond loopback.
    expect(cookie).toMatchObject({ name: 'jobs_session', httpOnly: true, sameSite: 'Lax', secure: false });
    expect(cookie?.value).not.toContain(TOKEN);
    await context.close();
  });

  it('follows `next` only on its own origin: /login?next=/%09/evil.example lands on the profiles', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    for (const next of ['/%09/evil.example', '//evil.example', '/%5C/evil.example', 'https://evil.example/']) {
      await page.goto(`${app.origin}/login?next=${next}`);
      await signInWithToken(page, TOKEN);
      await page.waitForURL(`${app.origin}/profiles`);
      expect(new URL(page.url()).origin, next).toBe(app.origin);
    }
    await context.close();
  });

  it('signs out: the session ends on the server, so a copied cookie stops working too', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.origin}/login?next=/profiles`);
    await signInWithToken(page, TOKEN);
    await page.waitForURL(`${app.origin}/profiles`);
    const [cookie] = await context.cookies();
    expect(cookie?.name).toBe('jobs_session');
    const copied = { headers: { cookie: `jobs_session=${cookie?.value}` }, redirect: 'manual' as const };
    expect((await fetch(`${app.origin}/profiles`, copied)).status).toBe(200);
    await page.goto(`${app.origin}/account`);
    await page.click('[data-testid=sign-out]');
    await page.waitForURL(`${app.origin}/login`);
    expect(await context.cookies()).toEqual([]);
    await page.goto(`${app.origin}/profiles`);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect((await fetch(`${app.origin}/profiles`, copied)).status).toBe(401);
    await context.close();
  });

  it('answers only requests addressed to ORIGIN: a DNS-rebinding page cannot read profiles', async () => {
    const port = new URL(app.origin).port;
    const context = await browser.newContext({ extraHTTPHeaders: { authorization: `Bearer ${TOKEN}` } });
    const page = await context.newPage();
    const rebound = await page.goto(`http://evil.example:${port}/profiles`);
    expect(rebound?.status()).toBe(421);
    expect(await page.textContent('body')).not.toContain('@');
    const home = await page.goto(`${app.origin}/profiles`);
    expect(home?.status()).toBe(200);
    await context.close();
    const status = await new Promise<number>((resolveStatus, reject) => {
      const request = httpRequest(
        { host: '127.0.0.1', port, path: '/login', headers: { host: `localhost:${port}` } },
        (response) => {
          response.resume();
          resolveStatus(response.statusCode ?? 0);
        },
      );
      request.once('error', reject);
      request.end();
    });
    expect(status).toBe(421);
  });

  it('refuses a form body over the explicit limit (413) and accepts a normal one', async () => {
    const post = (body: string) =>
      fetch(`${app.origin}/profiles/new?/save`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          origin: app.origin,
          authorization: `Bearer ${TOKEN}`,
          accept: 'text/html',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body,
      });
    const normal = 'profile_name=Body+limit&query=dba&country=us&date_window=week&email=limit@example.com';
    expect((await post(normal)).status).toBe(303);
    expect((await post(`${normal}&preferred_skills=${'x'.repeat(70 * 1024)}`)).status).toBe(413);
  });

  it('throttles login attempts: after five wrong tokens even the right one waits', async () => {
    const login = (token: string) =>
      fetch(`${app.origin}/login?/token`, {
        method: 'POST',
        redirect: 'manual',
        headers: { origin: app.origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token, next: '/profiles' }).toString(),
      });
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await login('wrong')).status).toBe(401);
    const throttled = await login(TOKEN);
    expect(throttled.status).toBe(429);
    expect(await throttled.text()).toContain('Too many attempts');
    // Scripts with the token itself are not affected.
    expect((await fetch(`${app.origin}/profiles`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });
});

describe('sessions', () => {
  it('are server-side rows: they outlive a restart and "sign out everywhere" ends them all', async () => {
    const login = async (running: RunningApp) => {
      const response = await fetch(`${running.origin}/login?/token`, {
        method: 'POST',
        redirect: 'manual',
        headers: { origin: running.origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: TOKEN, next: '/profiles' }).toString(),
      });
      expect(response.status).toBe(303);
      return /jobs_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1] ?? '';
    };
    // A fresh start (the suite's app has throttled this address by now; each start has its own).
    const other = await startApp(database.url, { UI_ADMIN_TOKEN: TOKEN });
    try {
      const first = await login(other);
      const second = await login(other);
      expect(first).toMatch(/^[\w-]{43}$/);
      expect(second).not.toBe(first);
      const get = (origin: string, cookie: string) =>
        fetch(`${origin}/profiles`, { headers: { cookie: `jobs_session=${cookie}` } }).then((r) => r.status);
      // The session lives in the database, not in the process: the other start honours it.
      expect(await get(app.origin, first)).toBe(200);
      const everywhere = await fetch(`${other.origin}/account?/everywhere`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          origin: other.origin,
          accept: 'text/html',
          'content-type': 'application/x-www-form-urlencoded',
          cookie: `jobs_session=${second}`,
        },
        body: '',
      });
      expect(everywhere.status).toBe(303);
      expect(await get(app.origin, first)).toBe(401);
      expect(await get(other.origin, second)).toBe(401);
    } finally {
      await other.stop();
    }
  });
});

describe('least privilege', () => {
  const role = `jobs_ui_test_${process.pid}`;
  const password = 'ui-test-password';
  let admin: pg.Client;
  let restricted: RunningApp | undefined;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    // Roles are cluster-wide: a login role of our own that inherits exactly jobs_ui's grants.
    await admin.query(`drop role if exists ${role}`);
    await admin.query(`create role ${role} login password '${password}' in role jobs_ui`);
    const url = new URL(database.url);
    url.username = role;
    url.password = password;
    restricted = await startApp(url.toString());
  });

  afterAll(async () => {
    await restricted?.stop();
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    await db.query(`drop owned by ${role}`).finally(() => db.end());
    await admin.query(`drop role if exists ${role}`);
    await admin.end();
  });

  it('lists, creates, toggles and shows profiles as jobs_ui', async () => {
    const origin = restricted?.origin ?? '';
    const fetch = (restricted as RunningApp).fetch;
    expect((await fetch(`${origin}/profiles`)).status).toBe(200);
    const created = await fetch(`${origin}/profiles/new?/save`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'profile_name=Least+privilege&query=dba&country=us&date_window=week&email=lp@example.com&is_active=true',
    });
    expect(created.status).toBe(303);
    const path = created.headers.get('location')?.replace(/\?.*$/, '') ?? '';
    const toggled = await fetch(`${origin}${path}?/toggle`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'is_active=false',
    });
    expect(toggled.status).toBe(303);
    const detail = await fetch(`${origin}${path}`);
    expect(detail.status).toBe(200);
    expect(await detail.text()).toContain('Inactive');
  });

  it('shows the insights as jobs_ui (it reads the analytics views)', async () => {
    const response = await (restricted as RunningApp).fetch(`${restricted?.origin ?? ''}/insights`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('data-testid="insights-volumes"');
    expect(html).not.toContain('data-testid="insights-missing"');
  });

  it('cannot delete profiles or write any other table', async () => {
    const url = new URL(database.url);
    url.username = role;
    url.password = password;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      await expect(client.query('delete from marts.profile_preferences')).rejects.toThrow(/permission denied/);
      await expect(
        client.query(
          "insert into marts.pipeline_run_metrics (dag_run_id, task_id, run_status) values ('r', 't', 'success')",
        ),
      ).rejects.toThrow(/permission denied/);
      await expect(client.query('truncate marts.profile_preferences')).rejects.toThrow(/permission denied/);
      // It reads the analytics views (/insights) but cannot create or change anything there.
      expect((await client.query('select count(*) from analytics.analytics_job_volumes_daily')).rowCount).toBe(1);
      await expect(client.query('create view analytics.ui_probe as select 1 as one')).rejects.toThrow(
        /permission denied/,
      );
      // Its edits move the data version (the profile table's trigger), but it cannot set it itself.
      await expect(client.query('update marts.data_version set data_version = 0')).rejects.toThrow(/permission denied/);
    } finally {
      await client.end();
    }
  });
});
