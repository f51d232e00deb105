// The insights page's one statement: the five `analytics` views (dbt/models/analytics), filtered by
// parameters only, aggregated by PostgreSQL and handed over as one JSON document (one round trip,
// one snapshot). Filters that a view has no column for do not apply to it (see ui/README.md).
import type { AnalyticsFilters } from '$lib/analytics-params.ts';
import { db, isMissingTable } from './db.ts';

export interface AnalyticsData {
  profiles: { id: number; name: string }[];
  countries: string[];
  skills: { skill: string; jobs: number }[];
  salaries: { location: string; currency: string; jobs: number; mid: number }[];
  volumes: { day: string; jobs: number }[];
  ratings: { band: string; companies: number }[];
  /** Ranked jobs per 10-point score band (lower bound 0 … 90). */
  scores: { band: number; jobs: number }[];
}

// $1 profile id, $2 country (upper case), $3 from, $4 to; null = no filter.
const INSIGHTS_SQL = `
with
skills as (
    select skill, sum(job_count)::bigint as jobs
    from analytics.analytics_skills_demand_weekly
    where ($2::text is null or job_country = $2)
      -- whole ISO weeks: the week holding "from" counts, as its Monday is before it.
      and ($3::date is null or week_start_date >= cast(date_trunc('week', $3::date) as date))
      and ($4::date is null or week_start_date <= $4::date)
    group by skill
    order by jobs desc, skill
    limit 12
),
salaries as (
    select
        job_city || ', ' || job_country as location,
        salary_currency as currency,
        sum(job_count)::bigint as jobs,
        round(sum(salary_mid_annual_avg * job_count) / sum(job_count)) as mid
    from analytics.analytics_salary_by_location_company_role
    where ($2::text is null or job_country = $2)
    group by job_city, job_country, salary_currency
    order by jobs desc, mid desc, location
    limit 10
),
daily as (
    select posted_date, sum(job_count)::bigint as jobs
    from analytics.analytics_job_volumes_daily
    where ($2::text is null or job_country = $2)
      and ($3::date is null or posted_date >= $3::date)
      and ($4::date is null or posted_date <= $4::date)
    group by posted_date
),
-- Days without postings are zeros on the chart, not gaps.
volumes as (
    select cast(days.day as date) as day, coalesce(daily.jobs, 0) as jobs
    from generate_series(
        (select min(posted_date) from daily), (select max(posted_date) from daily), interval '1 day'
    ) as days (day)
    left join daily on daily.posted_date = cast(days.day as date)
),
ratings as (
    select rating_band as band, rating_band_lower, sum(company_count)::bigint as companies
    from analytics.analytics_company_rating_distribution
    group by rating_band, rating_band_lower
),
scores as (
    select score_band_lower as band, sum(job_count)::bigint as jobs
    from analytics.analytics_ranking_score_distribution
    where ($1::bigint is null or profile_id = $1)
    group by score_band_lower
)
select json_build_object(
    'profiles', (select coalesce(json_agg(json_build_object('id', profile_id, 'name', profile_name)
                                          order by profile_name, profile_id), '[]')
                 from marts.profile_preferences),
    'countries', (select coalesce(json_agg(distinct job_country order by job_country), '[]')
                  from analytics.analytics_job_volumes_daily where job_country <> 'unknown'),
    'skills', (select coalesce(json_agg(skills order by jobs desc, skill), '[]') from skills),
    'salaries', (select coalesce(json_agg(salaries order by jobs desc, mid desc, location), '[]') from salaries),
    'volumes', (select coalesce(json_agg(volumes order by day), '[]') from volumes),
    'ratings', (select coalesce(json_agg(json_build_object('band', band, 'companies', companies)
                                         order by rating_band_lower nulls last), '[]') from ratings),
    'scores', (select coalesce(json_agg(scores order by band), '[]') from scores)
) as data`;

/** The page's data, or null when the analytics views are not built yet. */
export async function getAnalytics(filters: AnalyticsFilters): Promise<AnalyticsData | null> {
  try {
    const { rows } = await db().query<{ data: AnalyticsData }>({
      name: 'ui-insights',
      text: INSIGHTS_SQL,
      values: [filters.profileId, filters.country, filters.from, filters.to],
    });
    return rows[0]?.data ?? null;
  } catch (error) {
    if (isMissingTable(error)) return null;
    throw error;
  }
}
