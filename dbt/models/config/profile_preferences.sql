{{
    config(
        schema='marts',
        unique_key='profile_id',
        indexes=[
            {'columns': ['is_active']},
            {'columns': ['created_at']},
            {'columns': ['updated_at']},
            {'columns': ['last_run_at']},
        ],
        pre_hook=["{{ add_profile_block_columns() }}"],
        post_hook=[
            "{{ ensure_identity('profile_id') }}",
            "alter table {{ this }}
                alter column is_active set default true,
                alter column country set default 'us',
                alter column date_window set default 'week',
                alter column remote_preference set default 'any',
                alter column employment_types set default '{}',
                alter column preferred_skills set default '{}',
                alter column preferred_seniority set default '{}',
                alter column notify_when_empty set default true,
                alter column created_at set default now(),
                alter column updated_at set default now(),
                alter column total_run_count set default 0,
                alter column min_mail_score set default 40,
                alter column excluded_employers set default '{}',
                alter column excluded_keywords set default '{}',
                alter column block_keywords_in set default 'title',
                alter column only_watched_companies set default false",
            "update {{ this }} set only_watched_companies = false where only_watched_companies is null",
            "{{ grant_if_role_exists('select, insert, update', 'jobs_ui') }}",
            "{{ grant_if_role_exists('select', 'jobs_loader') }}",
            "{{ revoke_if_role_exists('all', 'jobs_bi') }}",
            "create index if not exists profile_preferences_owner on {{ this }} (owner_user_id)",
            "{{ assign_unowned_profiles() }}",
            "{{ owner_row_security() }}",
        ],
    )
}}

-- Job-search profiles: written by the UI, read by loaders, dbt and the notifier.
-- Each profile belongs to one account (owner_user_id, issue 22); row-level security shows a
-- signed-in user only their own (macros/row_level_security.sql).
-- depends_on: {{ ref('app_users') }}
-- dbt only creates the table (contract in _profile_preferences.yml); it never writes rows.
-- query, location and language are SQL keywords, but they are the contract's column names.
select
    cast(null as bigint) as profile_id,
    cast(null as text) as profile_name,
    cast(null as boolean) as is_active,
    cast(null as text) as query,  -- noqa: RF04
    cast(null as text) as location,  -- noqa: RF04
    cast(null as text) as country,
    cast(null as text) as language,  -- noqa: RF04
    cast(null as text) as date_window,
    cast(null as text[]) as employment_types,
    cast(null as text) as remote_preference,
    cast(null as numeric) as min_salary,
    cast(null as numeric) as max_salary,
    cast(null as text) as salary_currency,
    cast(null as numeric) as min_mail_score,
    cast(null as text) as email,
    cast(null as text[]) as preferred_skills,
    cast(null as text[]) as preferred_seniority,
    cast(null as boolean) as notify_when_empty,
    cast(null as jsonb) as ranking_weights,
    cast(null as timestamptz) as created_at,
    cast(null as timestamptz) as updated_at,
    cast(null as timestamptz) as last_run_at,
    cast(null as text) as last_run_status,
    cast(null as integer) as last_run_job_count,
    cast(null as integer) as total_run_count,
    cast(null as bigint) as owner_user_id,
    cast(null as text[]) as excluded_employers,
    cast(null as text[]) as excluded_keywords,
    cast(null as text) as block_keywords_in,
    cast(null as text) as chat_webhook_url,
    -- Only jobs at watched companies (marts.board_sources) are ranked into this profile's digest.
    cast(null as boolean) as only_watched_companies
where false
