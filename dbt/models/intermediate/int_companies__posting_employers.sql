{{
    config(
        unique_key='company_lookup_key',
        indexes=[
            {'columns': ['company_lookup_key'], 'unique': true},
            {'columns': ['job_id']},
            {'columns': ['dwh_updated_at']},
        ],
        post_hook=["{{ analyze_new_table(['company_lookup_key', 'job_id', 'dwh_updated_at']) }}"],
    )
}}

-- One row per employer lookup key of the published postings (JSearch and the watched career
-- boards): the name and website of its newest posting (latest load, then job_id), which
-- dim_companies shows when Glassdoor has none. Incremental: the changed postings compete with their
-- keys' stored winners; a key whose winner itself changed (it may have moved to another key) is
-- decided again over all of its postings. So a daily run reads the day's postings, not every one.
-- A key left without postings keeps its last row.

with

postings as not materialized (
    select
        company_lookup_key,
        employer_name,
        employer_website,
        dwh_load_timestamp,
        job_id,
        dwh_updated_at
    from {{ ref('stg_jsearch__job_postings') }}
    union all
    select
        company_lookup_key,
        employer_name,
        null as employer_website,
        dwh_load_timestamp,
        job_id,
        dwh_updated_at
    from {{ ref('stg_boards__job_postings') }}
),

{% if is_incremental() %}
    changed_postings as (
        select *
        from postings
        where dwh_updated_at > {{ incremental_watermark('dwh_updated_at') }}
    ),

    -- Keys whose stored winner is among the changed postings.
    rewon_keys as (
        select decided.company_lookup_key
        from {{ this }} as decided
        where decided.job_id = any(array(select changed_postings.job_id from changed_postings))
    ),

    candidates as (
        select * from changed_postings
        union all
        select
            decided.company_lookup_key,
            decided.employer_name,
            decided.employer_website,
            decided.dwh_load_timestamp,
            decided.job_id,
            decided.dwh_updated_at
        from {{ this }} as decided
        where
            decided.company_lookup_key = any(array(select changed_postings.company_lookup_key from changed_postings))
            and decided.company_lookup_key not in (select rewon_keys.company_lookup_key from rewon_keys)
        union all
        -- Arrays, so the indexes on job_id and company_lookup_key serve these look-ups.
        select * from postings
        where postings.company_lookup_key = any(array(select rewon_keys.company_lookup_key from rewon_keys))
    ),
{% else %}
    candidates as (
        select * from postings
    ),
{% endif %}

final as (
    select distinct on (candidates.company_lookup_key)
        candidates.company_lookup_key,
        candidates.employer_name,
        candidates.employer_website,
        candidates.dwh_load_timestamp,
        candidates.job_id,
        now() as dwh_updated_at
    from candidates
    where candidates.company_lookup_key is not null
    order by candidates.company_lookup_key asc, candidates.dwh_load_timestamp desc, candidates.job_id asc
)

select * from final
