{{ config(materialized='view') }}

-- One row per job: the stored facts (fact_jobs_stored, incremental) plus the job's age in days,
-- counted here at query time, so it is right on every read and no build has to rewrite every row
-- each day to keep it current.

with

stored_jobs as (
    select * from {{ ref('fact_jobs_stored') }}
),

final as (
    select
        job_posting_key,
        job_id,
        company_key,
        source,
        job_title,
        employer_name,
        job_city,
        job_state,
        job_country,
        location_bucket,
        is_remote,
        is_full_time,
        employment_types,
        seniority_level,
        extracted_skills,
        salary_min,
        salary_max,
        salary_period,
        salary_currency,
        salary_min_annual,
        salary_max_annual,
        salary_band,
        posted_at,
        posted_date,
        -- The one rule for "posted N days ago", used by the digest and the app alike: whole
        -- 24-hour periods since posted_at (a date difference said "1 day" a minute after midnight).
        coalesce(
            cast(floor(extract(epoch from (now() - posted_at)) / 86400) as integer),
            cast(now() at time zone 'UTC' as date) - posted_date
        ) as job_age_days,
        apply_link,
        publisher,
        board_removed_at,
        dwh_updated_at
    from stored_jobs
)

select * from final
