// jobctl boards add|list|remove|test|ats and extract-boards as processes: one JSON line on stdout,
// "ErrorName: message" on stderr, exit 0 / 1 (nothing removed, test failed, every board failed) /
// 2 (bad input), against a real warehouse database and the fake API.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeApi, startFakeApi } from '@jobs/fake-api';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastJsonLine, runJobctl } from '../../tests/support/jobctl.ts';
import type { TestDatabase } from '../../tests/support/pg.ts';
import { warehouse } from './helpers/setup.ts';

let db: TestDatabase;
let pool: pg.Pool;
let api: FakeApi;
const archiveDir = mkdtempSync(join(tmpdir(), 'boards-archive-'));

async function jobctl(
  args: string[],
): Promise<{ code: number | null; json: Record<string, unknown> | null; stderr: string }> {
  const { code, stdout, stderr } = await runJobctl(args, {
    LOG_LEVEL: 'silent',
    DATABASE_URL: db.url,
    GREENHOUSE_BASE_URL: api.url,
    LEVER_BASE_URL: api.url,
    ASHBY_BASE_URL: api.url,
    LOADER_HTTP_RETRIES: '0',
    ARCHIVE_URL: `file://${archiveDir}`,
  });
  return { code, json: lastJsonLine(stdout), stderr };
}

beforeAll(async () => {
  ({ db, pool } = await warehouse('boards_cli'));
  api = await startFakeApi({ seed: 42 });
}, 300_000);

afterAll(async () => {
  await api?.close();
  await pool?.end();
  await db?.drop();
  rmSync(archiveDir, { recursive: true, force: true });
});

describe('jobctl boards', () => {
  it('lists the ATS modules', async () => {
    const { code, json } = await jobctl(['boards', 'ats']);
    expect(code).toBe(0);
    expect(((json?.ats ?? []) as Array<{ ats: string }>).map((entry) => entry.ats)).toEqual([
      'ashby',
      'greenhouse',
      'lever',
    ]);
  });

  it('adds (once), lists and removes a board; bad input exits 2 with a one-line reason', async () => {
    const added = await jobctl(['boards', 'add', '--ats', 'Ashby', '--board', 'Acme Labs', '--company', 'Acme Labs']);
    expect(added.code).toBe(0);
    expect(added.json).toMatchObject({
      created: true,
      board: { ats: 'ashby', board_token: 'Acme Labs', is_active: true },
    });
    await pool.query('update marts.board_sources set is_active = false');
    const again = await jobctl(['boards', 'add', '--ats', 'ashby', '--board', 'Acme Labs']);
    expect(again.json).toMatchObject({ created: false, board: { is_active: true, company_name: 'Acme Labs' } });

    const listed = await jobctl(['boards', 'list']);
    expect(((listed.json?.boards ?? []) as unknown[]).length).toBe(1);

    for (const [args, reason] of [
      [['boards', 'add', '--ats', 'taleo', '--board', 'x'], /^UnknownAtsError: unknown ATS "taleo"/],
      [['boards', 'add', '--ats', 'lever', '--board', '../x'], /^BoardTokenError: /],
      [['boards', 'add', '--ats', 'lever'], /^UsageError: boards add needs --ats ATS and --board TOKEN/],
      [['boards', 'fly'], /^UsageError: boards needs one of/],
    ] as const) {
      const result = await jobctl([...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.trim()).toMatch(reason);
    }

    expect((await jobctl(['boards', 'remove', '--ats', 'ashby', '--board', 'Acme Labs'])).json).toEqual({
      command: 'boards remove',
      removed: true,
    });
    const missing = await jobctl(['boards', 'remove', '--ats', 'ashby', '--board', 'Acme Labs']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('BoardSourceError: no watched board ashby/Acme Labs');
  });

  it('test-fetches a board without storing anything: the count, or the 404', async () => {
    const good = await jobctl(['boards', 'test', '--ats', 'ashby', '--board', 'Acme Labs']);
    expect(good.code).toBe(0);
    expect(good.json).toMatchObject({ ok: true, status: 'ok', postings: 12, rejected: 0 });
    const wrong = await jobctl(['boards', 'test', '--ats', 'lever', '--board', 'wrong-site']);
    expect(wrong.code).toBe(1);
    expect(wrong.json).toMatchObject({ ok: false, status: 'not_found' });
    expect(wrong.json?.error).toMatch(/Lever has no board "wrong-site" \(HTTP 404\)/);
    const { rows } = await pool.query('select count(*)::int as n from raw.board_job_postings');
    expect(rows[0].n).toBe(0);
  });

  it('extract-boards exits 3 (the API gave up, not retried by Airflow) only when every board failed', async () => {
    await jobctl(['boards', 'add', '--ats', 'greenhouse', '--board', 'wrong-one']);
    const failed = await jobctl(['extract-boards', '--run-id', 'cli-1']);
    expect(failed.code).toBe(3);
    expect(failed.stderr).toMatch(/ExtractError: no board could be fetched \(Greenhouse has no board "wrong-one"/);
    await jobctl(['boards', 'add', '--ats', 'lever', '--board', 'northwind']);
    const partial = await jobctl(['extract-boards', '--run-id', 'cli-2']);
    expect(partial.code).toBe(0);
    expect(partial.json).toMatchObject({ status: 'partial', postings_by_source: { greenhouse: 0, lever: 12 } });
    // The finished board load is archived like JSearch's (the failed ones have nothing to keep).
    expect(partial.json?.archive).toMatchObject({ objects: 1, rows: 12, failed: 0 });
  });
});
