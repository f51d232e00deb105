-- What the last run did with each profile's digest: sent, or why not (make demo's Emails section).
\pset footer off

\echo '== Digests of the last run, per profile (marts.pipeline_run_metrics, step notify_daily) =='
select
    profiles.profile_id as id,
    profiles.profile_name as profile,
    case
        when metrics.details ->> 'digest_status' = 'sent' and metrics.details ->> 'kind' = 'jobs'
            then 'sent: ' || (metrics.details ->> 'jobs_mailed') || ' new job(s)'
        when metrics.details ->> 'digest_status' = 'sent'
            then 'sent a short "nothing new today" note'
        when metrics.details ->> 'digest_status' = 'would_send' then 'dry run: would have sent it'
        when metrics.details ->> 'reason' = 'no_new_jobs_already_mailed_today'
            then 'not sent: no new jobs, and this profile already got its message today'
        when metrics.details ->> 'reason' = 'no_new_jobs_opted_out'
            then 'not sent: no new jobs, and the profile asked for no "nothing new" notes'
        when metrics.details ->> 'reason' = 'already_reserved_by_another_run'
            then 'not sent: another run is sending this digest'
        when metrics.details ->> 'digest_status' = 'failed'
            then 'FAILED: ' || left(coalesce(metrics.details ->> 'error', metrics.error_message, 'unknown error'), 70)
        when metrics.details ->> 'digest_status' is not null
            then metrics.details ->> 'digest_status' || coalesce(': ' || (metrics.details ->> 'reason'), '')
        when metrics.run_status = 'skipped' then 'not sent: the notify step was skipped (an earlier step failed)'
        else 'not sent: the notifier did not report on this profile (see out/demo/airflow-dags-test.log)'
    end as digest
from marts.pipeline_run_metrics as metrics
inner join marts.profile_preferences as profiles on metrics.profile_id = profiles.profile_id
where metrics.task_id = 'notify_daily'
    and metrics.dag_run_id = (
        select last_run.dag_run_id from marts.pipeline_run_metrics as last_run
        order by last_run.recorded_at desc limit 1
    )
order by profiles.profile_id;

\echo '== Chat alerts (marts.notification_log, job_id chat-alert:<digest>) =='
select
    log.profile_id as id,
    log.delivery_status as status,
    to_char(log.notified_at, 'YYYY-MM-DD HH24:MI:SS TZ') as at,
    log.digest_id as digest
from marts.notification_log as log
where log.job_id like 'chat-alert:%'
order by log.notified_at desc
limit 6;

\echo '== Jobs ever mailed, per profile and source (marts.notification_log) =='
select
    profiles.profile_name as profile,
    jobs.source,
    count(*) as jobs_mailed
from marts.notification_log as mailed
inner join marts.profile_preferences as profiles on mailed.profile_id = profiles.profile_id
inner join marts.fact_jobs as jobs on mailed.job_id = jobs.job_id
where mailed.delivery_status = 'sent' and profiles.profile_name like 'Demo: %'
group by profiles.profile_id, profiles.profile_name, jobs.source
order by profiles.profile_id, jobs.source;
