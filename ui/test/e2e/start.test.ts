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
      expect((await fetch(`${app.origin}/profiles`)).status).toBe(200);
    } finally {
      await app.stop();
    }
  });

  it('serves from several workers and stops them all on SIGTERM', async () => {
    const app = await startApp(database.url, { UI_WORKERS: '2' });
    const answers = await Promise.all(Array.from({ length: 6 }, () => fetch(`${app.origin}/profiles`)));
    expect(answers.map((response) => response.status)).toEqual([200, 200, 200, 200, 200, 200]);
    // The first worker may answer before the second has said it is listening.
    await expect.poll(() => app.output().match(/Listening on/g)?.length, { timeout: 20_000 }).toBe(2);
    await app.stop(); // resolves only once the primary process has exited
  });
});
