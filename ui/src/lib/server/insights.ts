// How a profile performs: its runs (marts.pipeline_run_metrics), the data-quality summary of its
// last run, and its ranked jobs (marts.dim_ranking + fact_jobs + dim_companies). The marts may not
// exist yet on a fresh warehouse; then the page shows "no data yet" instead of failing.
import type { DataQuality, ProfileRun, RunStatus } from '$lib/insights.ts';
import { db, isMissingTable } from './db.ts';

async function unlessMissing<T>(work: () => Promise<T>, fallback: T): Promise<{ value: T; missing: boolean }> {
  try {
    return { value: await work(), missing: false };
  } catch (error) {
    if (isMissingTable(error)) return { value: fallback, missing: true };
    throw error;
  }
}

// A profile's run is all its rows for one dag_run_id; the worst task status is the run's status.
export async function getRuns(profileId: number, limit: number): Promise<ProfileRun[]> {
  const { rows } = await db().query<{
    dag_run_id: string;
    started_ms: number | null;
    finished_ms: number | null;
    status: RunStatus;
    jobs_found: number | null;
    api_calls: number;
    api_errors: number;
    duration_s: number | null;
    error_message: string | null;
  }>(
    `select dag_run_id,
            (extract(epoch from coalesce(min(started_at), min(recorded_at))) * 1000)::float8 as started_ms,
            (extract(epoch from max(recorded_at)) * 1000)::float8 as finished_ms,
            case
                when bool_or(run_status = 'failed') then 'failed'
                when bool_or(run_status = 'partial') then 'partial'
                when bool_and(run_status = 'skipped') then 'skipped'
                else 'success'
            end as status,
            max(jobs_found) as jobs_found,
            coalesce(sum(api_calls), 0) as api_calls,
            coalesce(sum(api_errors), 0) as api_errors,
            sum(duration_s) as duration_s,
            string_agg(error_message, '; ' order by task_id) filter (where error_message is not null) as error_message
     from marts.pipeline_run_metrics
     where profile_id = $1
     group by dag_run_id
     order by max(recorded_at) desc, dag_run_id desc
     limit $2`,
    [profileId, limit],
  );
  return rows.map((row) => ({
    dagRunId: row.dag_run_id,
    startedAt: row.started_ms,
    finishedAt: row.finished_ms,
    status: row.status,
    jobsFound: row.jobs_found,
    apiCalls: row.api_calls,
    apiErrors: row.api_errors,
    durationS: row.duration_s,
    errorMessage: row.error_message,
  }));
}

/** dq_* of the profile's latest run: run-wide rows (profile_id null) plus any of its own. */
export async function getLastRunDataQuality(profileId: number): Promise<DataQuality | null> {
  const { rows } = await db().query<DataQuality & { has_dq: boolean }>(
    `with last_run as (
         select dag_run_id from marts.pipeline_run_metrics
         where profile_id = $1
         order by recorded_at desc, dag_run_id desc
         limit 1
     )
     select pipeline_run_metrics.dag_run_id as "dagRunId",
            coalesce(sum(dq_tests_passed), 0) as passed,
            coalesce(sum(dq_tests_warned), 0) as warned,
            coalesce(sum(dq_tests_failed), 0) as failed,
            bool_or(dq_tests_passed is not null or dq_tests_warned is not null or dq_tests_failed is not null) as has_dq
     from marts.pipeline_run_metrics
     join last_run on last_run.dag_run_id = pipeline_run_metrics.dag_run_id
     where pipeline_run_metrics.profile_id is null or pipeline_run_metrics.profile_id = $1
     group by pipeline_run_metrics.dag_run_id`,
    [profileId],
  );
  const row = rows[0];
  if (!row?.has_dq) return null;
  return { dagRunId: row.dagRunId, passed: row.passed, warned: row.warned, failed: row.failed };
}

export interface ScoreSummary {
  /** Jobs ranked for the profile in each 10-point bucket, 0–10 … 90–100. */
  buckets: number[];
  ranked: number;
  averageScore: number | null;
}

export async function getScoreSummary(profileId: number): Promise<{ value: ScoreSummary; missing: boolean }> {
  return unlessMissing(
    async () => {
      const { rows } = await db().query<{ bucket: number; jobs: number; score_total: number }>(
        `select least(greatest(floor(rank_score / 10), 0), 9)::int as bucket,
              count(*)::int as jobs,
              sum(rank_score)::float8 as score_total
       from marts.dim_ranking
       where profile_id = $1
       group by 1`,
        [profileId],
      );
      const buckets = Array.from({ length: 10 }, () => 0);
      let ranked = 0;
      let scoreTotal = 0;
      for (const row of rows) {
        buckets[row.bucket] = row.jobs;
        ranked += row.jobs;
        scoreTotal += row.score_total;
      }
      return { buckets, ranked, averageScore: ranked > 0 ? scoreTotal / ranked : null };
    },
    { buckets: Array.from({ length: 10 }, () => 0), ranked: 0, averageScore: null },
  );
}

export async function getTopSkills(
  profileId: number,
  limit: number,
): Promise<{ value: { skill: string; jobs: number }[]; missing: boolean }> {
  return unlessMissing(async () => {
    const { rows } = await db().query<{ skill: string; jobs: number }>(
      `select skill, count(*)::int as jobs
       from marts.dim_ranking
       join marts.fact_jobs on fact_jobs.job_posting_key = dim_ranking.job_posting_key
       cross join lateral unnest(fact_jobs.extracted_skills) as skill
       where dim_ranking.profile_id = $1
       group by skill
       order by jobs desc, skill
       limit $2`,
      [profileId, limit],
    );
    return rows;
  }, []);
}

export interface TopJob {
  job_posting_key: string;
  rank_score: number;
  rank_explain: {
    factors?: Record<string, number>;
    reasons?: Record<string, string>;
    matched_skills?: string[];
  } | null;
  job_title: string | null;
  employer_name: string | null;
  job_city: string | null;
  job_state: string | null;
  job_country: string | null;
  is_remote: boolean | null;
  salary_min_annual: number | null;
  salary_max_annual: number | null;
  salary_currency: string | null;
  posted_at: Date | null;
  apply_link: string | null;
  seniority_level: string | null;
  company_rating: number | null;
}

export async function getTopJobs(profileId: number, limit: number): Promise<{ value: TopJob[]; missing: boolean }> {
  return unlessMissing(async () => {
    const { rows } = await db().query<TopJob>(
      `select dim_ranking.job_posting_key, dim_ranking.rank_score, dim_ranking.rank_explain,
              fact_jobs.job_title, fact_jobs.employer_name, fact_jobs.job_city, fact_jobs.job_state,
              fact_jobs.job_country, fact_jobs.is_remote, fact_jobs.salary_min_annual, fact_jobs.salary_max_annual,
              fact_jobs.salary_currency, fact_jobs.posted_at, fact_jobs.apply_link, fact_jobs.seniority_level,
              dim_companies.overall_rating as company_rating
       from marts.dim_ranking
       join marts.fact_jobs on fact_jobs.job_posting_key = dim_ranking.job_posting_key
       left join marts.dim_companies on dim_companies.company_key = fact_jobs.company_key
       where dim_ranking.profile_id = $1
       order by dim_ranking.rank_score desc, fact_jobs.posted_at desc nulls last, dim_ranking.job_posting_key
       limit $2`,
      [profileId, limit],
    );
    return rows;
  }, []);
}
