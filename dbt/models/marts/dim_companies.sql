{#- incremental over every row, not a table: its views survive a build (macros/utils/recompute_in_place.sql). -#}
{{
    config(
        materialized='incremental',
        unique_key='company_key',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
        post_hook=["{{ delete_rows_not_rewritten() }}"],
    )
}}

-- One row per employer lookup key seen in postings or answered by Glassdoor, plus the unknown
-- member. Glassdoor attributes come from the company the enrichment queue matched to the key,
-- else from a Glassdoor company whose normalised name equals the key; a loose search hit that is
-- neither is never attached (Glassdoor's search is fuzzy).

with

enrichment_queue as (
    select * from {{ ref('company_enrichment_queue') }}
),

glassdoor_companies as (
    select * from {{ ref('stg_glassdoor__companies') }}
),

-- The name and website of each key's newest posting.
posting_employers as (
    select * from {{ ref('int_companies__posting_employers') }}
),

lookup_keys as (
    select company_lookup_key from posting_employers
    union
    select company_lookup_key from enrichment_queue
    union
    select company_lookup_key from glassdoor_companies
),

name_matches as (
    select distinct on (company_name_key)
        company_name_key,
        company_id
    from glassdoor_companies
    where company_name_key is not null
    order by company_name_key asc, review_count desc nulls last, company_id asc
),

matched as (
    select
        lookup_keys.company_lookup_key,
        enrichment_queue.enrichment_status,
        coalesce(enrichment_queue.matched_company_id, name_matches.company_id) as company_id
    from lookup_keys
    left join enrichment_queue
        on lookup_keys.company_lookup_key = enrichment_queue.company_lookup_key
    left join name_matches
        on lookup_keys.company_lookup_key = name_matches.company_name_key
),

known_companies as (
    select
        {{ surrogate_key(['matched.company_lookup_key']) }} as company_key,
        glassdoor_companies.company_id,
        coalesce(
            glassdoor_companies.company_name, posting_employers.employer_name, matched.company_lookup_key
        ) as company_name,
        matched.company_lookup_key,
        coalesce(glassdoor_companies.website, posting_employers.employer_website) as website,
        glassdoor_companies.industry,
        glassdoor_companies.company_size,
        glassdoor_companies.company_size_category,
        glassdoor_companies.overall_rating,
        glassdoor_companies.review_count,
        glassdoor_companies.culture_rating,
        glassdoor_companies.compensation_rating,
        glassdoor_companies.work_life_balance_rating,
        glassdoor_companies.management_rating,
        glassdoor_companies.career_opportunities_rating,
        glassdoor_companies.headquarters_city,
        glassdoor_companies.headquarters_region,
        glassdoor_companies.headquarters_country,
        glassdoor_companies.glassdoor_url,
        coalesce(matched.enrichment_status, 'pending') as enrichment_status,
        glassdoor_companies.company_id is not null as is_enriched,
        false as is_unknown_member
    from matched
    left join glassdoor_companies
        on matched.company_id = glassdoor_companies.company_id
    left join posting_employers
        on matched.company_lookup_key = posting_employers.company_lookup_key
),

unknown_member as (
    select
        'unknown' as company_key,
        cast(null as text) as company_id,
        'Unknown company' as company_name,
        cast(null as text) as company_lookup_key,
        cast(null as text) as website,
        cast(null as text) as industry,
        cast(null as text) as company_size,
        cast(null as text) as company_size_category,
        cast(null as numeric) as overall_rating,
        cast(null as integer) as review_count,
        cast(null as numeric) as culture_rating,
        cast(null as numeric) as compensation_rating,
        cast(null as numeric) as work_life_balance_rating,
        cast(null as numeric) as management_rating,
        cast(null as numeric) as career_opportunities_rating,
        cast(null as text) as headquarters_city,
        cast(null as text) as headquarters_region,
        cast(null as text) as headquarters_country,
        cast(null as text) as glassdoor_url,
        'not_applicable' as enrichment_status,
        false as is_enriched,
        true as is_unknown_member
),

final as (
    select
        *,
        now() as dwh_updated_at
    from known_companies
    union all
    select
        *,
        now() as dwh_updated_at
    from unknown_member
)

select * from final
