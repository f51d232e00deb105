{{
    config(
        alias='jsearch_job_postings',
        unique_key='raw_job_posting_id',
        indexes=[
            {'columns': ['job_id']},
            {'columns': ['dwh_load_id']},
            {'columns': ['dwh_load_timestamp']},
        ],
    )
}}

-- Empty, typed shell: rows arrive from `jobctl extract-jobs` (COPY), never from dbt.
-- raw_job_posting_id is deterministic over (source, profile, load date, job_id, content): a re-run
-- of the same profile on the same day lands no second identical copy, while a copy whose content
-- changed lands beside the first (staging's winner rule picks the newest).
select
    cast(null as text) as raw_job_posting_id,
    cast(null as text) as job_id,
    cast(null as jsonb) as raw_payload,
    cast(null as bigint) as profile_id,
    cast(null as text) as dwh_load_id,
    cast(null as date) as dwh_load_date,
    cast(null as timestamptz) as dwh_load_timestamp,
    cast(null as text) as dwh_source_system
where false
