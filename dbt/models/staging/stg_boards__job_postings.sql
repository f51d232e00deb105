{#- incremental: only postings whose copy, employer or removal changed are rewritten (dwh_updated_at). #}
{{
    config(
        alias='board_job_postings',
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

-- staging.board_job_postings, the last step of the career-board chain: base staging
-- (stg_<ats>__job_postings -> stg_boards__job_postings_listed) -> seniority -> here.
-- Incremental: only postings whose newest copy, employer or removal changed (dwh_row_version) are
-- rewritten, with dwh_updated_at = now(), so skills, terms and fact_jobs pick up exactly those.

with

classified_postings as (
    select * from {{ ref('int_boards__job_postings_with_seniority') }}
),

final as (
    select
        classified_postings.job_id,
        classified_postings.source,  -- noqa: RF04
        classified_postings.board_token,
        classified_postings.posting_id,
        classified_postings.company_lookup_key,
        classified_postings.job_title,
        classified_postings.job_description,
        classified_postings.employer_name,
        classified_postings.job_location,
        classified_postings.job_city,
        classified_postings.job_state,
        classified_postings.job_country,
        classified_postings.job_is_remote,
        classified_postings.job_employment_types,
        classified_postings.seniority_level,
        classified_postings.job_min_salary,
        classified_postings.job_max_salary,
        classified_postings.job_salary_period,
        classified_postings.salary_currency,
        classified_postings.salary_min_annual,
        classified_postings.salary_max_annual,
        classified_postings.job_posted_at,
        classified_postings.job_updated_at,
        classified_postings.job_apply_link,
        classified_postings.last_listed_at,
        classified_postings.board_removed_at,
        classified_postings.dwh_load_id,
        classified_postings.dwh_load_timestamp,
        classified_postings.dwh_row_version,
        now() as dwh_updated_at
    from classified_postings
)

select * from final
{% if is_incremental() %}
    where not exists (
        select 1
        from {{ this }} as stored_postings
        where
            stored_postings.job_id = final.job_id
            and stored_postings.dwh_row_version = final.dwh_row_version
    )
{% endif %}
