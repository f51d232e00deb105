-- Critical: every job_id with at least one row from a finished load reaches staging, exactly once.
with

trusted_job_ids as (
    select distinct raw_postings.job_id
    from {{ ref('raw_jsearch__job_postings') }} as raw_postings
    inner join {{ ref('raw_loader__loads') }} as loads
        on raw_postings.dwh_load_id = loads.load_id
    where loads.load_status = 'finished'
)

select trusted_job_ids.job_id
from trusted_job_ids
left join {{ ref('stg_jsearch__job_postings') }} as postings
    on trusted_job_ids.job_id = postings.job_id
where postings.job_id is null
