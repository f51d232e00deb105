{{
    config(
        alias='jsearch_job_postings',
        materialized='incremental',
        unique_key='job_id',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
        indexes=[
            {'columns': ['job_id'], 'unique': true},
            {'columns': ['company_lookup_key']},
            {'columns': ['dwh_updated_at']},
        ],
        post_hook=["{{ analyze_new_table(['job_id', 'company_lookup_key', 'dwh_updated_at']) }}"],
    )
}}

-- The contract table of postings (Project Documentation/contract.md): the cleaned posting plus its extracted skills
-- and seniority. Incremental: postings whose cleaned row or skills changed since the newest row
-- here. A change to the seniority rules needs `--full-refresh --select stg_jsearch__job_postings`.

with

cleaned_postings as (
    select * from {{ ref('int_jsearch__job_postings_cleaned') }}
),

posting_skills as (
    select
        job_id,
        extracted_skills,
        dwh_updated_at
    from {{ ref('int_job_postings__skills') }}
),

{% if is_incremental() %}
    -- Postings whose cleaned row or whose skills changed since the newest row here.
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
        cleaned_postings.job_id,
        cleaned_postings.company_lookup_key,
        -- text
        cleaned_postings.job_title,
        cleaned_postings.job_description,
        cleaned_postings.employer_name,
        cleaned_postings.employer_website,
        cleaned_postings.employer_logo,
        cleaned_postings.employer_company_type,
        cleaned_postings.job_publisher,
        cleaned_postings.job_apply_link,
        cleaned_postings.job_apply_is_direct,
        cleaned_postings.job_google_link,
        cleaned_postings.job_city,
        cleaned_postings.job_state,
        cleaned_postings.job_country,
        cleaned_postings.job_location,
        cleaned_postings.job_employment_type_text,
        cleaned_postings.job_employment_types,
        cleaned_postings.job_highlights_text,
        coalesce(posting_skills.extracted_skills, cast(array[] as text[])) as extracted_skills,
        {{ classify_seniority('cleaned_postings.job_title', 'cleaned_postings.job_description') }}
            as seniority_level,
        -- numerics
        cleaned_postings.job_latitude,
        cleaned_postings.job_longitude,
        cleaned_postings.job_min_salary,
        cleaned_postings.job_max_salary,
        cleaned_postings.job_salary_period,
        cleaned_postings.salary_currency,
        cleaned_postings.is_salary_currency_inferred,
        cleaned_postings.salary_min_annual,
        cleaned_postings.salary_max_annual,
        cleaned_postings.is_salary_range_swapped,
        cleaned_postings.salary_issue,
        -- booleans
        cleaned_postings.job_is_remote,
        -- timestamps
        cleaned_postings.job_posted_at,
        cleaned_postings.job_posted_at_issue,
        cleaned_postings.job_offer_expires_at,
        -- metadata
        cleaned_postings.type_coercion_issue,
        cleaned_postings.dwh_raw_job_posting_id,
        cleaned_postings.dwh_load_id,
        cleaned_postings.dwh_load_date,
        cleaned_postings.dwh_load_timestamp,
        cleaned_postings.dwh_load_finished_at,
        cleaned_postings.dwh_source_system,
        greatest(cleaned_postings.dwh_updated_at, posting_skills.dwh_updated_at) as dwh_updated_at
    from cleaned_postings
    left join posting_skills
        on cleaned_postings.job_id = posting_skills.job_id
    {% if is_incremental() %}
        where cleaned_postings.job_id in (select changed_job_ids.job_id from changed_job_ids)
    {% endif %}
)

select * from final
