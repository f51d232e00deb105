-- Every landed copy of a JSearch posting, as the loaders wrote it (one row per raw row, payload
-- untouched). The only model that reads raw.jsearch_job_postings: the cleaned postings type and
-- deduplicate these copies, the bridge counts which profile found which job. Both keep only the
-- copies of finished loads (stg_loader__finished_loads). A plain projection view: PostgreSQL
-- inlines it, so readers still use the landing table's indexes.

with

landed_postings as (
    select * from {{ ref('raw_jsearch__job_postings') }}
),

final as (
    select
        raw_job_posting_id,
        job_id,
        profile_id,
        raw_payload,
        dwh_load_id,
        dwh_load_date,
        dwh_load_timestamp,
        dwh_source_system
    from landed_postings
)

select * from final
