// jobctl feedback as a process, against a clone of the real warehouse: the row it writes, what
// marts.profile_top_jobs then does with the job, and the errors for bad input.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJobctl } from '../../../tests/support/jobctl.ts';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/pg.ts';
import { parseCommand, UsageError } from '../../src/cli.ts';
import { cleanReason, MAX_REASON_LENGTH } from '../../src/pipeline/feedback.ts';

const jobctl = (args: string[], databaseUrl: string) =>
  runJobctl(args, { DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' });

let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase('loaders_feedback', { warehouse: true });
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
  await pool.query(`insert into marts.profile_preferences (profile_id, profile_name, query, country, email, min_mail_score)
                    values (7, 'Data', 'data engineer', 'ca', 'ada@example.com', 0)`);
  await pool.query(`insert into marts.fact_jobs_stored (job_posting_key, job_id, company_key, job_title, location_bucket,
                        is_remote, is_full_time, salary_band, posted_at, posted_date, source, dwh_updated_at)
                    values ('k-1', 'job-1', 'unknown', 'Data Engineer', 'city', false, true, 'unknown', now(), current_date, 'jsearch', now()),
                           ('k-2', 'job-2', 'unknown', 'Data Engineer II', 'city', false, true, 'unknown', now(), current_date, 'jsearch', now())`);
  await pool.query(`insert into marts.dim_ranking (job_posting_key, profile_id, rank_score, relevance_score, rank_explain,
                        ranked_at, job_id, was_found_by_profile, profile_updated_at)
                    select key, 7, 80, 80, '{"factors": {}, "reasons": {}}', now(), job_id, true, updated_at
                    from (values ('k-1', 'job-1'), ('k-2', 'job-2')) as jobs (key, job_id)
                    cross join marts.profile_preferences where profile_id = 7`);
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

describe('parseCommand feedback', () => {
  it('reads every option', () => {
    expect(
      parseCommand(['feedback', '--profile', '3', '--job', ' J1 ', '--kind', 'not_interested', '--reason', 'too\nfar']),
    ).toEqual({ name: 'feedback', profileId: 3, jobId: 'J1', kind: 'not_interested', reason: 'too far' });
    expect(parseCommand(['feedback', '--profile', '3', '--job', 'J1', '--kind', 'applied'])).toEqual({
      name: 'feedback',
      profileId: 3,
      jobId: 'J1',
      kind: 'applied',
    });
  });

  it.each([
    [['feedback', '--job', 'J1', '--kind', 'applied'], /needs --profile ID --job JOB_ID --kind/],
    [['feedback', '--profile', '1', '--kind', 'applied'], /needs --profile/],
    [['feedback', '--profile', '1', '--job', 'J1', '--kind', 'expired'], /--kind must be not_interested or applied/],
    [['feedback', '--profile', '0', '--job', 'J1', '--kind', 'applied'], /--profile must be an integer >= 1/],
    [
      ['feedback', '--profile', '1', '--job', 'J1', '--kind', 'applied', '--reason', 'x'.repeat(501)],
      /longer than 500/,
    ],
  ])('refuses %o', (argv, message) => {
    expect(() => parseCommand(argv)).toThrow(UsageError);
    expect(() => parseCommand(argv)).toThrow(message);
  });

  it('cleans reasons', () => {
    expect(cleanReason('  ')).toBeNull();
    expect(cleanReason(undefined)).toBeNull();
    expect(cleanReason('a\u0000b\r\nc')).toBe('a b c');
    expect(cleanReason('x'.repeat(MAX_REASON_LENGTH))).toHaveLength(MAX_REASON_LENGTH);
  });
});

describe('jobctl feedback', () => {
  it('records a dismissal once, and the job is hidden and never eligible to mail', async () => {
    const first = await jobctl(
      ['feedback', '--profile', '7', '--job', 'job-1', '--kind', 'not_interested', '--reason', 'too far'],
      db.url,
    );
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({
      command: 'feedback',
      profile_id: 7,
      job_id: 'job-1',
      kind: 'not_interested',
      status: 'recorded',
    });
    const again = await jobctl(['feedback', '--profile', '7', '--job', 'job-1', '--kind', 'not_interested'], db.url);
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'updated' });

    const { rows: feedback } = await pool.query('select profile_id, job_id, kind, reason from marts.job_feedback');
    expect(feedback).toEqual([{ profile_id: '7', job_id: 'job-1', kind: 'not_interested', reason: 'too far' }]);
    const { rows: top } = await pool.query(
      `select job_id, hidden_reason, position, is_eligible_to_mail, feedback_reason
       from marts.profile_top_jobs where profile_id = 7 order by job_id`,
    );
    expect(top).toEqual([
      {
        job_id: 'job-1',
        hidden_reason: 'not_interested',
        position: null,
        is_eligible_to_mail: false,
        feedback_reason: 'too far',
      },
      { job_id: 'job-2', hidden_reason: null, position: 1, is_eligible_to_mail: true, feedback_reason: null },
    ]);
  });

  it('says so when the profile or the job does not exist, and writes nothing', async () => {
    const noProfile = await jobctl(['feedback', '--profile', '99', '--job', 'job-2', '--kind', 'applied'], db.url);
    expect(noProfile.code).toBe(1);
    expect(noProfile.stderr).toBe('FeedbackError: there is no profile 99\n');
    const noJob = await jobctl(['feedback', '--profile', '7', '--job', 'nope', '--kind', 'applied'], db.url);
    expect(noJob.code).toBe(1);
    expect(noJob.stderr).toContain('FeedbackError: there is no job with job_id "nope"');
    const usage = await jobctl(['feedback', '--profile', '7', '--job', 'job-2', '--kind', 'meh'], db.url);
    expect(usage.code).toBe(2);
    const { rows } = await pool.query("select count(*)::int as n from marts.job_feedback where job_id <> 'job-1'");
    expect(rows[0].n).toBe(0);
  });
});
