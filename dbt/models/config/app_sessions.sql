{{
    config(
        schema='marts',
        unique_key='session_hash',
        indexes=[{'columns': ['user_id']}],
        post_hook=[
            "alter table {{ this }}
                alter column created_at set default now(),
                alter column last_seen_at set default now()",
            "{{ grant_if_role_exists('select, insert, update, delete', 'jobs_ui') }}",
            "{{ revoke_if_role_exists('all', 'jobs_bi') }}",
        ],
    )
}}

-- Server-side sessions of the profile app. The browser holds an opaque random id; only its
-- SHA-256 is stored, so a copy of this table signs nobody in.
select
    cast(null as text) as session_hash,
    cast(null as bigint) as user_id,
    cast(null as timestamptz) as created_at,
    cast(null as timestamptz) as last_seen_at,
    cast(null as timestamptz) as expires_at,
    cast(null as text) as user_agent
where false
