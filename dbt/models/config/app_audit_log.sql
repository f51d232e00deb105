{{
    config(
        schema='marts',
        unique_key='audit_id',
        indexes=[{'columns': ['occurred_at']}],
        post_hook=[
            "{{ ensure_identity('audit_id') }}",
            "alter table {{ this }} alter column occurred_at set default now()",
            "{{ grant_if_role_exists('select, insert', 'jobs_ui') }}",
            "{{ revoke_if_role_exists('all', 'jobs_bi') }}",
        ],
    )
}}

-- What happened in the profile app: sign-ins, failed sign-ins, invitations, role changes,
-- profile edits. Append-only for the app (insert and select, no update or delete).
select
    cast(null as bigint) as audit_id,
    cast(null as timestamptz) as occurred_at,
    cast(null as bigint) as user_id,
    cast(null as text) as action,  -- noqa: RF04
    cast(null as text) as target  -- noqa: RF04
where false
