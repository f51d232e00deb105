{{ config(post_hook=[
    "{{ revoke_if_role_exists('all', 'jobs_ui') }}",
    "{{ revoke_if_role_exists('all', 'jobs_bi') }}",
]) }}

-- One row per DAG run, profile in its scope (the one profile it was restricted to, else every
-- active profile) and step: the step's run-wide outcome narrowed to the profile. Its extraction
-- comes from its own loads and what `jobctl extract-jobs` said about it; its digest from what
-- `jobctl notify` said and notification_log. Row counts are as of the run's end (see ops_run_steps).
{%- set posting_copies = load_relation(ref('stg_jsearch__job_posting_copies')) %}
{%- set staged_postings = load_relation(ref('stg_jsearch__job_postings')) %}
{%- set bridge = load_relation(ref('bridge_profile_jobs')) %}
{%- set dim_ranking = load_relation(ref('dim_ranking')) %}

with

runs as (
    select * from {{ ref('ops_run_context') }}
),

steps as (
    select * from {{ ref('ops_run_steps') }}
),

profiles as (
    select * from {{ ref('profile_preferences') }}
),

loads as (
    select * from {{ ref('stg_loader__loads') }}
),

notifications as (
    select * from {{ ref('notification_log') }}
),

run_profiles as (
    select
        runs.dag_run_id,
        profiles.profile_id,
        runs.run_started_at
    from runs
    inner join profiles
        on
            runs.profile_id = profiles.profile_id
            or (runs.profile_id is null and profiles.is_active)
),

-- Per profile: its extraction batches in the run, summed, with timing.
profile_loads as (
    select
        dag_run_id,
        profile_id,
        count(*) as loads,
        count(*) filter (where load_status = 'failed') as failed_loads,
        sum(row_count) as rows_raw,
        sum(api_call_count) as api_calls,
        sum(api_error_count) as api_errors,
        string_agg(error_message, '; ') as error_message,
        min(started_at) as started_at,
        extract(epoch from max(finished_at) - min(started_at)) as duration_s
    from loads
    where profile_id is not null
    group by dag_run_id, profile_id
),

-- The JSON summaries' per-profile entries, by the command that wrote them.
summary_entries as (
    select
        runs.dag_run_id,
        summaries.command,
        cast(entries.entry ->> 'profile_id' as bigint) as profile_id,
        entries.entry
    from runs
    cross join
        lateral (
            values ('extract', runs.extract_entries), ('notify', runs.notify_entries)
        ) as summaries (command, summary)
    cross join lateral jsonb_array_elements(summaries.summary) as entries (entry)
    where jsonb_typeof(entries.entry) = 'object' and entries.entry ->> 'profile_id' ~ '^[0-9]+$'
),

extracted as (
    select
        dag_run_id,
        profile_id,
        entry
    from summary_entries
    where command = 'extract'
),

notified as (
    select
        dag_run_id,
        profile_id,
        entry
    from summary_entries
    where command = 'notify'
),

{%- if posting_copies %}

    -- The jobs in published staging now.
    staged_jobs as (
        {%- if staged_postings %}
            select distinct job_id from {{ staged_postings }}
        {%- else %}
            select cast(null as text) as job_id
            where false
        {%- endif %}
    ),
{%- endif %}

-- Jobs each profile found in the run, and how many of them reached staging.
found as (
    {%- if posting_copies %}
        select
            found_jobs.dag_run_id,
            found_jobs.profile_id,
            count(*) as jobs_found,
            count(staged_jobs.job_id) as rows_staging
        from (
            select distinct
                loads.dag_run_id,
                loads.profile_id,
                copies.job_id
            from {{ posting_copies }} as copies
            inner join loads on copies.dwh_load_id = loads.load_id
            where loads.profile_id is not null
        ) as found_jobs
        left join staged_jobs on found_jobs.job_id = staged_jobs.job_id
        group by found_jobs.dag_run_id, found_jobs.profile_id
    {%- else %}
        select
            cast(null as text) as dag_run_id,
            cast(null as bigint) as profile_id,
            cast(null as bigint) as jobs_found,
            cast(null as bigint) as rows_staging
        where false
    {%- endif %}
),

-- The profile's rows in the marts now.
marts_rows as (
    select
        profiles.profile_id,
        {{ row_count_if_built(bridge, 'counted.profile_id = profiles.profile_id') }} as bridged,
        {{ row_count_if_built(dim_ranking, 'counted.profile_id = profiles.profile_id') }} as ranked
    from profiles
),

mails as (
    select
        run_profiles.dag_run_id,
        run_profiles.profile_id,
        count(*) filter (where notifications.delivery_status = 'sent') as sent,
        count(*) filter (where notifications.delivery_status = 'failed') as failed
    from run_profiles
    left join notifications
        on
            run_profiles.profile_id = notifications.profile_id
            and notifications.notified_at >= coalesce(run_profiles.run_started_at, now() - interval '1 day')
            -- chat alerts are logged per digest, not per job
            and notifications.job_id not like 'chat-alert:%'
    group by run_profiles.dag_run_id, run_profiles.profile_id
),

joined as (
    select
        steps.dag_run_id,
        run_profiles.profile_id,
        steps.step,
        steps.step_order,
        steps.run_status as step_status,
        steps.duration_s as step_duration_s,
        steps.error_message as step_error_message,
        steps.started_at as step_started_at,
        steps.dq_tests_passed,
        steps.dq_tests_warned,
        steps.dq_tests_failed,
        profile_loads.loads,
        profile_loads.failed_loads,
        profile_loads.rows_raw as loaded_rows,
        profile_loads.api_calls as loaded_api_calls,
        profile_loads.api_errors as loaded_api_errors,
        profile_loads.error_message as load_error_message,
        profile_loads.started_at as load_started_at,
        profile_loads.duration_s as load_duration_s,
        extracted.entry as extracted,
        notified.entry as notified,
        found.jobs_found as found_jobs,
        found.rows_staging as found_rows_staging,
        marts_rows.bridged,
        marts_rows.ranked,
        mails.sent as mails_sent,
        mails.failed as mails_failed
    from steps
    inner join run_profiles on steps.dag_run_id = run_profiles.dag_run_id
    left join profile_loads
        on run_profiles.dag_run_id = profile_loads.dag_run_id and run_profiles.profile_id = profile_loads.profile_id
    left join extracted
        on run_profiles.dag_run_id = extracted.dag_run_id and run_profiles.profile_id = extracted.profile_id
    left join notified
        on run_profiles.dag_run_id = notified.dag_run_id and run_profiles.profile_id = notified.profile_id
    left join found
        on run_profiles.dag_run_id = found.dag_run_id and run_profiles.profile_id = found.profile_id
    left join marts_rows on run_profiles.profile_id = marts_rows.profile_id
    left join mails
        on run_profiles.dag_run_id = mails.dag_run_id and run_profiles.profile_id = mails.profile_id
),

-- The profile's own status per step: its extraction's, its digest's, else the step's.
statuses as (
    select
        *,
        {{ cli_status("extracted ->> 'status'") }} as extracted_status,
        {{ cli_status("notified ->> 'status'") }} as digest_status,
        {{ load_status('loads', 'failed_loads', 'loaded_api_errors') }} as loaded_status
    from joined
),

-- The notifier's outcome for the profile, as the notify_daily row's details keep it.
digests as (
    select
        *,
        jsonb_build_object('sent', mails_sent, 'failed', mails_failed)
        || case
            when notified is null then cast('{}' as jsonb)
            else jsonb_build_object(
                'digest_status', notified -> 'status',
                'kind', notified -> 'kind',
                'jobs_mailed', case
                    when jsonb_typeof(notified -> 'jobs') = 'array' then jsonb_array_length(notified -> 'jobs')
                    else 0
                end,
                -- Why nothing was sent (e.g. no_new_jobs_already_mailed_today), for make demo's report.
                'reason', notified -> 'reason',
                'files', case
                    when jsonb_typeof(notified -> 'files') = 'array' then notified -> 'files'
                    else cast('[]' as jsonb)
                end,
                'error', notified -> 'error'
            )
        end as mail
    from statuses
),

rows_per_step as (
    select
        dag_run_id,
        profile_id,
        step,
        step_order,
        step_status,
        case
            when step = 'extract_job_postings'
                then
                    case
                        when step_status = 'skipped' then 'skipped'
                        when extracted_status is not null then extracted_status
                        when coalesce(loads, 0) = 0 then 'failed'
                        when step_status = 'failed' then 'failed'
                        else loaded_status
                    end
            when step = 'notify_daily' and step_status <> 'skipped' and digest_status = 'failed' then 'failed'
            else step_status
        end as run_status,
        case when step = 'extract_job_postings' then coalesce(loaded_rows, 0) end as rows_raw,
        case when step = 'normalize_jobs' then coalesce(found_rows_staging, 0) end as rows_staging,
        case
            when step = 'dbt_modelling' then coalesce(bridged, 0)
            when step = 'rank_jobs' then coalesce(ranked, 0)
        end as rows_marts,
        case
            when step = 'extract_job_postings'
                then coalesce(cast(extracted ->> 'postings_received' as numeric), found_jobs, 0)
        end as jobs_found,
        case
            when step = 'extract_job_postings'
                then coalesce(cast(extracted ->> 'api_calls' as numeric), loaded_api_calls, 0)
        end as api_calls,
        case
            when step = 'extract_job_postings'
                then coalesce(cast(extracted ->> 'api_errors' as numeric), loaded_api_errors, 0)
        end as api_errors,
        case
            when step = 'extract_job_postings'
                then coalesce(cast(extracted ->> 'duration_s' as numeric), load_duration_s, step_duration_s)
            else step_duration_s
        end as duration_s,
        dq_tests_passed,
        dq_tests_warned,
        dq_tests_failed,
        case
            when step = 'extract_job_postings'
                then coalesce(nullif(extracted ->> 'error', ''), load_error_message, step_error_message)
            when step = 'notify_daily' and step_status <> 'skipped' and digest_status = 'failed'
                then coalesce(nullif(notified ->> 'error', ''), 'the digest could not be sent')
            else step_error_message
        end as error_message,
        case
            when step = 'extract_job_postings'
                then (
                    select coalesce(jsonb_object_agg(kept.key, kept.value), cast('{}' as jsonb))
                    from jsonb_each(coalesce(digests.extracted, cast('{}' as jsonb))) as kept
                    -- What extract-jobs said about the load beyond the counts.
                    where kept.key in (
                        'load_id', 'rows_landed', 'duplicates_skipped', 'quarantined', 'retries', 'notes'
                    )
                )
            when step = 'notify_daily' then mail
        end as details,
        case
            when step = 'extract_job_postings' then coalesce(load_started_at, step_started_at)
            else step_started_at
        end as started_at
    from digests
),

final as (
    select
        dag_run_id,
        profile_id,
        step,
        step_order,
        step_status,
        run_status,
        cast(rows_raw as integer) as rows_raw,
        cast(rows_staging as integer) as rows_staging,
        cast(rows_marts as integer) as rows_marts,
        cast(jobs_found as integer) as jobs_found,
        cast(api_calls as integer) as api_calls,
        cast(api_errors as integer) as api_errors,
        cast(duration_s as numeric) as duration_s,
        dq_tests_passed,
        dq_tests_warned,
        dq_tests_failed,
        case
            when step = 'extract_job_postings' and run_status = 'failed' and error_message is null
                then 'no load was recorded for this profile'
            else error_message
        end as error_message,
        details,
        started_at
    from rows_per_step
)

select * from final
