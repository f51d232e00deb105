{{
    config(
        schema='marts',
        unique_key='notification_id',
        indexes=[{'columns': ['profile_id', 'notified_at']}],
        post_hook=[
            "{{ ensure_identity('notification_id') }}",
            "alter table {{ this }} alter column notified_at set default now()",
            "create unique index if not exists notification_log_profile_job
                on {{ this }} (profile_id, job_id)",
            "{{ revoke_if_role_exists('all', 'jobs_bi') }}",
            "{{ profile_row_security() }}",
        ],
    )
}}

-- depends_on: {{ ref('profile_preferences') }}
-- Which job was mailed to which profile, and when: drives "only new jobs".
-- The unique (profile_id, job_id) index makes a retried run unable to mail a job twice.
select
    cast(null as bigint) as notification_id,
    cast(null as bigint) as profile_id,
    cast(null as text) as job_id,
    cast(null as text) as job_posting_key,
    cast(null as text) as digest_id,
    cast(null as numeric) as rank_score,
    cast(null as text) as delivery_status,
    cast(null as timestamptz) as notified_at
where false
