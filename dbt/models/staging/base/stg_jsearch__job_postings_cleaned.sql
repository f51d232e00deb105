{#- alias: the relation keeps its old name, so existing warehouses build on incrementally. #}
{#- incremental, not a view: deduplicating and typing every posting per read would cost the whole pipeline. #}
{{
    config(
        alias='int_jsearch__job_postings_cleaned',
        materialized='incremental',
        unique_key='job_id',
        unlogged=true,
        indexes=[
            {'columns': ['job_id'], 'unique': true},
            {'columns': ['dwh_updated_at']},
        ],
        post_hook=["{{ analyze_new_table(['job_id', 'dwh_updated_at', 'dwh_load_finished_at']) }}"],
    )
}}

-- One row per job_id, typed and cleaned; skills and seniority are added by intermediate models.
-- Winner among the trusted copies of a job_id (exact, case-sensitive): latest valid posting
-- time, then latest load, then the raw id (a tie-break that keeps reruns deterministic). Raw rows
-- are keyed on content, so a job can have several copies from one day (an edit later that day, a
-- second copy in a page): this rule picks one.
-- Incremental: job_ids touched by loads that finished after the newest load already here are
-- re-decided over all of their trusted copies, so a late copy can still win or lose correctly.
-- Unlogged (no WAL for ~300 MB per full build): it is derived from raw alone, and if a crash
-- empties it the next run's watermark is -infinity, so every trusted job is rebuilt.

with

finished_loads as (
    select
        load_id,
        load_finished_at
    from {{ ref('stg_loader__finished_loads') }}
),

-- not materialized: read by several CTEs, each must use the table's indexes, and the payloads
-- must never be copied into a CTE buffer.
posting_copies as not materialized (
    select * from {{ ref('stg_jsearch__job_posting_copies') }}
),

country_currencies as (
    select * from {{ ref('country_currencies') }}
),

currency_bounds as (
    select * from {{ ref('salary_currency_bounds') }}
),

candidate_postings as (
    select
        posting_copies.raw_job_posting_id,
        posting_copies.job_id,
        posting_copies.dwh_load_id,
        posting_copies.dwh_load_date,
        posting_copies.dwh_load_timestamp,
        posting_copies.dwh_source_system,
        finished_loads.load_finished_at
    from posting_copies
    inner join finished_loads
        on posting_copies.dwh_load_id = finished_loads.load_id
    {% if is_incremental() %}
        -- Arrays, not joins: the planner then sees how few the new loads and their jobs are and
        -- reads their copies through the dwh_load_id and job_id indexes (as joins, it hashed every
        -- landed copy, several times).
        where posting_copies.job_id = any(array(
            select new_postings.job_id
            from posting_copies as new_postings
            where new_postings.dwh_load_id = any(array(
                select new_loads.load_id
                from finished_loads as new_loads
                where new_loads.load_finished_at > {{ incremental_watermark('dwh_load_finished_at') }}
            ))
        ))
    {% endif %}
),

-- Narrow pass: only what the winner rule needs (one jsonb read per row).
posting_times as (
    select
        candidate_postings.raw_job_posting_id,
        candidate_postings.job_id,
        candidate_postings.dwh_load_timestamp,
        coalesce(
            {{ epoch_seconds_from_json('times.job_posted_at_timestamp') }},
            {{ iso_text_to_epoch_seconds('times.job_posted_at_datetime_utc') }}
        ) as posted_epoch_s,
        (
            coalesce(jsonb_typeof(times.job_posted_at_timestamp), 'null') != 'null'
            or nullif(btrim(times.job_posted_at_datetime_utc), '') is not null
        ) as was_posted_at_sent
    from candidate_postings
    inner join posting_copies
        on candidate_postings.raw_job_posting_id = posting_copies.raw_job_posting_id
    cross join lateral jsonb_to_record(posting_copies.raw_payload) as times (
        job_posted_at_timestamp jsonb,
        job_posted_at_datetime_utc text
    )
),

-- Computed once per row: the posting time is used a dozen times by the issue rules and the
-- winner's sort (inlined, it was re-derived from the jsonb at every use).
posting_times_computed as (
    select * from posting_times
    offset 0  -- noqa: AM09
),

posting_times_checked as (
    select
        raw_job_posting_id,
        job_id,
        dwh_load_timestamp,
        {{ posted_at_issue('posted_epoch_s', 'was_posted_at_sent', 'dwh_load_timestamp') }}
            as job_posted_at_issue,
        posted_epoch_s
    from posting_times_computed
),

winners as (
    select distinct on (job_id)
        raw_job_posting_id,
        job_posted_at_issue,
        case when job_posted_at_issue is null then to_timestamp(posted_epoch_s) end as job_posted_at
    from posting_times_checked
    order by
        job_id asc,
        case when job_posted_at_issue is null then posted_epoch_s end desc nulls last,
        dwh_load_timestamp desc,
        raw_job_posting_id desc
),

winning_payloads as (
    select
        candidate_postings.job_id,
        candidate_postings.raw_job_posting_id,
        candidate_postings.dwh_load_id,
        candidate_postings.dwh_load_date,
        candidate_postings.dwh_load_timestamp,
        candidate_postings.dwh_source_system,
        candidate_postings.load_finished_at,
        winners.job_posted_at,
        winners.job_posted_at_issue,
        payload.*
    from winners
    inner join candidate_postings
        on winners.raw_job_posting_id = candidate_postings.raw_job_posting_id
    inner join posting_copies
        on winners.raw_job_posting_id = posting_copies.raw_job_posting_id
    -- One jsonb read per row. Text fields come out as text (a JSON string's content); fields that
    -- need safe coercion (numbers, booleans, arrays, objects) stay jsonb.
    cross join lateral jsonb_to_record(posting_copies.raw_payload) as payload (
        job_title text,
        job_description text,
        employer_name text,
        employer_website text,
        employer_logo text,
        employer_company_type text,
        job_publisher text,
        job_apply_link text,
        job_apply_is_direct jsonb,
        job_google_link text,
        job_city text,
        job_state text,
        job_country text,
        job_location text,
        job_latitude jsonb,
        job_longitude jsonb,
        job_is_remote jsonb,
        job_employment_type text,
        job_employment_types jsonb,
        job_min_salary jsonb,
        job_max_salary jsonb,
        job_salary_currency text,
        job_salary_period text,
        job_highlights jsonb,
        job_offer_expiration_timestamp jsonb,
        job_offer_expiration_datetime_utc text,
        job_posted_at_timestamp jsonb
    )
),

typed as (
    select
        -- ids
        job_id,
        -- text
        {{ clean_text('job_title', collapse_whitespace=true) }} as job_title,
        {{ clean_text('job_description') }} as job_description,
        {{ clean_text('employer_name', collapse_whitespace=true) }} as employer_name,
        {{ clean_text('employer_website') }} as employer_website,
        {{ clean_text('employer_logo') }} as employer_logo,
        {{ clean_text('employer_company_type') }} as employer_company_type,
        {{ clean_text('job_publisher') }} as job_publisher,
        {{ clean_text('job_apply_link') }} as job_apply_link,
        {{ json_to_boolean('job_apply_is_direct') }} as job_apply_is_direct,
        {{ clean_text('job_google_link') }} as job_google_link,
        {{ clean_text('job_city', collapse_whitespace=true) }} as job_city,
        {{ clean_text('job_state', collapse_whitespace=true) }} as job_state,
        case
            when upper({{ clean_text('job_country') }}) ~ '^[A-Z]{2}$'
                then upper({{ clean_text('job_country') }})
        end as job_country,
        {{ clean_text('job_location', collapse_whitespace=true) }} as job_location,
        {{ clean_text('job_employment_type') }} as job_employment_type_text,
        {{ jsearch_employment_types('job_employment_types', clean_text('job_employment_type')) }}
            as job_employment_types,
        (
            -- every item of every section, in storage order ($.* = sections, [*] = their items)
            select string_agg(highlight.item #>> '{}', E'\n')
            from jsonb_path_query(winning_payloads.job_highlights, '$.*[*]') as highlight (item)
        ) as job_highlights_text,
        -- numerics
        case
            when {{ json_to_numeric('job_latitude') }} between -90 and 90
                then {{ json_to_numeric('job_latitude') }}
        end as job_latitude,
        case
            when {{ json_to_numeric('job_longitude') }} between -180 and 180
                then {{ json_to_numeric('job_longitude') }}
        end as job_longitude,
        {{ json_to_numeric('job_min_salary') }} as salary_min_received,
        {{ json_to_numeric('job_max_salary') }} as salary_max_received,
        {{ normalize_salary_period(clean_text('job_salary_period')) }} as job_salary_period,
        case
            when upper({{ clean_text('job_salary_currency') }}) ~ '^[A-Z]{3}$'
                then upper({{ clean_text('job_salary_currency') }})
        end as salary_currency_received,
        -- booleans
        {{ json_to_boolean('job_is_remote') }} as job_is_remote,
        -- timestamps
        job_posted_at,
        job_posted_at_issue,
        -- The epoch when it is readable, else the ISO text (issue 17: expired postings).
        case
            when {{ epoch_seconds_from_json('job_offer_expiration_timestamp') }} between 946684800 and 32503680000
                then to_timestamp({{ epoch_seconds_from_json('job_offer_expiration_timestamp') }})
            when {{ iso_text_to_epoch_seconds('job_offer_expiration_datetime_utc') }} between 946684800 and 32503680000
                then to_timestamp({{ iso_text_to_epoch_seconds('job_offer_expiration_datetime_utc') }})
        end as job_offer_expires_at,
        -- Optional fields land as received (only identity and shape are quarantined); what was
        -- coerced or dropped here is recorded, one note per field.
        nullif(
            concat_ws(
                ',',
                {{ type_coercion_note(
                    'job_min_salary', 'job_min_salary', 'number', json_to_numeric('job_min_salary')
                ) }},
                {{ type_coercion_note(
                    'job_max_salary', 'job_max_salary', 'number', json_to_numeric('job_max_salary')
                ) }},
                {{ type_coercion_note(
                    'job_latitude', 'job_latitude', 'number', json_to_numeric('job_latitude')
                ) }},
                {{ type_coercion_note(
                    'job_longitude', 'job_longitude', 'number', json_to_numeric('job_longitude')
                ) }},
                {{ type_coercion_note(
                    'job_posted_at_timestamp', 'job_posted_at_timestamp', 'number',
                    json_to_numeric('job_posted_at_timestamp')
                ) }},
                {{ type_coercion_note(
                    'job_offer_expiration_timestamp', 'job_offer_expiration_timestamp', 'number',
                    json_to_numeric('job_offer_expiration_timestamp')
                ) }},
                {{ type_coercion_note('job_is_remote', 'job_is_remote', 'boolean', json_to_boolean('job_is_remote')) }},
                {{ type_coercion_note(
                    'job_apply_is_direct', 'job_apply_is_direct', 'boolean', json_to_boolean('job_apply_is_direct')
                ) }},
                {{ type_coercion_note('job_employment_types', 'job_employment_types', 'array', 'null') }},
                {{ type_coercion_note('job_highlights', 'job_highlights', 'object', 'null') }}
            ),
            ''
        ) as type_coercion_issue,
        -- metadata
        raw_job_posting_id as dwh_raw_job_posting_id,
        dwh_load_id,
        dwh_load_date,
        dwh_load_timestamp,
        load_finished_at as dwh_load_finished_at,
        dwh_source_system
    from winning_payloads
    -- computed once per row (see salary_checked)
    offset 0  -- noqa: AM09
),

with_currency as (
    select
        typed.*,
        coalesce(typed.salary_currency_received, country_currencies.currency_code) as salary_currency_candidate,
        (
            typed.salary_currency_received is null
            and country_currencies.currency_code is not null
        ) as is_currency_inferred_candidate,
        {{ annualisation_factor('typed.job_salary_period') }} as annualisation_factor
    from typed
    left join country_currencies
        on typed.job_country = country_currencies.country_code
),

salary_checked as (
    select
        with_currency.*,
        {{ salary_amount_issue(
            'with_currency.salary_min_received', 'with_currency.annualisation_factor',
            'coalesce(currency_bounds.min_plausible_annual, default_bounds.min_plausible_annual)',
            'coalesce(currency_bounds.max_plausible_annual, default_bounds.max_plausible_annual)'
        ) }} as salary_min_issue,
        {{ salary_amount_issue(
            'with_currency.salary_max_received', 'with_currency.annualisation_factor',
            'coalesce(currency_bounds.min_plausible_annual, default_bounds.min_plausible_annual)',
            'coalesce(currency_bounds.max_plausible_annual, default_bounds.max_plausible_annual)'
        ) }} as salary_max_issue
    from with_currency
    left join currency_bounds
        on with_currency.salary_currency_candidate = currency_bounds.currency_code
    left join currency_bounds as default_bounds
        on default_bounds.currency_code = '*'
    -- offset 0 keeps this a separate plan step: without it PostgreSQL inlines every expression
    -- above into each place the columns are used below and evaluates them over and over.
    offset 0  -- noqa: AM09
),

salary_valid as (
    select
        salary_checked.*,
        case
            when salary_checked.salary_min_issue is null then salary_checked.salary_min_received
        end as salary_min_valid,
        case
            when salary_checked.salary_max_issue is null then salary_checked.salary_max_received
        end as salary_max_valid
    from salary_checked
),

final as (
    select
        -- ids
        job_id,
        {{ normalize_company_lookup_key('employer_name') }} as company_lookup_key,
        -- text
        job_title,
        job_description,
        employer_name,
        employer_website,
        employer_logo,
        employer_company_type,
        job_publisher,
        job_apply_link,
        job_apply_is_direct,
        job_google_link,
        job_city,
        job_state,
        job_country,
        job_location,
        job_employment_type_text,
        job_employment_types,
        job_highlights_text,
        -- numerics
        job_latitude,
        job_longitude,
        -- salary: invalid amounts nulled, a reversed range swapped, annualised here and only here
        least(salary_min_valid, salary_max_valid) as job_min_salary,
        greatest(salary_min_valid, salary_max_valid) as job_max_salary,
        job_salary_period,
        case
            when coalesce(salary_min_valid, salary_max_valid) is not null then salary_currency_candidate
        end as salary_currency,
        coalesce(
            coalesce(salary_min_valid, salary_max_valid) is not null and is_currency_inferred_candidate,
            false
        ) as is_salary_currency_inferred,
        least(salary_min_valid, salary_max_valid) * annualisation_factor as salary_min_annual,
        greatest(salary_min_valid, salary_max_valid) * annualisation_factor as salary_max_annual,
        coalesce(salary_min_valid > salary_max_valid, false) as is_salary_range_swapped,
        nullif(
            concat_ws(
                ',',
                'min_' || salary_min_issue,
                'max_' || salary_max_issue,
                case when salary_min_valid > salary_max_valid then 'min_above_max_swapped' end,
                case
                    when coalesce(salary_min_valid, salary_max_valid) is not null and annualisation_factor is null
                        then 'unknown_period'
                end
            ),
            ''
        ) as salary_issue,
        -- booleans
        job_is_remote,
        -- timestamps
        job_posted_at,
        job_posted_at_issue,
        job_offer_expires_at,
        -- metadata
        type_coercion_issue,
        dwh_raw_job_posting_id,
        dwh_load_id,
        dwh_load_date,
        dwh_load_timestamp,
        dwh_load_finished_at,
        dwh_source_system,
        now() as dwh_updated_at
    from salary_valid
)

select * from final
