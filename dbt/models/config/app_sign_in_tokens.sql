{{
    config(
        schema='marts',
        unique_key='token_hash',
        indexes=[{'columns': ['email', 'created_at']}],
        post_hook=[
            "alter table {{ this }} alter column created_at set default now()",
            "{{ grant_if_role_exists('select, insert, update, delete', 'jobs_ui') }}",
            "{{ revoke_if_role_exists('all', 'jobs_bi') }}",
        ],
    )
}}

-- One-time sign-in links. Only the SHA-256 of the link's token is stored.
select
    cast(null as text) as token_hash,
    cast(null as text) as email,
    cast(null as timestamptz) as created_at,
    cast(null as timestamptz) as expires_at,
    cast(null as timestamptz) as used_at
where false
