{{
    config(
        schema='marts',
        unique_key='board_source_id',
        post_hook=[
            "{{ ensure_identity('board_source_id') }}",
            "alter table {{ this }}
                alter column is_active set default true,
                alter column created_at set default now()",
            "{{ grant_if_role_exists('select, insert, update, delete', 'jobs_ui') }}",
            "{{ grant_if_role_exists('select, update', 'jobs_loader') }}",
            "{{ revoke_if_role_exists('all', 'jobs_bi') }}",
        ],
    )
}}

-- The watched career boards (issue 21): one row per ATS + board token. Written by the app's
-- /sources page and `jobctl boards add|remove`; `jobctl extract-boards` fetches the active ones
-- and records the outcome (last_*). dbt only creates the table (contract in _board_sources.yml).
-- The ATS names are the loader modules' (loaders/src/sources/boards/<ats>/), checked there.
select
    cast(null as bigint) as board_source_id,
    cast(null as text) as ats,
    cast(null as text) as board_token,
    cast(null as text) as company_name,
    cast(null as boolean) as is_active,
    cast(null as timestamptz) as created_at,
    cast(null as timestamptz) as last_fetched_at,
    cast(null as text) as last_status,
    cast(null as text) as last_error,
    cast(null as integer) as last_posting_count
where false
