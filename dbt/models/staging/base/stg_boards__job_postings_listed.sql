-- Every watched career board's postings, one row per source posting, in the shape the marts
-- read (like staging.jsearch_job_postings): job_id is "<ats>:<board token>:<posting id>".
-- Each ATS maps its own payload in its base model (models/staging/boards/stg_<ats>__job_postings);
-- this view adds what is the same for all: the employer (the watched board's company name), the
-- company lookup key, annual salary, and the posting's life on its board: last_listed_at (the
-- newest finished fetch that listed it) and board_removed_at (the first finished fetch after that
-- which did not: boards list only open jobs, so it has been taken down). dwh_row_version hashes
-- what makes a row change; stg_boards__job_postings rewrites only rows whose version changed.

-- The board staging models: adding an ATS adds its model here (the one registry line).
{%- set board_staging_models = ['stg_ashby__job_postings', 'stg_greenhouse__job_postings', 'stg_lever__job_postings'] %}

with

board_postings as (
    {%- for model in board_staging_models %}
        select
            '{{ model.split("__")[0][4:] }}' as source,  -- noqa: RF04
            staged.*
        from {{ ref(model) }} as staged
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

finished_fetches as (
    select
        ats,
        board_token,
        fetched_at,
        posting_ids
    from {{ ref('stg_boards__finished_fetches') }}
),

last_listed as (
    select
        board_postings.source,
        board_postings.board_token,
        board_postings.posting_id,
        max(finished_fetches.fetched_at) as last_listed_at
    from board_postings
    inner join finished_fetches
        on
            board_postings.source = finished_fetches.ats
            and board_postings.board_token = finished_fetches.board_token
            and board_postings.posting_id = any(finished_fetches.posting_ids)
    group by board_postings.source, board_postings.board_token, board_postings.posting_id
),

lifecycle as (
    select
        last_listed.source,
        last_listed.board_token,
        last_listed.posting_id,
        last_listed.last_listed_at,
        min(later_fetches.fetched_at) as board_removed_at
    from last_listed
    left join finished_fetches as later_fetches
        on
            last_listed.source = later_fetches.ats
            and last_listed.board_token = later_fetches.board_token
            and last_listed.last_listed_at < later_fetches.fetched_at
    group by last_listed.source, last_listed.board_token, last_listed.posting_id, last_listed.last_listed_at
),

watched_boards as (
    select
        ats,
        board_token,
        company_name
    from {{ ref('board_sources') }}
),

enriched as (
    select
        board_postings.source || ':' || board_postings.board_token || ':' || board_postings.posting_id as job_id,
        board_postings.source,
        board_postings.board_token,
        board_postings.posting_id,
        board_postings.job_title,
        board_postings.job_description,
        coalesce(
            {{ clean_text('watched_boards.company_name') }},
            board_postings.employer_name,
            initcap(regexp_replace(board_postings.board_token, '[-_.]+', ' ', 'g'))
        ) as employer_name,
        board_postings.job_location,
        board_postings.job_city,
        board_postings.job_state,
        board_postings.job_country,
        coalesce(board_postings.job_is_remote, false) as job_is_remote,
        board_postings.job_employment_types,
        board_postings.job_min_salary,
        board_postings.job_max_salary,
        board_postings.job_salary_period,
        board_postings.salary_currency,
        board_postings.job_posted_at,
        board_postings.job_updated_at,
        board_postings.job_apply_link,
        lifecycle.last_listed_at,
        lifecycle.board_removed_at,
        board_postings.dwh_load_id,
        board_postings.dwh_load_timestamp
    from board_postings
    left join lifecycle
        on
            board_postings.source = lifecycle.source
            and board_postings.board_token = lifecycle.board_token
            and board_postings.posting_id = lifecycle.posting_id
    left join watched_boards
        on
            board_postings.source = watched_boards.ats
            and board_postings.board_token = watched_boards.board_token
),

final as (
    select
        job_id,
        source,  -- noqa: RF04
        board_token,
        posting_id,
        {{ normalize_company_lookup_key('employer_name') }} as company_lookup_key,
        job_title,
        job_description,
        employer_name,
        job_location,
        job_city,
        job_state,
        job_country,
        job_is_remote,
        job_employment_types,
        job_min_salary,
        job_max_salary,
        job_salary_period,
        salary_currency,
        least(job_min_salary, job_max_salary) * {{ annualisation_factor('job_salary_period') }} as salary_min_annual,
        greatest(job_min_salary, job_max_salary) * {{ annualisation_factor('job_salary_period') }}
            as salary_max_annual,
        job_posted_at,
        job_updated_at,
        job_apply_link,
        last_listed_at,
        board_removed_at,
        dwh_load_id,
        dwh_load_timestamp,
        md5(concat_ws('|', dwh_load_id, employer_name, board_removed_at, last_listed_at)) as dwh_row_version
    from enriched
)

select * from final
