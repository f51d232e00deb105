// Every ATS fixture (test/fixtures/boards/<ats>/board.json) through the whole path: the fake API
// replays it, extract-boards lands it, dbt stages it, and staging.board_job_postings must hold what
// the fixture's expected.json says, posting by posting. A new ATS is covered by adding its
// fixture folder; no test changes. Every staged description is plain text (no tags, no entities).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type FakeApi, startFakeApi } from '@jobs/fake-api';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDbt, type TestDatabase } from '../../../tests/support/pg.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { addBoard } from '../../src/pipeline/board-sources.ts';
import { extractBoards } from '../../src/pipeline/extract-boards.ts';
import { BOARD_SOURCES } from '../../src/sources/boards/registry.ts';
import { fastEnv, warehouse } from '../helpers/setup.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/boards/', import.meta.url));
const atsWithFixtures = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(`${FIXTURES}${entry.name}/expected.json`))
  .map((entry) => entry.name)
  .sort();
const tokenFor = (ats: string) => `${ats}-fixture`;

let db: TestDatabase;
let pool: pg.Pool;
let api: FakeApi;

beforeAll(async () => {
  ({ db, pool } = await warehouse('board_staging'));
  api = await startFakeApi({
    seed: 7,
    recordedBoards: Object.fromEntries(
      atsWithFixtures.map((ats) => [tokenFor(ats), readFileSync(`${FIXTURES}${ats}/board.json`, 'utf8')]),
    ),
  });
  const env = fastEnv(
    api.url,
    Object.fromEntries([...BOARD_SOURCES.values()].map((source) => [source.baseUrlEnv, api.url])),
  );
  for (const ats of atsWithFixtures) await addBoard(pool, { ats, board: tokenFor(ats) });
  const summary = await extractBoards(pool, loadConfig(env), env, silentLogger);
  expect(summary.status).toBe('success');
  runDbt(db.name, ['run', '--quiet', '--select', 'stg_boards__job_postings']);
}, 300_000);

afterAll(async () => {
  await api?.close();
  await pool?.end();
  await db?.drop();
});

const normalise = (value: unknown) =>
  value instanceof Date
    ? value.toISOString()
    : typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)
      ? Number(value)
      : value;

describe.each(atsWithFixtures)('%s fixture staged', (ats) => {
  it('matches expected.json posting by posting, with plain-text descriptions', async () => {
    const expected = JSON.parse(readFileSync(`${FIXTURES}${ats}/expected.json`, 'utf8')) as Record<
      string,
      Record<string, unknown>
    >;
    const { rows } = await pool.query('select * from staging.board_job_postings where source = $1', [ats]);
    const byId = new Map(rows.map((row) => [row.posting_id, row]));
    for (const [postingId, fields] of Object.entries(expected)) {
      const row = byId.get(postingId);
      expect(row, `${ats} posting ${postingId} is staged`).toBeDefined();
      for (const [column, value] of Object.entries(fields)) {
        if (column === 'description_contains') {
          for (const part of value as string[]) expect(row.job_description).toContain(part);
        } else {
          expect(normalise(row[column]), `${ats} ${postingId} ${column}`).toEqual(value);
        }
      }
    }
    for (const row of rows) {
      expect(row.job_id).toBe(`${ats}:${tokenFor(ats)}:${row.posting_id}`);
      expect(row.job_title).toBeTruthy();
      if (row.job_description) expect(row.job_description).not.toMatch(/<\/?[a-z][^>]*>|&(amp|lt|gt|quot|nbsp|#39);/i);
    }
  });
});
