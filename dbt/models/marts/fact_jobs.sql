{{ config(materialized='view') }}

-- One row per job: the stored facts (fact_jobs_stored, incremental) plus the job's age in days,
-- counted here at query time, so it is right on every read and no build has to rewrite every row
-- each day to keep it current. is_expired is counted here too: a posting goes stale by not being
-- found any more, which no build of the job itself would notice.

with

stored_jobs as (
    select * from {{ ref('fact_jobs_stored') }}
),

findings as (
    select * from {{ ref('bridge_profile_jobs') }}
),

seen_jobs as (
    select
        stored_jobs.*,
        -- Correlated, so a reader of a few jobs looks up only theirs (bridge index on job_posting_key).
        (
            select max(findings.last_found_at)
            from findings
            where findings.job_posting_key = stored_jobs.job_posting_key
        ) as last_found_at
    from stored_jobs
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
        job_offer_expires_at,
        last_found_at,
        coalesce(job_offer_expires_at <= now(), false)
        or coalesce(last_found_at < now() - interval '{{ var("stale_after_days") }} days', false)
        -- Boards list only open jobs: a posting gone from its board is expired (issue 21).
        or board_removed_at is not null as is_expired,
        coalesce(duplicate_group_key, job_posting_key) as duplicate_group_key,
        board_removed_at,
        dwh_updated_at
    from seen_jobs
)

select * from final
