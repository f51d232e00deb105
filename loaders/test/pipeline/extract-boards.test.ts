// extract-boards end to end on the real PostgreSQL and the fake API, then dbt: the real fixture
// shapes land and stage correctly; a board whose token is wrong (404) or whose API fails (5xx) is
// recorded with a clear status while the others land; a re-run lands nothing twice; a posting
// taken off its board carries board_removed_at after the next fetch.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type FakeApi, fakeBoardPostings, startFakeApi } from '@jobs/fake-api';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDbt, type TestDatabase } from '../../../tests/support/pg.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { addBoard, listBoards } from '../../src/pipeline/board-sources.ts';
import { extractBoards } from '../../src/pipeline/extract-boards.ts';
import { enqueueEmployers } from '../../src/pipeline/extract-companies.ts';
import { fastEnv, warehouse } from '../helpers/setup.ts';

const fixture = (ats: string) =>
  readFileSync(fileURLToPath(new URL(`../fixtures/boards/${ats}/board.json`, import.meta.url)), 'utf8');
const NOW = new Date('2026-12-03T12:00:00Z');

let db: TestDatabase;
let pool: pg.Pool;
let api: FakeApi;
const hidden = new Map<string, Set<string>>();
let env: Record<string, string>;

const run = (minutes: number) =>
  extractBoards(pool, loadConfig(env), env, silentLogger, {
    runId: `test-${minutes}`,
    now: () => new Date(NOW.getTime() + minutes * 60_000),
  });

const buildBoards = () =>
  runDbt(db.name, [
    'run',
    '--quiet',
    '--select',
    'stg_boards__job_postings',
    'int_job_postings__skills',
    'int_companies__posting_employers',
    'dim_companies',
    'fact_jobs_stored',
    'fact_jobs',
  ]);

beforeAll(async () => {
  ({ db, pool } = await warehouse('extract_boards'));
  api = await startFakeApi({
    seed: 42,
    now: NOW,
    faults: '500:query=broken-board',
    hiddenBoardPostings: hidden,
    recordedBoards: { acmerobotics: fixture('greenhouse'), northwind: fixture('lever') },
  });
  env = fastEnv(api.url, { GREENHOUSE_BASE_URL: api.url, LEVER_BASE_URL: api.url, LOADER_HTTP_RETRIES: '1' });
  await addBoard(pool, { ats: 'greenhouse', board: 'acmerobotics' });
  await addBoard(pool, { ats: 'lever', board: 'northwind', company: 'Northwind Traders' });
  await addBoard(pool, { ats: 'greenhouse', board: 'globex' });
  await addBoard(pool, { ats: 'greenhouse', board: 'wrong-token' });
  await addBoard(pool, { ats: 'lever', board: 'broken-board' });
}, 300_000);

afterAll(async () => {
  await api?.close();
  await pool?.end();
  await db?.drop();
});

describe('extract-boards', () => {
  it('lands every good board and records the 404 and the 5xx board with a clear status', async () => {
    const summary = await run(0);
    expect(summary.status).toBe('partial');
    const byToken = Object.fromEntries(summary.boards.map((board) => [board.board_token, board]));
    expect(byToken.acmerobotics).toMatchObject({ status: 'ok', postings_received: 3, rows_landed: 3 });
    expect(byToken.northwind).toMatchObject({ status: 'ok', postings_received: 3, rows_landed: 3 });
    expect(byToken.globex).toMatchObject({ status: 'ok', postings_received: 12 });
    expect(byToken['wrong-token']?.status).toBe('not_found');
    expect(byToken['wrong-token']?.error).toMatch(/no board "wrong-token" \(HTTP 404\): check the board token/);
    expect(byToken['broken-board']?.status).toBe('failed');
    expect(byToken['broken-board']?.error).toMatch(/500/);
    expect(summary.postings_by_source).toEqual({ greenhouse: 15, lever: 3 });

    const boards = Object.fromEntries((await listBoards(pool)).map((board) => [board.board_token, board]));
    expect(boards['wrong-token']).toMatchObject({ last_status: 'not_found', last_posting_count: null });
    expect(boards['wrong-token']?.last_error).toMatch(/404/);
    expect(boards.acmerobotics).toMatchObject({ last_status: 'ok', last_error: null, last_posting_count: 3 });
    const { rows } = await pool.query(
      `select load_status, count(*)::int as n from raw.dwh_loads
        where resource_name = 'board_job_postings' group by 1 order by 1`,
    );
    expect(rows).toEqual([
      { load_status: 'failed', n: 2 },
      { load_status: 'finished', n: 3 },
    ]);
  });

  it("queues the watched boards' employers for Glassdoor like JSearch's", async () => {
    const client = await pool.connect();
    try {
      await enqueueEmployers(client);
    } finally {
      client.release();
    }
    const { rows } = await pool.query(
      `select company_lookup_key from staging.company_enrichment_queue
        where company_lookup_key = 'northwind traders'`,
    );
    expect(rows).toEqual([{ company_lookup_key: 'northwind traders' }]);
  });

  it('lands nothing twice when run again the same day', async () => {
    const summary = await run(10);
    expect(summary.totals.rows_landed).toBe(0);
    const { rows } = await pool.query('select count(*)::int as n from raw.board_job_postings');
    expect(rows[0].n).toBe(18);
  });

  it('stages the real shapes: decoded and stripped HTML, several locations, salary only where given', async () => {
    buildBoards();
    const { rows } = await pool.query(
      `select posting_id, source, job_title, job_description, employer_name, job_location, job_city, job_state,
              job_country, job_is_remote, job_employment_types, job_min_salary, job_max_salary, job_salary_period,
              salary_currency, salary_min_annual, salary_max_annual, job_posted_at, company_lookup_key
         from staging.board_job_postings where board_token in ('acmerobotics', 'northwind') order by job_id`,
    );
    const by = Object.fromEntries(rows.map((row) => [row.posting_id, row]));
    const engineer = by['5012345001'];
    expect(engineer.job_description).toContain('Acme Robotics builds warehouse robots & the software that runs them.');
    expect(engineer.job_description).toContain("What you'll do");
    expect(engineer.job_description).toContain('Own our Airflow DAGs on Kubernetes');
    expect(engineer.job_description).not.toMatch(/[<>]|&(amp|lt|gt|nbsp|#39);/);
    expect(engineer).toMatchObject({
      source: 'greenhouse',
      employer_name: 'Acme Robotics',
      job_location: 'Austin, TX; New York, NY',
      job_city: 'Austin',
      job_state: 'TX',
      job_country: 'US',
      job_is_remote: false,
      job_employment_types: ['FULLTIME'],
      job_min_salary: null,
      salary_min_annual: null,
    });
    expect(engineer.job_posted_at.toISOString()).toBe('2026-08-20T17:00:00.000Z');
    expect(by['5012345002']).toMatchObject({ job_title: 'Product Designer', job_is_remote: true, job_city: null });
    // No first_published: the update time stands in; empty content is no description.
    expect(by['5012345003'].job_posted_at.toISOString()).toBe('2026-08-15T09:00:00.000Z');
    expect(by['5012345003'].job_description).toBeNull();

    const analytics = by['3414ba28-6a3b-4c7e-9a51-0c2f8e1d7b90'];
    expect(analytics).toMatchObject({
      source: 'lever',
      employer_name: 'Northwind Traders',
      company_lookup_key: 'northwind traders',
      job_location: 'San Francisco, CA; Toronto, ON, Canada',
      job_city: 'San Francisco',
      job_salary_period: 'YEAR',
      salary_currency: 'USD',
      job_employment_types: ['FULLTIME'],
    });
    expect(Number(analytics.job_min_salary)).toBe(150000);
    expect(Number(analytics.salary_max_annual)).toBe(180000);
    expect(analytics.job_description).toContain('Build dbt models on Snowflake');
    expect(analytics.job_description).toContain('Write SQL & Python');
    expect(analytics.job_description).not.toMatch(/<li>/);
    const support = by['9f1c2d3e-1111-4a2b-8c3d-444455556666'];
    expect(support).toMatchObject({
      job_is_remote: true,
      job_employment_types: ['CONTRACTOR'],
      salary_currency: 'USD',
    });
    expect(Number(support.salary_min_annual)).toBe(28 * 2080);
    expect(by['abc-123']).toMatchObject({ job_employment_types: ['INTERN'], job_min_salary: null });

    const facts = await pool.query(
      `select source, count(*)::int as n from marts.fact_jobs group by source order by source`,
    );
    expect(facts.rows).toEqual([
      { source: 'greenhouse', n: 15 },
      { source: 'lever', n: 3 },
    ]);
  }, 300_000);

  it('expires a posting taken off its board at the next fetch', async () => {
    const gone = fakeBoardPostings(42, 'globex', NOW)?.[0]?.id as string;
    hidden.set('globex', new Set([gone]));
    const summary = await run(60);
    expect(summary.boards.find((board) => board.board_token === 'globex')?.postings_received).toBe(11);
    buildBoards();
    const { rows } = await pool.query(
      `select posting_id, board_removed_at from staging.board_job_postings
        where board_token = 'globex' and board_removed_at is not null`,
    );
    expect(rows).toEqual([{ posting_id: gone, board_removed_at: new Date(NOW.getTime() + 60 * 60_000) }]);
    const fact = await pool.query(`select board_removed_at, is_expired from marts.fact_jobs where job_id = $1`, [
      `greenhouse:globex:${gone}`,
    ]);
    expect(fact.rows[0].board_removed_at).toEqual(new Date(NOW.getTime() + 60 * 60_000));
    // Boards list only open jobs: gone from its board, the posting is expired (never mailed).
    expect(fact.rows[0].is_expired).toBe(true);
    const listed = await pool.query(
      `select bool_or(is_expired) as any_expired from marts.fact_jobs
        where job_id like 'greenhouse:globex:%' and job_id <> $1`,
      [`greenhouse:globex:${gone}`],
    );
    expect(listed.rows[0].any_expired).toBe(false);
    // A failed fetch (the 5xx board) expires nothing; the listed postings stay open.
    const open = await pool.query(
      `select count(*)::int as n from marts.fact_jobs where source <> 'jsearch' and board_removed_at is null`,
    );
    expect(open.rows[0].n).toBe(17);
  }, 300_000);

  it('ranks board postings for every profile: title matches above the relevance floor, only open ones, watched companies only when asked', async () => {
    const profiles = await pool.query(
      `insert into marts.profile_preferences (profile_name, query, email, only_watched_companies)
       values ('Any engineer', 'engineer', 'a@example.com', false),
              ('Watched only', 'engineer', 'b@example.com', true)
       returning profile_id::int as id`,
    );
    const [anyProfile, watchedProfile] = profiles.rows.map((row) => row.id);
    await pool.query("update marts.board_sources set is_active = false where board_token = 'globex'");
    runDbt(db.name, [
      'run',
      '--quiet',
      '--select',
      'int_ranking__job_terms',
      'int_ranking__profile_concepts',
      'dim_ranking',
      'profile_top_jobs',
    ]);
    const { rows } = await pool.query(
      `select top.profile_id::int as profile_id, top.job_id, top.relevance_score::float as relevance,
              top.was_found_by_profile, jobs.source, jobs.board_removed_at, jobs.job_title
         from marts.profile_top_jobs as top join marts.fact_jobs as jobs using (job_id)`,
    );
    const forAny = rows.filter((row) => row.profile_id === anyProfile);
    expect(forAny.length).toBeGreaterThan(0);
    expect(forAny.every((row) => row.source !== 'jsearch' && row.was_found_by_profile === false)).toBe(true);
    expect(forAny.every((row) => row.relevance >= 50 && /engineer/i.test(row.job_title))).toBe(true);
    // The fixture boards' postings are months old (past digest_max_age_days); globex's are fresh.
    expect(forAny.some((row) => row.job_id.startsWith('greenhouse:globex:'))).toBe(true);
    // The posting taken off its board is not offered.
    expect(forAny.every((row) => row.board_removed_at === null)).toBe(true);
    // Same query, watched companies only: the deactivated board's employer is not watched...
    const forWatched = () =>
      pool.query('select job_id from marts.profile_top_jobs where profile_id = $1', [watchedProfile]);
    expect((await forWatched()).rows).toEqual([]);
    // ...and is again once its board is active (profile_top_jobs is a view: no rebuild).
    await pool.query("update marts.board_sources set is_active = true where board_token = 'globex'");
    const watchedJobs = (await forWatched()).rows.map((row) => row.job_id).sort();
    expect(watchedJobs).toEqual(forAny.map((row) => row.job_id).sort());
  }, 300_000);

  it('groups a board posting with its JSearch copy: one top-jobs entry, and once mailed through either copy, never again', async () => {
    const { rows: boardRows } = await pool.query(
      `select job_id, employer_name, job_title, job_city, job_state, job_country, is_remote, posted_at
         from marts.fact_jobs
        where job_id like 'greenhouse:globex:%' and board_removed_at is null and job_title ~* 'engineer'
        order by job_id limit 1`,
    );
    const board = boardRows[0];
    expect(board).toBeDefined();
    const { rows: profileRows } = await pool.query(
      `insert into marts.profile_preferences (profile_name, query, email, min_mail_score)
       values ('Both sources', 'engineer', 'both@example.com', 0) returning profile_id::int as id`,
    );
    const profileId = profileRows[0].id as number;
    // The same role as JSearch returns it: LinkedIn's copy, posted a day after the board's.
    const jsearchCopy = {
      job_id: 'JSEARCH-COPY-OF-BOARD',
      employer_name: `${board.employer_name}, Inc.`,
      job_title: board.job_title,
      job_city: board.job_city,
      job_state: board.job_state,
      job_country: String(board.job_country ?? 'us').toUpperCase(),
      job_is_remote: board.is_remote,
      job_publisher: 'LinkedIn',
      job_apply_link: 'https://www.linkedin.com/jobs/view/1',
      job_description: 'The same role, as a job board shows it.',
      job_posted_at_timestamp: Math.floor(new Date(board.posted_at).getTime() / 1000) + 86_400,
    };
    const loadedAt = new Date();
    await pool.query(
      `insert into raw.dwh_loads (load_id, dwh_source_system, resource_name, profile_id, load_status, row_count,
         quarantined_count, api_call_count, api_error_count, started_at, finished_at)
       values ('load-both-sources', 'jsearch', 'job_postings', $1, 'finished', 1, 0, 1, 0, $2, $2)`,
      [profileId, loadedAt],
    );
    await pool.query(
      `insert into raw.jsearch_job_postings (raw_job_posting_id, job_id, raw_payload, profile_id, dwh_load_id,
         dwh_load_date, dwh_load_timestamp, dwh_source_system)
       values ('raw-both-sources', $1, $2, $3, 'load-both-sources', $4::timestamptz::date, $4, 'jsearch')`,
      [jsearchCopy.job_id, JSON.stringify(jsearchCopy), profileId, loadedAt],
    );
    runDbt(db.name, ['run', '--quiet', '--select', '+profile_top_jobs']);

    const { rows: copies } = await pool.query(
      `select job_id, source, duplicate_group_key from marts.fact_jobs where job_id in ($1, $2) order by source`,
      [board.job_id, jsearchCopy.job_id],
    );
    expect(copies.map((row) => row.source)).toEqual(['greenhouse', 'jsearch']);
    expect(copies[0].duplicate_group_key).toBe(copies[1].duplicate_group_key);
    const groupKey = copies[0].duplicate_group_key;
    const topOfGroup = async () =>
      (
        await pool.query(
          `select job_id, hidden_reason, digest_position, is_eligible_to_mail, also_on
             from marts.profile_top_jobs where profile_id = $1 and duplicate_group_key = $2 order by job_id`,
          [profileId, groupKey],
        )
      ).rows;
    const group = await topOfGroup();
    expect(group).toHaveLength(2);
    const shown = group.filter((row) => row.hidden_reason === null);
    expect(shown).toHaveLength(1);
    expect(group.filter((row) => row.hidden_reason === 'duplicate')).toHaveLength(1);
    expect(shown[0].digest_position).not.toBeNull();
    expect(shown[0].also_on).toHaveLength(1);
    // Mailed through the copy the digest chose: no copy of the group is eligible again.
    await pool.query(
      `insert into marts.notification_log (profile_id, job_id, digest_id, delivery_status, notified_at)
       values ($1, $2, 'digest-both-sources', 'sent', now())`,
      [profileId, shown[0].job_id],
    );
    expect((await topOfGroup()).filter((row) => row.is_eligible_to_mail)).toEqual([]);
  }, 300_000);
});
