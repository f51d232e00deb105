{#- ephemeral: inlined into stg_jsearch__job_postings' incremental query, so only changed postings are classified. #}
{{
    config(
        materialized='ephemeral',
    )
}}

-- The cleaned JSearch postings with their seniority level (macro classify_seniority over the
-- title and description; seed seniority_levels lists the levels).

with

cleaned_postings as (
    select * from {{ ref('stg_jsearch__job_postings_cleaned') }}
),

final as (
    select
        cleaned_postings.job_id,
        cleaned_postings.company_lookup_key,
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
        cleaned_postings.job_is_remote,
        cleaned_postings.job_posted_at,
        cleaned_postings.job_posted_at_issue,
        cleaned_postings.job_offer_expires_at,
        cleaned_postings.type_coercion_issue,
        cleaned_postings.dwh_raw_job_posting_id,
        cleaned_postings.dwh_load_id,
        cleaned_postings.dwh_load_date,
        cleaned_postings.dwh_load_timestamp,
        cleaned_postings.dwh_load_finished_at,
        cleaned_postings.dwh_source_system,
        cleaned_postings.dwh_updated_at,
        {{ classify_seniority('cleaned_postings.job_title', 'cleaned_postings.job_description') }}
            as seniority_level
    from cleaned_postings
)

select * from final
