{#- incremental: a full rebuild would classify and copy every posting on each run. #}
{{
    config(
        alias='jsearch_job_postings',
        materialized='incremental',
        unique_key='job_id',
        indexes=[
            {'columns': ['job_id'], 'unique': true},
            {'columns': ['company_lookup_key']},
            {'columns': ['dwh_updated_at']},
        ],
        post_hook=["{{ analyze_new_table(['job_id', 'company_lookup_key', 'dwh_updated_at']) }}"],
    )
}}

-- The contract table of postings (Project Documentation/contract.md), the last step of the JSearch
-- chain: base staging (stg_jsearch__job_postings_cleaned) -> enrichment (seniority, skills) -> here.
-- Incremental: postings whose cleaned row or skills changed since the newest row here. A change
-- to the seniority rules needs `--full-refresh --select stg_jsearch__job_postings`.
-- depends_on: {{ ref('stg_jsearch__job_postings_cleaned') }}

with

postings_with_seniority as (
    select * from {{ ref('int_jsearch__job_postings_with_seniority') }}
),

-- Not materialized: an incremental run looks up only the changed jobs' skills by index.
posting_skills as not materialized (
    select
        job_id,
        extracted_skills,
        dwh_updated_at
    from {{ ref('int_job_postings__skills') }}
),

{% if is_incremental() %}
    cleaned_postings as (
        select
            job_id,
            dwh_updated_at
        from {{ ref('stg_jsearch__job_postings_cleaned') }}
    ),

    watermark as (
        select {{ incremental_watermark('dwh_updated_at') }} as updated_at
    ),

    changed_job_ids as (
        select cleaned_postings.job_id
        from cleaned_postings
        where cleaned_postings.dwh_updated_at > (select watermark.updated_at from watermark)
        union
        select posting_skills.job_id
        from posting_skills
        where posting_skills.dwh_updated_at > (select watermark.updated_at from watermark)
    ),
{% endif %}

final as (
    select
        -- ids
        postings_with_seniority.job_id,
        postings_with_seniority.company_lookup_key,
        -- text
        postings_with_seniority.job_title,
        postings_with_seniority.job_description,
        postings_with_seniority.employer_name,
        postings_with_seniority.employer_website,
        postings_with_seniority.employer_logo,
        postings_with_seniority.employer_company_type,
        postings_with_seniority.job_publisher,
        postings_with_seniority.job_apply_link,
        postings_with_seniority.job_apply_is_direct,
        postings_with_seniority.job_google_link,
        postings_with_seniority.job_city,
        postings_with_seniority.job_state,
        postings_with_seniority.job_country,
        postings_with_seniority.job_location,
        postings_with_seniority.job_employment_type_text,
        postings_with_seniority.job_employment_types,
        postings_with_seniority.job_highlights_text,
        coalesce(posting_skills.extracted_skills, cast(array[] as text[])) as extracted_skills,
        postings_with_seniority.seniority_level,
        -- numerics
        postings_with_seniority.job_latitude,
        postings_with_seniority.job_longitude,
        postings_with_seniority.job_min_salary,
        postings_with_seniority.job_max_salary,
        postings_with_seniority.job_salary_period,
        postings_with_seniority.salary_currency,
        postings_with_seniority.is_salary_currency_inferred,
        postings_with_seniority.salary_min_annual,
        postings_with_seniority.salary_max_annual,
        postings_with_seniority.is_salary_range_swapped,
        postings_with_seniority.salary_issue,
        -- booleans
        postings_with_seniority.job_is_remote,
        -- timestamps
        postings_with_seniority.job_posted_at,
        postings_with_seniority.job_posted_at_issue,
        postings_with_seniority.job_offer_expires_at,
        -- metadata
        postings_with_seniority.type_coercion_issue,
        postings_with_seniority.dwh_raw_job_posting_id,
        postings_with_seniority.dwh_load_id,
        postings_with_seniority.dwh_load_date,
        postings_with_seniority.dwh_load_timestamp,
        postings_with_seniority.dwh_load_finished_at,
        postings_with_seniority.dwh_source_system,
        greatest(postings_with_seniority.dwh_updated_at, posting_skills.dwh_updated_at) as dwh_updated_at
    from postings_with_seniority
    left join posting_skills
        on postings_with_seniority.job_id = posting_skills.job_id
    {% if is_incremental() %}
        -- An array, not a semi-join: the filter then reaches the cleaned table's job_id index, so
        -- only the changed postings' seniority is classified (a semi-join classified all of them).
        where postings_with_seniority.job_id = any(array(select changed_job_ids.job_id from changed_job_ids))
    {% endif %}
)

select * from final
