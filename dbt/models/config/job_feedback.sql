{{
    config(
        schema='marts',
        unique_key=['profile_id', 'job_id', 'kind'],
        indexes=[{'columns': ['job_id']}],
        post_hook=[
            "alter table {{ this }} alter column created_at set default now()",
            "{{ grant_if_role_exists('select, insert, delete', 'jobs_ui') }}",
            "{{ revoke_if_role_exists('all', 'jobs_bi') }}",
        ],
    )
}}

-- A person's feedback on a job for one profile: "not interested" (optional reason) or "applied".
-- Written by the profile app, the digest's signed links and `jobctl feedback`; read by
-- profile_top_jobs, which hides such jobs and never lets them be mailed again. Kept apart from
-- expiry, so a stale posting is never read as a dislike. dbt only creates the table.
select
    cast(null as bigint) as profile_id,
    cast(null as text) as job_id,
    cast(null as text) as kind,
    cast(null as text) as reason,
    cast(null as timestamptz) as created_at
where false
