-- sqlfluff:max_parse_depth:2000
-- Ashby postings in the common board posting shape (see _stg_greenhouse__job_postings.yml): the
-- newest trusted copy of each. Salary: the range across the base-salary tiers, i.e. the lowest
-- minimum and the highest maximum of every tier's `Salary` component (one tier per pay zone or
-- level), in the currency and interval of the first one (components in another currency or
-- interval are left out rather than mixed); equity, bonus and commission never count. Locations:
-- `location`, then each of `secondaryLocations`; city, region and country from the address.
-- Remote from isRemote / workplaceType only (a secondary "Remote (US)" office is not a remote job).

with

latest as (
    select * from {{ board_latest_postings('ashby') }} as latest_postings
),

salary_components as (
    select
        latest.board_token,
        latest.posting_id,
        tiers.tier_number * 1000 + components.component_number as component_order,
        components.component ->> 'currencyCode' as currency_code,
        components.component ->> 'interval' as pay_interval,
        cast(components.component ->> 'minValue' as numeric) as min_value,
        cast(components.component ->> 'maxValue' as numeric) as max_value
    from latest
    cross join
        lateral jsonb_array_elements(
            case jsonb_typeof(latest.raw_payload -> 'compensation' -> 'compensationTiers')
                when 'array' then latest.raw_payload -> 'compensation' -> 'compensationTiers'
            end
        ) with ordinality as tiers (tier, tier_number)
    cross join
        lateral jsonb_array_elements(
            case jsonb_typeof(tiers.tier -> 'components') when 'array' then tiers.tier -> 'components' end
        ) with ordinality as components (component, component_number)
    where
        components.component ->> 'compensationType' = 'Salary'
        and coalesce(components.component ->> 'minValue', components.component ->> 'maxValue') is not null
),

first_salary_components as (
    select distinct on (salary_components.board_token, salary_components.posting_id)
        salary_components.board_token,
        salary_components.posting_id,
        salary_components.currency_code,
        salary_components.pay_interval
    from salary_components
    order by
        salary_components.board_token asc,
        salary_components.posting_id asc,
        salary_components.component_order asc
),

salary_ranges as (
    select
        first_salary_components.board_token,
        first_salary_components.posting_id,
        first_salary_components.currency_code,
        first_salary_components.pay_interval,
        min(coalesce(salary_components.min_value, salary_components.max_value)) as min_value,
        max(coalesce(salary_components.max_value, salary_components.min_value)) as max_value
    from first_salary_components
    inner join salary_components
        on
            first_salary_components.board_token = salary_components.board_token
            and first_salary_components.posting_id = salary_components.posting_id
            and first_salary_components.currency_code is not distinct from salary_components.currency_code
            and first_salary_components.pay_interval = salary_components.pay_interval
    group by
        first_salary_components.board_token,
        first_salary_components.posting_id,
        first_salary_components.currency_code,
        first_salary_components.pay_interval
),

mapped as (
    select
        latest.board_token,
        latest.posting_id,
        {{ clean_text("latest.raw_payload ->> 'title'", collapse_whitespace=true) }} as job_title,
        {{ clean_text("latest.raw_payload ->> 'descriptionPlain'") }} as description_plain,
        latest.raw_payload ->> 'descriptionHtml' as description_html,
        concat_ws(
            '; ',
            {{ clean_text("latest.raw_payload ->> 'location'") }},
            (
                select string_agg(secondary.entry ->> 'location', '; ' order by secondary.entry_number)
                from jsonb_array_elements(
                    case jsonb_typeof(latest.raw_payload -> 'secondaryLocations')
                        when 'array' then latest.raw_payload -> 'secondaryLocations'
                    end
                ) with ordinality as secondary (entry, entry_number)
            )
        ) as job_location,
        latest.raw_payload -> 'address' -> 'postalAddress' as postal_address,
        (
            coalesce(cast(latest.raw_payload ->> 'isRemote' as boolean), false)
            or coalesce(latest.raw_payload ->> 'workplaceType' = 'Remote', false)
        ) as job_is_remote,
        latest.raw_payload ->> 'employmentType' as employment_type,
        cast(latest.raw_payload ->> 'publishedAt' as timestamptz) as job_posted_at,
        coalesce(latest.raw_payload ->> 'applyUrl', latest.raw_payload ->> 'jobUrl') as job_apply_link,
        latest.dwh_load_id,
        latest.dwh_load_timestamp
    from latest
),

final as (
    select
        mapped.board_token,
        mapped.posting_id,
        mapped.job_title,
        coalesce(mapped.description_plain, {{ html_to_text('mapped.description_html') }}) as job_description,
        cast(null as text) as employer_name,
        nullif(mapped.job_location, '') as job_location,
        {{ clean_text("mapped.postal_address ->> 'addressLocality'") }} as job_city,
        {{ clean_text("mapped.postal_address ->> 'addressRegion'") }} as job_state,
        {{ board_location_country("mapped.postal_address ->> 'addressCountry'") }} as job_country,
        mapped.job_is_remote,
        {{ board_employment_types('mapped.employment_type') }} as job_employment_types,
        salary_ranges.min_value as job_min_salary,
        salary_ranges.max_value as job_max_salary,
        case salary_ranges.pay_interval
            when '1 YEAR' then 'YEAR'
            when '1 MONTH' then 'MONTH'
            when '1 WEEK' then 'WEEK'
            when '1 DAY' then 'DAY'
            when '1 HOUR' then 'HOUR'
        end as job_salary_period,
        upper(salary_ranges.currency_code) as salary_currency,
        mapped.job_posted_at,
        mapped.job_posted_at as job_updated_at,
        mapped.job_apply_link,
        mapped.dwh_load_id,
        mapped.dwh_load_timestamp
    from mapped
    left join salary_ranges
        on
            mapped.board_token = salary_ranges.board_token
            and mapped.posting_id = salary_ranges.posting_id
)

select * from final
