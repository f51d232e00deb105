{#- ephemeral: inlined into stg_boards__job_postings' incremental query, so only changed postings are classified. #}
{{
    config(
        materialized='ephemeral',
    )
}}

-- The watched career boards' postings with their seniority level (macro classify_seniority over
-- the title and description, as for JSearch's).

with

listed_postings as (
    select * from {{ ref('stg_boards__job_postings_listed') }}
),

final as (
    select
        listed_postings.job_id,
        listed_postings.source,  -- noqa: RF04
        listed_postings.board_token,
        listed_postings.posting_id,
        listed_postings.company_lookup_key,
        listed_postings.job_title,
        listed_postings.job_description,
        listed_postings.employer_name,
        listed_postings.job_location,
        listed_postings.job_city,
        listed_postings.job_state,
        listed_postings.job_country,
        listed_postings.job_is_remote,
        listed_postings.job_employment_types,
        listed_postings.job_min_salary,
        listed_postings.job_max_salary,
        listed_postings.job_salary_period,
        listed_postings.salary_currency,
        listed_postings.salary_min_annual,
        listed_postings.salary_max_annual,
        listed_postings.job_posted_at,
        listed_postings.job_updated_at,
        listed_postings.job_apply_link,
        listed_postings.last_listed_at,
        listed_postings.board_removed_at,
        listed_postings.dwh_load_id,
        listed_postings.dwh_load_timestamp,
        listed_postings.dwh_row_version,
        {{ classify_seniority('listed_postings.job_title', 'listed_postings.job_description') }}
            as seniority_level
    from listed_postings
)

select * from final
