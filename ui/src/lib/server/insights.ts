// Everything the detail page shows about one profile, in one prepared statement (one round trip,
// planned once per connection): its settings (marts.profile_preferences), its runs
// (marts.pipeline_run_metrics), the data-quality summary of its last run, and its ranked jobs
// (marts.dim_ranking for the histogram and skills; marts.profile_top_jobs, the next digest's jobs in
// its order with its reasons, for the top jobs). PostgreSQL builds the JSON; Node only parses it.
// The ranking marts may not exist yet on a fresh warehouse: then a second statement without them
// answers and the page says "not built yet" instead of failing.
import type { DataQuality, ProfileRun, RunStatus } from '$lib/insights.ts';
import { db, isMissingTable } from './db.ts';
import { type ProfileRow, WEBHOOK_MASK } from './profiles.ts';

/** One run in the chart and the aggregates: [started (epoch ms), status, jobs found, API errors, duration s]. */
export type RunPoint = [
  startedAt: number | null,
  status: RunStatus,
  jobsFound: number | null,
  apiErrors: number,
  durationS: number | null,
];

export interface ScoreSummary {
  /** Jobs ranked for the profile in each 10-point bucket, 0–10 … 90–100. */
  buckets: number[];
  ranked: number;
  averageScore: number | null;
}

export interface TopJob {
  job_posting_key: string;
  /** notification_log's and job_feedback's key. */
  job_id: string;
  /** Expired or stale (fact_jobs.is_expired): shown greyed, never mailed. */
  is_expired: boolean;
  /** The other boards this job is on ([{publisher, apply_link}]), from profile_top_jobs.also_on. */
  also_on: { publisher: string | null; apply_link: string | null }[];
  rank_score: number;
  /** 0–9, the score's tens (profile_top_jobs.score_bucket). */
  score_bucket: number;
  /** Best first, decided in SQL (profile_top_jobs.top_reasons). */
  top_reasons: string[];
  job_title: string | null;
  employer_name: string | null;
  job_city: string | null;
  job_state: string | null;
  job_country: string | null;
  is_remote: boolean | null;
  salary_min_annual: number | null;
  salary_max_annual: number | null;
  salary_currency: string | null;
  /** Epoch milliseconds. */
  posted_at: number | null;
  /** fact_jobs.job_age_days: the one "posted N days ago" rule, shared with the digest. */
  job_age_days: number | null;
  apply_link: string | null;
  seniority_level: string | null;
  company_rating: number | null;
}

/** A job hidden from the profile's top jobs (profile_top_jobs.hidden_reason), or shown but expired. */
export interface HiddenJob {
  job_id: string;
  job_title: string | null;
  employer_name: string | null;
  /** Null for an expired posting that is still shown (greyed, never mailed). */
  hidden_reason: string | null;
  feedback_reason: string | null;
  is_expired: boolean;
  rank_score: number;
  apply_link: string | null;
}

/** A job the person said they applied to (marts.job_feedback kind 'applied'). */
export interface AppliedJob {
  job_id: string;
  job_title: string | null;
  employer_name: string | null;
  apply_link: string | null;
  is_expired: boolean;
  /** Epoch milliseconds. */
  applied_at: number;
}

export interface ProfileInsights {
  profile: ProfileRow;
  /** Every run, newest first, reduced to what the chart and the aggregates need. */
  history: RunPoint[];
  /** The newest `recentRuns` runs in full, for the table. */
  recent: ProfileRun[];
  dataQuality: DataQuality | null;
  scores: ScoreSummary;
  skills: { skill: string; jobs: number }[];
  topJobs: TopJob[];
  /** Hidden jobs, then shown but expired ones, best first within each reason; at most limits.hiddenJobs. */
  hiddenJobs: HiddenJob[];
  /** How many jobs each hidden_reason hides (all of them, not only the listed ones). */
  hiddenCounts: Record<string, number>;
  appliedJobs: AppliedJob[];
  /** The profile was edited since its jobs were scored: the rescore has not finished yet. */
  refreshing: boolean;
  rankingMissing: boolean;
}

const PROFILE = `
    profile as (
        select profile_id, profile_name, is_active, query, location, country, language, date_window,
               coalesce(employment_types, '{}') as employment_types, remote_preference, min_salary, max_salary,
               salary_currency, coalesce(min_mail_score, 40)::float8 as min_mail_score, email, coalesce(preferred_skills, '{}') as preferred_skills,
               coalesce(preferred_seniority, '{}') as preferred_seniority,
               coalesce(notify_when_empty, true) as notify_when_empty,
               coalesce(excluded_employers, '{}') as excluded_employers,
               coalesce(excluded_keywords, '{}') as excluded_keywords,
               coalesce(block_keywords_in, 'title') as block_keywords_in, ${WEBHOOK_MASK}, created_at, updated_at,
               last_run_at, last_run_status, last_run_job_count, total_run_count
        from marts.profile_preferences
        where profile_id = $1
    )`;

// A profile's run is all its rows for one dag_run_id; the worst task status is the run's status
// (failed > partial > success; skipped only when every task was skipped). Times leave as epoch
// milliseconds via date_part (float8): extract() computes in numeric, several times slower here.
const RUNS = `
    runs as (
        select dag_run_id,
               date_part('epoch', coalesce(min(started_at), min(recorded_at))) * 1000 as started_ms,
               date_part('epoch', max(recorded_at)) * 1000 as finished_ms,
               case max(case run_status when 'failed' then 3 when 'partial' then 2 when 'success' then 1 else 0 end)
                   when 3 then 'failed'
                   when 2 then 'partial'
                   when 1 then 'success'
                   else 'skipped'
               end as status,
               max(jobs_found) as jobs_found,
               coalesce(sum(api_calls), 0) as api_calls,
               coalesce(sum(api_errors), 0) as api_errors,
               sum(duration_s::float8) as duration_s,
               bool_or(error_message is not null) as has_error
        from marts.pipeline_run_metrics
        where profile_id = $1
        group by dag_run_id
    ),
    ordered as (
        select runs.*, row_number() over (order by finished_ms desc, dag_run_id desc) as position
        from runs
    ),
    -- dbt tests run once per run: the run-wide row (profile_id null) and the profile's own row of the
    -- same step carry the same counts, so each step counts once (the profile's row when it has one).
    last_run_dq_steps as (
        select distinct on (task_id) dq_tests_passed, dq_tests_warned, dq_tests_failed
        from marts.pipeline_run_metrics
        where dag_run_id = (select dag_run_id from ordered where position = 1)
          and (profile_id is null or profile_id = $1)
        order by task_id, profile_id nulls last
    ),
    last_run_quality as (
        select coalesce(sum(dq_tests_passed), 0) as passed,
               coalesce(sum(dq_tests_warned), 0) as warned,
               coalesce(sum(dq_tests_failed), 0) as failed,
               bool_or(coalesce(dq_tests_passed, dq_tests_warned, dq_tests_failed) is not null) as has_dq
        from last_run_dq_steps
    )`;

const RUN_COLUMNS = `
    (select row_to_json(profile) from profile) as profile,
    (select coalesce(json_agg(json_build_array(started_ms, status, jobs_found, api_errors, duration_s)
                              order by position), '[]')
     from ordered) as history,
    (select coalesce(json_agg(json_build_object(
                'dagRunId', dag_run_id, 'startedAt', started_ms, 'finishedAt', finished_ms, 'status', status,
                'jobsFound', jobs_found, 'apiCalls', api_calls, 'apiErrors', api_errors, 'durationS', duration_s,
                'errorMessage', case when has_error then (
                    select string_agg(error_message, '; ' order by task_id) from marts.pipeline_run_metrics
                    where pipeline_run_metrics.dag_run_id = ordered.dag_run_id and profile_id = $1
                ) end
            ) order by position), '[]')
     from ordered
     where $2::int is null or position <= $2::int) as recent,
    (select json_build_object(
                'dagRunId', (select dag_run_id from ordered where position = 1),
                'passed', passed, 'warned', warned, 'failed', failed)
     from last_run_quality
     where has_dq) as data_quality`;

const RANKING = `
    ranked as (
        select job_posting_key, rank_score
        from marts.dim_ranking
        where profile_id = $1
    ),
    score_buckets as (
        select least(greatest(floor(rank_score::float8 / 10), 0), 9)::int as bucket,
               count(*)::int as jobs,
               sum(rank_score)::float8 as score_total
        from ranked
        group by 1
    ),
    skills as (
        select skill, count(*)::int as jobs
        from ranked
        join marts.fact_jobs on fact_jobs.job_posting_key = ranked.job_posting_key
        cross join lateral unnest(fact_jobs.extracted_skills) as skill
        group by skill
        order by jobs desc, skill
        limit $3
    ),
    -- Exactly the next digest: the same view, rows and order the notifier mails.
    top_jobs as (
        select top_jobs.digest_position, top_jobs.job_posting_key, top_jobs.job_id, top_jobs.is_expired,
               coalesce(top_jobs.also_on, '[]') as also_on, top_jobs.rank_score::float8 as rank_score,
               top_jobs.score_bucket, top_jobs.top_reasons, top_jobs.job_title,
               -- The digest's company rule: Glassdoor's name once enriched, else the posting's employer.
               coalesce(case when not dim_companies.is_unknown_member then dim_companies.company_name end,
                        top_jobs.employer_name) as employer_name,
               top_jobs.job_city, top_jobs.job_state, top_jobs.job_country, top_jobs.is_remote,
               top_jobs.salary_min_annual::float8 as salary_min_annual,
               top_jobs.salary_max_annual::float8 as salary_max_annual, top_jobs.salary_currency,
               date_part('epoch', top_jobs.posted_at) * 1000 as posted_at, top_jobs.age_days as job_age_days,
               top_jobs.apply_link,
               top_jobs.seniority_level, dim_companies.overall_rating::float8 as company_rating
        from marts.profile_top_jobs as top_jobs
        left join marts.dim_companies on dim_companies.company_key = top_jobs.company_key
        where top_jobs.profile_id = $1
          and top_jobs.digest_position <= $4
        order by top_jobs.digest_position
    ),
    -- What the top jobs leave out: hidden rows (block lists, feedback, board copies) and expired
    -- postings still shown (greyed, never mailed), best first within each reason.
    hidden_jobs as (
        select top_jobs.job_id, top_jobs.job_title, top_jobs.employer_name, top_jobs.hidden_reason,
               top_jobs.feedback_reason, top_jobs.is_expired, top_jobs.rank_score::float8 as rank_score,
               top_jobs.apply_link
        from marts.profile_top_jobs as top_jobs
        where top_jobs.profile_id = $1
          and (top_jobs.hidden_reason is not null or top_jobs.is_expired)
    ),
    hidden_counts as (
        select coalesce(hidden_reason, 'expired') as reason, count(*)::int as jobs
        from hidden_jobs
        group by 1
    ),
    -- Every job marked applied, with its posting when the warehouse still has it.
    applied_jobs as (
        select feedback.job_id, jobs.job_title, jobs.employer_name, jobs.apply_link,
               coalesce(jobs.is_expired, false) as is_expired,
               date_part('epoch', feedback.created_at) * 1000 as applied_at
        from marts.job_feedback as feedback
        left join lateral (
            select job_title, employer_name, apply_link, is_expired
            from marts.fact_jobs
            where fact_jobs.job_id = feedback.job_id
            limit 1
        ) as jobs on true
        where feedback.profile_id = $1 and feedback.kind = 'applied'
    ),
    -- Rows scored under older settings than the saved ones: a rescore is pending or running.
    stale as (
        select exists (
            select 1 from marts.dim_ranking, profile
            where dim_ranking.profile_id = $1
              and dim_ranking.profile_updated_at is distinct from profile.updated_at
        ) as refreshing
    )`;

const RANKING_COLUMNS = `
    (select coalesce(json_agg(json_build_array(bucket, jobs, score_total)), '[]') from score_buckets) as scores,
    (select coalesce(json_agg(skills), '[]') from skills) as skills,
    (select coalesce(json_agg(top_jobs order by top_jobs.digest_position), '[]') from top_jobs) as top_jobs,
    (select coalesce(json_agg(listed), '[]') from (
         select * from hidden_jobs order by hidden_reason nulls last, rank_score desc, job_id limit $5
     ) as listed) as hidden_jobs,
    (select coalesce(json_object_agg(reason, jobs), '{}') from hidden_counts) as hidden_counts,
    (select coalesce(json_agg(applied_jobs order by applied_at desc, job_id), '[]') from applied_jobs) as applied_jobs,
    (select refreshing from stale) as refreshing`;

const WITH_RANKING = {
  name: 'ui-profile-insights',
  text: `with ${PROFILE}, ${RUNS}, ${RANKING} select ${RUN_COLUMNS}, ${RANKING_COLUMNS}`,
};
const WITHOUT_RANKING = {
  name: 'ui-profile-insights-no-ranking',
  text: `with ${PROFILE}, ${RUNS} select ${RUN_COLUMNS}, $3::int as skill_limit, $4::int as job_limit, $5::int as hidden_limit`,
};

interface InsightsRow {
  profile:
    | (Omit<ProfileRow, 'created_at' | 'updated_at' | 'last_run_at'> &
        Record<`${'created' | 'updated' | 'last_run'}_at`, string | null>)
    | null;
  history: RunPoint[];
  recent: ProfileRun[];
  data_quality: DataQuality | null;
  scores?: [bucket: number, jobs: number, scoreTotal: number][];
  skills?: { skill: string; jobs: number }[];
  top_jobs?: TopJob[];
  hidden_jobs?: HiddenJob[];
  hidden_counts?: Record<string, number>;
  applied_jobs?: AppliedJob[];
  refreshing?: boolean;
}

export interface InsightsLimits {
  /** Runs shown in full in the table; null for all of them. */
  recentRuns: number | null;
  skills: number;
  topJobs: number;
  /** Hidden and expired jobs listed (all are counted). */
  hiddenJobs: number;
}

/** Null when the profile does not exist. */
export async function getProfileInsights(profileId: number, limits: InsightsLimits): Promise<ProfileInsights | null> {
  const values = [profileId, limits.recentRuns, limits.skills, limits.topJobs, limits.hiddenJobs];
  let rankingMissing = false;
  let row: InsightsRow | undefined;
  try {
    row = (await db().query<InsightsRow>({ ...WITH_RANKING, values })).rows[0];
  } catch (error) {
    if (!isMissingTable(error)) throw error;
    rankingMissing = true;
    row = (await db().query<InsightsRow>({ ...WITHOUT_RANKING, values })).rows[0];
  }
  if (!row?.profile) return null;
  const { created_at, updated_at, last_run_at, ...settings } = row.profile;
  const buckets = Array.from({ length: 10 }, () => 0);
  let ranked = 0;
  let scoreTotal = 0;
  for (const [bucket, jobs, total] of row.scores ?? []) {
    buckets[bucket] = jobs;
    ranked += jobs;
    scoreTotal += total;
  }
  return {
    profile: {
      ...settings,
      created_at: new Date(created_at as string),
      updated_at: new Date(updated_at as string),
      last_run_at: last_run_at === null ? null : new Date(last_run_at),
    },
    history: row.history,
    recent: row.recent,
    dataQuality: row.data_quality,
    scores: { buckets, ranked, averageScore: ranked > 0 ? scoreTotal / ranked : null },
    skills: row.skills ?? [],
    topJobs: row.top_jobs ?? [],
    hiddenJobs: row.hidden_jobs ?? [],
    hiddenCounts: row.hidden_counts ?? {},
    appliedJobs: row.applied_jobs ?? [],
    refreshing: row.refreshing === true,
    rankingMissing,
  };
}
