// Access control. UI_ADMIN_TOKEN: when set, every page and action needs it (bearer, X-Admin-Token,
// or the cookie /login sets); /healthz stays open for the container's health check. Least privilege:
// the app works when it connects as a member of the `jobs_ui` role, which can write profiles only.
import pg from 'pg';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminUrl, createTestDatabase, type TestDatabase } from '../../../tests/support/pg.ts';
import { launchChromium, type RunningApp, startApp } from './app.ts';

const TOKEN = 'correct horse battery staple';
let database: TestDatabase;
let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  database = await createTestDatabase('ui_auth', { warehouse: true });
  app = await startApp(database.url, { UI_ADMIN_TOKEN: TOKEN });
  browser = await launchChromium();
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
    await page.fill('#token', 'wrong token');
    await page.click('button[type=submit]');
    await page.locator('.field-error').waitFor();
    expect(await page.textContent('.field-error')).toBe('That token is not correct.');
    await page.fill('#token', TOKEN);
    await page.click('button[type=submit]');
    await page.waitForURL(`${app.origin}/profiles/new`);
    expect(await page.textContent('h1')).toBe('New profile');
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'jobs_ui_admin', httpOnly: true, sameSite: 'Strict' });
    expect(cookie?.value).not.toContain(TOKEN);
    await context.close();
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
      // Its edits move the data version (the profile table's trigger), but it cannot set it itself.
      await expect(client.query('update marts.data_version set data_version = 0')).rejects.toThrow(/permission denied/);
    } finally {
      await client.end();
    }
  });
});
