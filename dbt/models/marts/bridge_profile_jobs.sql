{{
    config(
        materialized='incremental',
        unique_key=['profile_id', 'job_id'],
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
        indexes=[
            {'columns': ['profile_id', 'job_id'], 'unique': true},
            {'columns': ['job_posting_key']},
            {'columns': ['dwh_last_load_finished_at']},
            {'columns': ['dwh_updated_at']},
        ],
        post_hook=["{{ analyze_new_table(['profile_id', 'job_id', 'job_posting_key', 'dwh_last_load_finished_at']) }}"],
    )
}}

-- Which profiles found which job, and when: one row per (profile, job), the job itself stored
-- once in fact_jobs. Only finished loads count. Incremental: pairs touched by loads finished
-- since the last run are recounted over all their trusted rows.

with

finished_loads as (
    select
        load_id,
        load_finished_at
    from {{ ref('stg_loader__finished_loads') }}
),

-- Not materialized: an incremental run reads the new loads' copies through the dwh_load_id index
-- and their pairs' other copies through the job_id index, not every landed copy.
raw_postings as not materialized (
    select
        job_id,
        profile_id,
        dwh_load_id,
        dwh_load_timestamp
    from {{ ref('stg_jsearch__job_posting_copies') }}
    where profile_id is not null
),

trusted_findings as (
    select
        raw_postings.*,
        finished_loads.load_finished_at
    from raw_postings
    inner join finished_loads
        on raw_postings.dwh_load_id = finished_loads.load_id
    {% if is_incremental() %}
        where (raw_postings.profile_id, raw_postings.job_id) in (
            select
                new_postings.profile_id,
                new_postings.job_id
            from raw_postings as new_postings
            -- An array, not a join: the planner then looks the few new loads' copies up by index.
            where new_postings.dwh_load_id = any(array(
                select new_loads.load_id
                from finished_loads as new_loads
                where new_loads.load_finished_at > {{ incremental_watermark('dwh_last_load_finished_at') }}
            ))
        )
    {% endif %}
),

final as (
    select
        profile_id,
        {{ surrogate_key(['job_id']) }} as job_posting_key,
        job_id,
        min(dwh_load_timestamp) as first_found_at,
        max(dwh_load_timestamp) as last_found_at,
        count(distinct dwh_load_id) as times_found,
        max(load_finished_at) as dwh_last_load_finished_at,
        -- When the row was written (the build's now()): the daily tests read the latest build's rows.
        now() as dwh_updated_at
    from trusted_findings
    group by profile_id, job_id
)

select * from final
