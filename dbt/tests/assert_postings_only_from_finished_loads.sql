-- Critical: staging never holds a posting whose winning raw row came from a load that did not
-- finish (started or failed loads are not trusted).
select
    postings.job_id,
    postings.dwh_load_id,
    loads.load_status
from {{ ref('stg_jsearch__job_postings') }} as postings
left join {{ ref('raw_loader__loads') }} as loads
    on postings.dwh_load_id = loads.load_id
where loads.load_status is distinct from 'finished'
