-- sqlfluff:max_parse_depth:2000
-- Greenhouse board postings in the common board posting shape (see _stg_boards.yml): the newest
-- trusted copy of each. `content` arrives entity-escaped ("&lt;p&gt;…&amp;nbsp;"): decoded once
-- to HTML, then stripped to text. Several locations come as "A; B" in location.name, the offices
-- list them one by one. No structured salary in this API: salary is null.

with

latest as (
    select * from {{ board_latest_postings('greenhouse') }} as latest_postings
),

mapped as (
    select
        latest.board_token,
        latest.posting_id,
        {{ clean_text("latest.raw_payload ->> 'title'", collapse_whitespace=true) }} as job_title,
        {{ decode_html_entities("latest.raw_payload ->> 'content'") }} as content_html,
        {{ clean_text("latest.raw_payload ->> 'company_name'") }} as employer_name,
        regexp_split_to_array(
            {{ clean_text("latest.raw_payload -> 'location' ->> 'name'") }}, '\s*;\s*'
        ) as location_texts,
        (
            select metadata.entry ->> 'value'
            from
                jsonb_array_elements(
                    case jsonb_typeof(latest.raw_payload -> 'metadata')
                        when 'array' then latest.raw_payload -> 'metadata'
                    end
                ) as metadata (entry)
            where metadata.entry ->> 'name' ~* 'employment type'
            order by metadata.entry ->> 'id'
            limit 1
        ) as employment_type_text,
        cast(latest.raw_payload ->> 'first_published' as timestamptz) as first_published_at,
        cast(latest.raw_payload ->> 'updated_at' as timestamptz) as job_updated_at,
        latest.raw_payload ->> 'absolute_url' as job_apply_link,
        latest.dwh_load_id,
        latest.dwh_load_timestamp
    from latest
),

final as (
    select
        board_token,
        posting_id,
        job_title,
        {{ html_to_text('content_html') }} as job_description,
        employer_name,
        array_to_string(location_texts, '; ') as job_location,
        {{ board_location_city('btrim(location_texts[1])') }} as job_city,
        {{ board_location_state('btrim(location_texts[1])') }} as job_state,
        {{ board_location_country('btrim(location_texts[1])') }} as job_country,
        {{ board_location_is_remote("array_to_string(location_texts, '; ')") }} as job_is_remote,
        {{ board_employment_types('employment_type_text') }} as job_employment_types,
        cast(null as numeric) as job_min_salary,
        cast(null as numeric) as job_max_salary,
        cast(null as text) as job_salary_period,
        cast(null as text) as salary_currency,
        coalesce(first_published_at, job_updated_at) as job_posted_at,
        job_updated_at,
        job_apply_link,
        dwh_load_id,
        dwh_load_timestamp
    from mapped
)

select * from final
