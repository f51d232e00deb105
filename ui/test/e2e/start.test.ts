// ui/start.mjs: loopback by default, ORIGIN derived from UI_HOST/UI_PORT, optional worker processes,
// and a clean exit on SIGTERM (the pool is closed, workers disconnect).
import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/pg.ts';
import { startApp } from './app.ts';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase('ui_start', { warehouse: true });
});

afterAll(async () => {
  await database?.drop();
});

describe('start.mjs', () => {
  it('listens on 127.0.0.1 when UI_HOST is empty and derives ORIGIN from it', async () => {
    const app = await startApp(database.url, { UI_HOST: '' });
    try {
      expect(app.output()).toMatch(/ORIGIN http:\/\/127\.0\.0\.1:\d+, 1 worker\(s\)/);
      expect(app.output()).toMatch(/Listening on http:\/\/127\.0\.0\.1:\d+/);
      expect(app.output()).not.toContain('without UI_ADMIN_TOKEN');
    } finally {
      await app.stop();
    }
  });

  it('starts one worker per CPU core with UI_WORKERS=auto', async () => {
    const app = await startApp(database.url, { UI_WORKERS: 'auto' });
    try {
      const cores = Math.min(16, availableParallelism());
      expect(app.output()).toContain(`${cores} worker(s)`);
      expect((await app.fetch(`${app.origin}/profiles`)).status).toBe(200);
    } finally {
      await app.stop();
    }
  });

  it('serves from several workers and stops them all on SIGTERM', async () => {
    const app = await startApp(database.url, { UI_WORKERS: '2' });
    const answers = await Promise.all(Array.from({ length: 6 }, () => app.fetch(`${app.origin}/profiles`)));
    expect(answers.map((response) => response.status)).toEqual([200, 200, 200, 200, 200, 200]);
    // The first worker may answer before the second has said it is listening.
    await expect.poll(() => app.output().match(/Listening on/g)?.length, { timeout: 20_000 }).toBe(2);
    await app.stop(); // resolves only once the primary process has exited
  });
});

describe('start.mjs refuses unsafe settings', () => {
  const refused = (extra: Record<string, string>) => startApp(database.url, extra);

  it('will not listen beyond loopback without UI_ADMIN_TOKEN', async () => {
    await expect(refused({ UI_HOST: '0.0.0.0' })).rejects.toThrow(
      /UiStartError: listening on 0\.0\.0\.0 without UI_ADMIN_TOKEN .*UI_ALLOW_INSECURE=1/,
    );
  });

  it.each([
    ['a token under 32 characters', { UI_ADMIN_TOKEN: 'short-token' }, /at least 32 characters/],
    ['a placeholder token', { UI_ADMIN_TOKEN: 'change-me-to-a-long-random-token-of-48-chars' }, /placeholder/],
    ['a placeholder session secret', { UI_SESSION_SECRET: 'change-me-session-secret-0123456789' }, /placeholder/],
    ['a placeholder database password', { DATABASE_URL: 'postgresql://jobs_ui:change-me@127.0.0.1/x' }, /placeholder/],
  ])('will not start with %s', async (_what, extra, message) => {
    await expect(refused(extra)).rejects.toThrow(message);
  });

  it('listens beyond loopback when told to accept it (UI_ALLOW_INSECURE=1), with a warning', async () => {
    const app = await startApp(database.url, { UI_HOST: '0.0.0.0', UI_ALLOW_INSECURE: '1' });
    try {
      expect(app.output()).toContain('UI_ALLOW_INSECURE=1: listening on 0.0.0.0 without UI_ADMIN_TOKEN');
    } finally {
      await app.stop();
    }
  });
});
