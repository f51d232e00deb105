-- One row per Glassdoor company: the newest copy from a finished load wins. Ratings of 0
-- (Glassdoor's "no data") become null; the headquarters text is split into city/region/country.

with

finished_loads as (
    select load_id
    from {{ ref('stg_loader__finished_loads') }}
),

raw_companies as (
    select * from {{ ref('raw_glassdoor__companies') }}
),

trusted_companies as (
    select
        raw_companies.*,
        {{ json_to_text("raw_companies.raw_payload -> 'company_id'") }} as company_id
    from raw_companies
    inner join finished_loads
        on raw_companies.dwh_load_id = finished_loads.load_id
),

latest_copies as (
    select distinct on (company_id) *
    from trusted_companies
    where company_id is not null
    order by company_id asc, dwh_load_timestamp desc, raw_company_id desc
),

renamed as (
    select
        -- ids
        latest_copies.company_id,
        latest_copies.company_lookup_key,
        -- text
        {{ clean_text(json_to_text("latest_copies.raw_payload -> 'name'"), collapse_whitespace=true) }}
            as company_name,
        {{ json_to_text("latest_copies.raw_payload -> 'website'") }} as website,
        {{ json_to_text("latest_copies.raw_payload -> 'industry'") }} as industry,
        nullif({{ json_to_text("latest_copies.raw_payload -> 'company_size'") }}, 'Unknown') as company_size,
        nullif(
            upper({{ json_to_text("latest_copies.raw_payload -> 'company_size_category'") }}), 'UNKNOWN'
        ) as company_size_category,
        {{ json_to_text("latest_copies.raw_payload -> 'company_type'") }} as company_type,
        {{ clean_text(json_to_text("latest_copies.raw_payload -> 'company_description'")) }}
            as company_description,
        {{ clean_text(json_to_text("latest_copies.raw_payload -> 'headquarters_location'"), true) }}
            as headquarters_location,
        {{ json_to_text("latest_copies.raw_payload -> 'company_link'") }} as glassdoor_url,
        {{ json_to_text("latest_copies.raw_payload -> 'reviews_link'") }} as glassdoor_reviews_url,
        {{ json_to_text("latest_copies.raw_payload -> 'logo'") }} as logo_url,
        -- numerics
        cast({{ json_to_numeric("latest_copies.raw_payload -> 'review_count'") }} as integer) as review_count,
        {{ glassdoor_star_rating("latest_copies.raw_payload -> 'rating'") }} as overall_rating,
        {{ glassdoor_star_rating("latest_copies.raw_payload -> 'culture_and_values_rating'") }} as culture_rating,
        {{ glassdoor_star_rating("latest_copies.raw_payload -> 'compensation_and_benefits_rating'") }}
            as compensation_rating,
        {{ glassdoor_star_rating("latest_copies.raw_payload -> 'work_life_balance_rating'") }}
            as work_life_balance_rating,
        {{ glassdoor_star_rating("latest_copies.raw_payload -> 'senior_management_rating'") }}
            as management_rating,
        {{ glassdoor_star_rating("latest_copies.raw_payload -> 'career_opportunities_rating'") }}
            as career_opportunities_rating,
        cast({{ json_to_numeric("latest_copies.raw_payload -> 'year_founded'") }} as integer) as year_founded,
        -- metadata
        latest_copies.raw_company_id as dwh_raw_company_id,
        latest_copies.dwh_load_id,
        latest_copies.dwh_load_date,
        latest_copies.dwh_load_timestamp,
        latest_copies.dwh_source_system
    from latest_copies
),

headquarters_split as (
    select
        renamed.*,
        case
            when strpos(renamed.headquarters_location, ',') > 0
                then btrim(regexp_replace(renamed.headquarters_location, ',[^,]*$', ''))
            else renamed.headquarters_location
        end as headquarters_city,
        case
            when strpos(renamed.headquarters_location, ',') > 0
                then btrim(substring(renamed.headquarters_location from ',([^,]*)$'))
        end as headquarters_tail
    from renamed
),

final as (
    select
        company_id,
        company_lookup_key,
        {{ normalize_company_lookup_key('company_name') }} as company_name_key,
        company_name,
        website,
        industry,
        company_size,
        company_size_category,
        company_type,
        company_description,
        headquarters_location,
        nullif(headquarters_city, '') as headquarters_city,
        case when headquarters_tail = any({{ us_state_codes() }}) then headquarters_tail end
            as headquarters_region,
        case
            when headquarters_tail = any({{ us_state_codes() }}) then 'United States'
            when headquarters_tail in ('US', 'USA') then 'United States'
            else nullif(headquarters_tail, '')
        end as headquarters_country,
        glassdoor_url,
        glassdoor_reviews_url,
        logo_url,
        review_count,
        -- a company with 0 reviews has no ratings: "unknown", never a score of zero
        case when review_count != 0 or review_count is null then overall_rating end as overall_rating,
        case when review_count != 0 or review_count is null then culture_rating end as culture_rating,
        case when review_count != 0 or review_count is null then compensation_rating end as compensation_rating,
        case
            when review_count != 0 or review_count is null then work_life_balance_rating
        end as work_life_balance_rating,
        case when review_count != 0 or review_count is null then management_rating end as management_rating,
        case
            when review_count != 0 or review_count is null then career_opportunities_rating
        end as career_opportunities_rating,
        year_founded,
        dwh_raw_company_id,
        dwh_load_id,
        dwh_load_date,
        dwh_load_timestamp,
        dwh_source_system
    from headquarters_split
)

select * from final
