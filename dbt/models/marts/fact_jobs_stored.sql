{{
    config(
        materialized='incremental',
        unique_key='job_id',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
        indexes=[
            {'columns': ['company_key']},
            {'columns': ['posted_at']},
            {'columns': ['dwh_updated_at']},
            {'columns': ['board_copy_match_key']},
        ],
        post_hook=["{{ analyze_new_table(['job_posting_key', 'job_id', 'company_key', 'dwh_updated_at']) }}"],
    )
}}

-- The stored part of fact_jobs: one row per job, everything but the age (fact_jobs, a view on this
-- table, adds it at query time, so it never goes stale between builds). Narrow: no descriptions.
-- Incremental: postings changed in staging since the newest row here, jobs whose company key would
-- now be different (their employer has since entered or left dim_companies), and jobs whose
-- company's rating changed (Glassdoor's answer often comes a run after the job). dwh_updated_at is
-- when the row was written, so dim_ranking rescores exactly the jobs written here.
-- job_posting_key and job_id are indexed by the contract's primary key and unique constraints.
-- Board copies (macros/warehouse/duplicate_groups.sql): a group depends on all postings of its
-- match key, so a run re-decides every stored posting sharing a match key with a changed one.

with

-- Every source posting is its own row: JSearch's, and each watched career board's (issue 21).
-- Not materialized: an incremental run reads only the changed postings (and their board-copy
-- match keys' postings) through staging's job_id index, not a copy of every posting.
all_postings as not materialized (
    select
        jsearch_postings.job_id,
        jsearch_postings.company_lookup_key,
        jsearch_postings.job_title,
        jsearch_postings.employer_name,
        jsearch_postings.job_city,
        jsearch_postings.job_state,
        jsearch_postings.job_country,
        jsearch_postings.job_is_remote,
        jsearch_postings.job_employment_types,
        jsearch_postings.seniority_level,
        jsearch_postings.extracted_skills,
        jsearch_postings.job_min_salary,
        jsearch_postings.job_max_salary,
        jsearch_postings.job_salary_period,
        jsearch_postings.salary_currency,
        jsearch_postings.salary_min_annual,
        jsearch_postings.salary_max_annual,
        jsearch_postings.job_posted_at,
        jsearch_postings.job_apply_link,
        jsearch_postings.job_publisher,
        jsearch_postings.job_offer_expires_at,
        'jsearch' as source,  -- noqa: RF04
        cast(null as timestamptz) as board_removed_at
    from {{ ref('stg_jsearch__job_postings') }} as jsearch_postings
    union all
    select
        board_postings.job_id,
        board_postings.company_lookup_key,
        board_postings.job_title,
        board_postings.employer_name,
        board_postings.job_city,
        board_postings.job_state,
        board_postings.job_country,
        board_postings.job_is_remote,
        board_postings.job_employment_types,
        board_postings.seniority_level,
        coalesce(board_skills.extracted_skills, cast(array[] as text[])) as extracted_skills,
        board_postings.job_min_salary,
        board_postings.job_max_salary,
        board_postings.job_salary_period,
        board_postings.salary_currency,
        board_postings.salary_min_annual,
        board_postings.salary_max_annual,
        board_postings.job_posted_at,
        board_postings.job_apply_link,
        initcap(board_postings.source) as job_publisher,
        -- Boards list open jobs only: their expiry is board_removed_at (fact_jobs.is_expired).
        cast(null as timestamptz) as job_offer_expires_at,
        board_postings.source,
        board_postings.board_removed_at
    from {{ ref('stg_boards__job_postings') }} as board_postings
    left join {{ ref('int_job_postings__skills') }} as board_skills
        on board_postings.job_id = board_skills.job_id
),

{% if is_incremental() %}
    changed_jobs as (
        select job_id
        from {{ ref('stg_jsearch__job_postings') }}
        where dwh_updated_at > {{ incremental_watermark('dwh_updated_at') }}
        union
        select job_id
        from {{ ref('stg_boards__job_postings') }}
        where dwh_updated_at > {{ incremental_watermark('dwh_updated_at') }}
        union
        -- Stored without a company, whose employer is in dim_companies now.
        select stored_jobs.job_id
        from {{ this }} as stored_jobs
        where
            stored_jobs.company_key = 'unknown'
            and stored_jobs.company_lookup_key is not null
            and exists (
                select 1
                from {{ ref('dim_companies') }} as companies
                where companies.company_key = {{ surrogate_key(['stored_jobs.company_lookup_key']) }}
            )
        union
        -- Stored with a company that has left dim_companies, or whose rating has changed.
        select stored_jobs.job_id
        from {{ this }} as stored_jobs
        left join {{ ref('dim_companies') }} as companies
            on stored_jobs.company_key = companies.company_key
        where
            companies.company_key is null
            or companies.overall_rating is distinct from stored_jobs.company_rating
    ),

    -- The board-copy match keys a changed posting had and has now: their groups are re-decided.
    -- (A table stored before issue 17 has no match keys yet: append_new_columns adds them after
    -- this query ran, so only the changed postings' own keys count on that first run.)
    {%- set stored_columns = adapter.get_columns_in_relation(this) | map(attribute='name') | list %}
    {%- set has_match_keys = 'board_copy_match_key' in stored_columns %}
    changed_match_keys as (
        select
            {{ board_copy_match_key(
                'company_lookup_key', 'job_title', 'job_city', 'job_country', 'job_is_remote'
            ) }} as board_copy_match_key
        from all_postings
        where all_postings.job_id = any(array(select changed_jobs.job_id from changed_jobs))
        {%- if has_match_keys %}
            union
            select stored_jobs.board_copy_match_key
            from {{ this }} as stored_jobs
            where stored_jobs.job_id = any(array(select changed_jobs.job_id from changed_jobs))
        {%- endif %}
    ),

    jobs_to_store as (
        select changed_jobs.job_id
        from changed_jobs
        {%- if has_match_keys %}
            union
            select stored_jobs.job_id
            from {{ this }} as stored_jobs
            where stored_jobs.board_copy_match_key = any(
                array(select changed_match_keys.board_copy_match_key from changed_match_keys)
            )
        {%- endif %}
    ),
{% endif %}

-- Incremental filters take arrays, not semi-joins: an array reaches the job_id and match-key
-- indexes, where the planner, unable to size a semi-join's list, hashed every stored posting.
postings as (
    select * from all_postings
    {% if is_incremental() %}
        where job_id = any(array(select jobs_to_store.job_id from jobs_to_store))
    {% endif %}
),

companies as (
    select
        company_key,
        overall_rating
    from {{ ref('dim_companies') }}
),

joined as (
    select
        postings.*,
        coalesce(companies.company_key, 'unknown') as company_key,
        companies.overall_rating as company_rating,
        (postings.salary_min_annual + coalesce(postings.salary_max_annual, postings.salary_min_annual)) / 2
            as salary_mid_annual
    from postings
    left join companies
        on {{ surrogate_key(['postings.company_lookup_key']) }} = companies.company_key
),

matched as (
    select
        *,
        {{ board_copy_match_key(
            'company_lookup_key', 'job_title', 'job_city', 'job_country', 'job_is_remote'
        ) }} as board_copy_match_key,
        job_posted_at as posted_at
    from joined
),

board_copy_groups as (
    {{ board_copy_groups('matched') }}
),

grouped as (
    select
        matched.*,
        board_copy_groups.duplicate_group_key
    from matched
    inner join board_copy_groups
        on matched.job_id = board_copy_groups.job_id
),

final as (
    select
        -- ids
        {{ surrogate_key(['job_id']) }} as job_posting_key,
        job_id,
        company_key,
        company_lookup_key,
        company_rating,
        -- text
        job_title,
        employer_name,
        job_city,
        job_state,
        job_country,
        case
            when job_is_remote then 'remote'
            when job_city is not null then 'city'
            when job_state is not null then 'region'
            when job_country is not null then 'country'
            else 'unknown'
        end as location_bucket,
        -- flags
        coalesce(job_is_remote, false) as is_remote,
        'FULLTIME' = any(job_employment_types) as is_full_time,
        job_employment_types as employment_types,
        seniority_level,
        extracted_skills,
        -- salary (annualised once, upstream)
        job_min_salary as salary_min,
        job_max_salary as salary_max,
        job_salary_period as salary_period,
        salary_currency,
        salary_min_annual,
        salary_max_annual,
        case
            when salary_mid_annual is null then 'unknown'
            when salary_mid_annual < 50000 then 'under_50k'
            when salary_mid_annual < 100000 then '50k_100k'
            when salary_mid_annual < 150000 then '100k_150k'
            when salary_mid_annual < 200000 then '150k_200k'
            else '200k_plus'
        end as salary_band,
        -- timestamps
        job_posted_at as posted_at,
        cast(job_posted_at at time zone 'UTC' as date) as posted_date,
        job_apply_link as apply_link,
        job_publisher as publisher,
        job_offer_expires_at,
        board_copy_match_key,
        duplicate_group_key,
        -- jsearch, or the career board's ATS (greenhouse, lever, ashby, …)
        source,  -- noqa: RF04
        -- When the posting was gone from its career board (null: still listed, or not a board posting).
        board_removed_at,
        now() as dwh_updated_at
    from grouped
)

-- A stored posting re-decided only because it shares a match key with a changed one is written
-- again only when its group changed: dim_ranking rescores what is written, and a match key's older
-- postings (last month's copies of the same role) would otherwise make the daily cost follow the
-- history.
select final.*
from final
{%- if is_incremental() and has_match_keys %}
    where
        final.job_id in (select changed_jobs.job_id from changed_jobs)
        -- One index probe per re-decided posting, not a join with every stored one.
        or final.duplicate_group_key is distinct from (
            select stored_jobs.duplicate_group_key
            from {{ this }} as stored_jobs
            where stored_jobs.job_id = final.job_id
        )
{%- endif %}
