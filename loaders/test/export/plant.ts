// Plants marts rows straight into a built warehouse (the export reads marts, not how they were made):
// every type the export maps, with nulls, null list elements, quotes, commas, non-ASCII text,
// microsecond timestamps and numerics of several scales. Used by the export tests and bench-export.
import type pg from 'pg';

export async function plantMarts(pool: pg.Pool | pg.Client, jobs: number): Promise<void> {
  await pool.query(
    `insert into marts.dim_companies (company_key, company_id, company_name, company_lookup_key, industry,
       company_size_category, overall_rating, review_count, enrichment_status, is_enriched, is_unknown_member,
       dwh_updated_at)
     select 'c' || n, 'gd-' || n, case when n % 7 = 0 then 'Acme, "Quoted" Ltd' else 'Company ' || n end, 'company ' || n,
       case when n % 3 = 0 then null else 'Industry ' || (n % 4) end, 'small',
       case when n % 5 = 0 then null else round(1 + (n % 40) / 10.0, 1) end, n * 3,
       'success', true, false, timestamptz '2026-11-30 08:15:00.123456+00' + n * interval '1 second'
     from generate_series(1, 50) as n`,
  );
  await pool.query(
    `insert into marts.fact_jobs_stored (job_posting_key, job_id, company_key, job_title, employer_name, job_city,
       job_state, job_country, location_bucket, is_remote, is_full_time, employment_types, seniority_level,
       extracted_skills, salary_min, salary_max, salary_period, salary_currency, salary_min_annual,
       salary_max_annual, salary_band, posted_at, posted_date, apply_link, publisher, source, dwh_updated_at)
     select 'k' || n, 'job-' || n, case when n % 11 = 0 then 'unknown' else 'c' || (1 + n % 50) end,
       case n % 4 when 0 then 'Data Engineer' when 1 then 'Senior Analyst' when 2 then 'Ingénieur données' else null end,
       'Company ' || (1 + n % 50), case when n % 6 = 0 then null else 'City ' || (n % 9) end, 'ST',
       case when n % 2 = 0 then 'US' else 'DE' end, 'city', n % 3 = 0, n % 2 = 0,
       array['FULLTIME', case when n % 5 = 0 then 'CONTRACTOR' end],
       'mid',
       case when n % 13 = 0 then null when n % 4 = 0 then array[]::text[] else array['python', 'sql', 'dbt'] end,
       50000 + n, 70000.5 + n, 'YEAR', case when n % 2 = 0 then 'USD' else 'EUR' end,
       50000 + n, 70000.125 + n, '50k_100k', timestamptz '2026-11-01 00:00:00+00' + n * interval '1 minute 0.000001 second',
       date '2026-11-01' + (n % 28), 'https://example.com/apply?id=' || n, 'fake', 'jsearch', now()
     from generate_series(1, $1::int) as n`,
    [jobs],
  );
  await pool.query(
    `insert into marts.dim_ranking (job_posting_key, profile_id, job_id, rank_score, relevance_score, rank_explain,
       was_found_by_profile, ranked_at)
     select 'k' || n, 1 + n % 3, 'job-' || n, round((n * 7.31) % 100, 2), round((n * 3.7) % 100, 2),
       jsonb_build_object('keyword', n % 10, 'skills', 2.5, 'reason', 'ç, "q"'), n % 2 = 0, now()
     from generate_series(1, $1::int) as n`,
    [jobs],
  );
}
