-- sqlfluff:max_parse_depth:2000
-- Lever postings in the common board posting shape (see _stg_boards.yml): the newest trusted copy
-- of each. Description: descriptionPlain, each list heading and items, additionalPlain
-- (list items arrive as HTML), as text. salaryRange {min, max, currency, interval} is the salary when given;
-- interval per-year-salary → YEAR, per-hour-wage → HOUR, per-month-salary → MONTH.
-- categories.allLocations lists every location; createdAt is epoch milliseconds.

with

latest as (
    select * from {{ board_latest_postings('lever') }} as latest_postings
),

mapped as (
    select
        latest.board_token,
        latest.posting_id,
        {{ clean_text("latest.raw_payload ->> 'text'", collapse_whitespace=true) }} as job_title,
        concat_ws(
            E'\n',
            latest.raw_payload ->> 'descriptionPlain',
            (
                select
                    string_agg(
                        concat_ws(E'\n', list_items.entry ->> 'text', list_items.entry ->> 'content'),
                        E'\n'
                    )
                from jsonb_array_elements(
                    case jsonb_typeof(latest.raw_payload -> 'lists') when 'array' then latest.raw_payload -> 'lists' end
                ) as list_items (entry)
            ),
            latest.raw_payload ->> 'additionalPlain'
        ) as description_text,
        coalesce(
            (
                select array_agg(btrim(all_locations.location_text))
                from jsonb_array_elements_text(
                    case jsonb_typeof(latest.raw_payload -> 'categories' -> 'allLocations')
                        when 'array' then latest.raw_payload -> 'categories' -> 'allLocations'
                    end
                ) as all_locations (location_text)
            ),
            array[latest.raw_payload -> 'categories' ->> 'location']
        ) as location_texts,
        latest.raw_payload ->> 'workplaceType' as workplace_type,
        latest.raw_payload -> 'categories' ->> 'commitment' as commitment,
        latest.raw_payload -> 'salaryRange' as salary_range,
        to_timestamp(cast(latest.raw_payload ->> 'createdAt' as numeric) / 1000) as job_posted_at,
        coalesce(latest.raw_payload ->> 'applyUrl', latest.raw_payload ->> 'hostedUrl') as job_apply_link,
        latest.dwh_load_id,
        latest.dwh_load_timestamp
    from latest
),

final as (
    select
        board_token,
        posting_id,
        job_title,
        {{ html_to_text('description_text') }} as job_description,
        cast(null as text) as employer_name,
        array_to_string(location_texts, '; ') as job_location,
        {{ board_location_city('location_texts[1]') }} as job_city,
        {{ board_location_state('location_texts[1]') }} as job_state,
        {{ board_location_country('location_texts[1]') }} as job_country,
        (
            coalesce(workplace_type = 'remote', false)
            or {{ board_location_is_remote("array_to_string(location_texts, '; ')") }}
        ) as job_is_remote,
        {{ board_employment_types('commitment') }} as job_employment_types,
        cast(salary_range ->> 'min' as numeric) as job_min_salary,
        cast(salary_range ->> 'max' as numeric) as job_max_salary,
        case salary_range ->> 'interval'
            when 'per-year-salary' then 'YEAR'
            when 'per-month-salary' then 'MONTH'
            when 'per-week-salary' then 'WEEK'
            when 'per-day-wage' then 'DAY'
            when 'per-hour-wage' then 'HOUR'
        end as job_salary_period,
        upper(salary_range ->> 'currency') as salary_currency,
        job_posted_at,
        job_posted_at as job_updated_at,
        job_apply_link,
        dwh_load_id,
        dwh_load_timestamp
    from mapped
)

select * from final
