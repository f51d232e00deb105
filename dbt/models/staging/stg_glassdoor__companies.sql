{#- incremental over every row, not a table: its views survive a build (macros/utils/recompute_in_place.sql). -#}
{{
    config(
        alias='glassdoor_companies',
        materialized='incremental',
        unique_key='company_id',
        indexes=[{'columns': ['company_id'], 'unique': true}, {'columns': ['company_name_key']}],
        post_hook=["{{ delete_rows_not_rewritten() }}"],
    )
}}

-- staging.glassdoor_companies, the last step of the Glassdoor chain: the base staging model
-- (stg_glassdoor__companies_cleaned: newest trusted copy, typed) published as a table, so
-- dim_companies and the app read parsed columns instead of payloads. No enrichment step yet.

with

cleaned_companies as (
    select * from {{ ref('stg_glassdoor__companies_cleaned') }}
),

final as (
    select
        cleaned_companies.company_id,
        cleaned_companies.company_lookup_key,
        cleaned_companies.company_name_key,
        cleaned_companies.company_name,
        cleaned_companies.website,
        cleaned_companies.industry,
        cleaned_companies.company_size,
        cleaned_companies.company_size_category,
        cleaned_companies.company_type,
        cleaned_companies.company_description,
        cleaned_companies.headquarters_location,
        cleaned_companies.headquarters_city,
        cleaned_companies.headquarters_region,
        cleaned_companies.headquarters_country,
        cleaned_companies.glassdoor_url,
        cleaned_companies.glassdoor_reviews_url,
        cleaned_companies.logo_url,
        cleaned_companies.review_count,
        cleaned_companies.overall_rating,
        cleaned_companies.culture_rating,
        cleaned_companies.compensation_rating,
        cleaned_companies.work_life_balance_rating,
        cleaned_companies.management_rating,
        cleaned_companies.career_opportunities_rating,
        cleaned_companies.year_founded,
        cleaned_companies.dwh_raw_company_id,
        cleaned_companies.dwh_load_id,
        cleaned_companies.dwh_load_date,
        cleaned_companies.dwh_load_timestamp,
        cleaned_companies.dwh_source_system,
        now() as dwh_updated_at
    from cleaned_companies
)

select * from final
