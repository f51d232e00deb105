-- Digest delivery for BI (jobs_bi): counts per profile, UTC day and status, not which job went to
-- whom (marts.notification_log stays private to the notifier).
with notifications as (
    select * from {{ ref('notification_log') }}
),

final as (
    select
        profile_id,
        cast(notified_at at time zone 'UTC' as date) as notified_date,
        delivery_status,
        count(distinct digest_id) as digest_count,
        -- Chat alerts are logged per digest (job_id chat-alert:<digest_id>), not per job.
        count(*) filter (where job_id not like 'chat-alert:%') as job_count
    from notifications
    group by profile_id, cast(notified_at at time zone 'UTC' as date), delivery_status
)

select * from final
