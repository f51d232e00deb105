// Test and benchmark data for the profile app: profiles, run history, ranked jobs.
//
// The marts (fact_jobs_stored behind the fact_jobs view, dim_ranking, dim_companies) are dbt's real
// tables: createTestDatabase(…, { warehouse: true }) clones them from the warehouse template.
import type pg from 'pg';

type Queryable = Pick<pg.Client, 'query'>;

/**
 * What dbt's marts post-hook does after every build (dbt/macros/data_version.sql): move the data
 * version, so the app's page cache sees marts the tests write by hand as changed, exactly as it sees
 * a dbt build. (profile_preferences and pipeline_run_metrics need nothing: their triggers do it.)
 */
export async function bumpDataVersion(client: Queryable): Promise<void> {
  await client.query(`do $$
    begin
        if to_regclass('marts.data_version') is not null then
            update marts.data_version set data_version = data_version + 1, changed_at = now();
        end if;
    end
    $$`);
}

export interface ProfileSeed {
  profile_name: string;
  query: string;
  email: string;
  is_active?: boolean;
  location?: string | null;
  country?: string;
  preferred_skills?: string[];
  last_run_at?: Date | null;
  last_run_status?: string | null;
  last_run_job_count?: number | null;
  total_run_count?: number;
  min_mail_score?: number;
}

export async function insertProfile(client: Queryable, seed: ProfileSeed): Promise<number> {
  const { rows } = await client.query<{ profile_id: string }>(
    `insert into marts.profile_preferences
       (profile_name, is_active, query, location, country, date_window, remote_preference, email, preferred_skills,
        last_run_at, last_run_status, last_run_job_count, total_run_count, min_mail_score)
     values ($1, $2, $3, $4, $5, 'week', 'any', $6, $7, $8, $9, $10, $11, coalesce($12::numeric, 40))
     returning profile_id`,
    [
      seed.profile_name,
      seed.is_active ?? true,
      seed.query,
      seed.location ?? null,
      seed.country ?? 'us',
      seed.email,
      seed.preferred_skills ?? [],
      seed.last_run_at ?? null,
      seed.last_run_status ?? null,
      seed.last_run_job_count ?? null,
      seed.total_run_count ?? 0,
      seed.min_mail_score ?? null,
    ],
  );
  return Number(rows[0]?.profile_id);
}

/** Many profiles in one statement (benchmarks): names "Profile 0001" … with varied run stats. */
export async function insertManyProfiles(client: Queryable, count: number, now = new Date()): Promise<void> {
  await client.query(
    `insert into marts.profile_preferences
       (profile_name, is_active, query, location, country, date_window, remote_preference, email,
        last_run_at, last_run_status, last_run_job_count, total_run_count)
     select 'Profile ' || lpad(n::text, 4, '0'), n % 7 <> 0, 'engineer ' || n, 'City ' || (n % 40), 'us', 'week',
            'any', 'p' || n || '@example.com',
            $2::timestamptz - (n % 5) * interval '1 day',
            (array['success', 'success', 'success', 'partial', 'failed'])[1 + n % 5],
            (n * 7) % 60, n % 365
     from generate_series(1, $1::int) as n`,
    [count, now],
  );
}

export interface RunSeed {
  dagRunId: string;
  startedAt: Date;
  status: 'success' | 'partial' | 'failed' | 'skipped';
  jobsFound: number;
  apiErrors?: number;
  durationS?: number;
  errorMessage?: string | null;
  dq?: { passed: number; warned: number; failed: number };
}

/**
 * One run = the profile's extract row, a rank row, a run-wide dbt_tests row with dq_*, and the
 * profile's own dbt_tests row with the same dq_* (as the DAG's record_run_statistics writes it).
 */
export async function insertRuns(client: Queryable, profileId: number, runs: readonly RunSeed[]): Promise<void> {
  if (runs.length === 0) return;
  const rows = runs.flatMap((run) => {
    const finished = new Date(run.startedAt.getTime() + (run.durationS ?? 30) * 1000);
    return [
      [
        run.dagRunId,
        'extract_job_postings',
        profileId,
        run.status,
        run.jobsFound,
        1 + (run.apiErrors ?? 0),
        run.apiErrors ?? 0,
        run.durationS ?? 30,
        null,
        null,
        null,
        run.errorMessage ?? null,
        run.startedAt,
        finished,
      ],
      [
        run.dagRunId,
        'rank_jobs',
        profileId,
        run.status === 'failed' ? 'skipped' : 'success',
        null,
        0,
        0,
        2,
        null,
        null,
        null,
        null,
        run.startedAt,
        finished,
      ],
      [
        run.dagRunId,
        'dbt_tests',
        null,
        'success',
        null,
        0,
        0,
        20,
        run.dq?.passed ?? null,
        run.dq?.warned ?? null,
        run.dq?.failed ?? null,
        null,
        run.startedAt,
        finished,
      ],
      [
        run.dagRunId,
        'dbt_tests',
        profileId,
        'success',
        null,
        0,
        0,
        null,
        run.dq?.passed ?? null,
        run.dq?.warned ?? null,
        run.dq?.failed ?? null,
        null,
        run.startedAt,
        finished,
      ],
    ];
  });
  const columns = 14;
  const placeholders = rows
    .map((_, row) => `(${Array.from({ length: columns }, (_, column) => `$${row * columns + column + 1}`).join(', ')})`)
    .join(', ');
  // The run-wide row is shared by every profile of a run; a second profile in the same run keeps it.
  await client.query(
    `insert into marts.pipeline_run_metrics
       (dag_run_id, task_id, profile_id, run_status, jobs_found, api_calls, api_errors, duration_s,
        dq_tests_passed, dq_tests_warned, dq_tests_failed, error_message, started_at, recorded_at)
     values ${placeholders}
     on conflict do nothing`,
    rows.flat(),
  );
}

/** `count` daily runs ending at `lastRunAt`, mostly successful, with a failure every 9th day. */
export function dailyRuns(count: number, lastRunAt: Date, prefix = 'scheduled'): RunSeed[] {
  return Array.from({ length: count }, (_, index) => {
    const daysAgo = count - 1 - index;
    const startedAt = new Date(lastRunAt.getTime() - daysAgo * 86_400_000);
    const failed = index % 9 === 4;
    return {
      dagRunId: `${prefix}__${startedAt.toISOString()}`,
      startedAt,
      status: failed ? 'failed' : index % 11 === 7 ? 'partial' : 'success',
      jobsFound: failed ? 0 : 10 + ((index * 37) % 45),
      apiErrors: failed ? 3 : index % 11 === 7 ? 1 : 0,
      durationS: 20 + (index % 13),
      errorMessage: failed ? 'JSearch answered 503 three times' : null,
      dq: { passed: 120, warned: index % 5 === 0 ? 2 : 0, failed: 0 },
    };
  });
}

export interface JobSeed {
  key: string;
  title: string;
  employer: string;
  skills: string[];
  score: number;
  city?: string;
  remote?: boolean;
  salaryMin?: number | null;
  salaryMax?: number | null;
  applyLink?: string | null;
  rating?: number | null;
  postedAt?: Date;
  factors?: Record<string, number>;
  reasons?: Record<string, string>;
}

export async function insertRankedJobs(client: Queryable, profileId: number, jobs: readonly JobSeed[]): Promise<void> {
  for (const job of jobs) {
    const companyKey = `company-${job.employer.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
    await client.query(
      `insert into marts.dim_companies (company_key, company_id, company_name, company_lookup_key, overall_rating,
                                        review_count, enrichment_status, is_enriched, is_unknown_member, dwh_updated_at)
       values ($1, $1, $2, $1, $3, 10, 'success', true, false, now())
       on conflict do nothing`,
      [companyKey, job.employer, job.rating ?? null],
    );
    const postedAt = job.postedAt ?? new Date();
    await client.query(
      `insert into marts.fact_jobs_stored (job_posting_key, job_id, company_key, job_title, employer_name, job_city,
         job_state, job_country, location_bucket, is_remote, is_full_time, employment_types, seniority_level,
         extracted_skills, salary_min, salary_max, salary_period, salary_currency, salary_min_annual,
         salary_max_annual, salary_band, posted_at, posted_date, apply_link, publisher, source, dwh_updated_at)
       values ($1, $1, $2, $3, $4, $5, 'ON', 'CA', case when $6 then 'remote' else 'city' end, $6, true, '{FULLTIME}', 'senior', $7, $8, $9, 'YEAR',
         'CAD', $8, $9, 'unknown', $10::timestamptz, ($10::timestamptz at time zone 'UTC')::date, $11, 'Fake Board', 'jsearch', now())
       on conflict do nothing`,
      [
        job.key,
        companyKey,
        job.title,
        job.employer,
        job.city ?? 'Toronto',
        job.remote ?? false,
        job.skills,
        job.salaryMin ?? null,
        job.salaryMax ?? null,
        postedAt,
        job.applyLink ?? null,
      ],
    );
    const factors = job.factors ?? { keyword: job.score * 0.5, location: job.score * 0.3, recency: job.score * 0.2 };
    const reasons = job.reasons ?? {
      keyword: 'Query words in the title',
      location: 'In your city',
      recency: 'Posted recently',
    };
    // Shaped like dim_ranking's rows: every factor earns all it can (weights = factors), and the
    // row is scored under the profile's saved settings (profile_updated_at), as dbt leaves it.
    await client.query(
      `insert into marts.dim_ranking (job_posting_key, profile_id, job_id, rank_score, relevance_score, rank_explain,
                                      was_found_by_profile, ranked_at, profile_updated_at)
       select $1, $2, $1, $3, $3, $4, true, now(), profile_preferences.updated_at
       from marts.profile_preferences where profile_id = $2`,
      [
        job.key,
        profileId,
        job.score,
        JSON.stringify({ factors, reasons, matched_skills: job.skills, weights: factors, relevance: 1 }),
      ],
    );
  }
  await bumpDataVersion(client);
}
