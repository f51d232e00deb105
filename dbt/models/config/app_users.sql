{{
    config(
        schema='marts',
        unique_key='user_id',
        indexes=[{'columns': ['role']}],
        post_hook=[
            "{{ ensure_identity('user_id') }}",
            "alter table {{ this }}
                alter column role set default 'user',
                alter column created_at set default now()",
            "create unique index if not exists app_users_email on {{ this }} (lower(email))",
            "{{ app_user_functions() }}",
            "{{ grant_if_role_exists('select, insert, update', 'jobs_ui') }}",
            "{{ revoke_if_role_exists('all', 'jobs_bi') }}",
        ],
    )
}}

-- People who sign in to the profile app (issue 22). Written by the app and `jobctl users`; dbt
-- only creates the table (contract in app_users.yml). No RLS: the app's sign-in code must find a
-- user by address before anybody is signed in; the row-level policies read it to know admins.
select
    cast(null as bigint) as user_id,
    cast(null as text) as email,
    cast(null as text) as display_name,
    cast(null as text) as role,  -- noqa: RF04
    cast(null as timestamptz) as created_at,
    cast(null as timestamptz) as last_login_at,
    cast(null as timestamptz) as disabled_at
where false
