{{ config(post_hook=[
    "{{ revoke_if_role_exists('all', 'jobs_ui') }}",
    "{{ revoke_if_role_exists('all', 'jobs_bi') }}",
]) }}

-- One row per DAG run whose final step landed its context (the latest landing, should the step
-- have run twice): which steps the DAG has, the profile the run was restricted to, when it started,
-- and the JSON summaries of `jobctl extract-jobs` and `jobctl notify`.

with

outcomes as (
    select * from {{ ref('pipeline_task_outcomes') }}
),

landed as (
    select distinct on (dag_run_id)
        dag_run_id,
        details,
        recorded_at
    from outcomes
    where step = 'record_run_statistics'
    order by dag_run_id asc, recorded_at desc, outcome_id desc
),

final as (
    select
        dag_run_id,
        cast(details ->> 'profile_id' as bigint) as profile_id,
        cast(details ->> 'run_started_at' as timestamptz) as run_started_at,
        coalesce(details -> 'steps', cast('[]' as jsonb)) as steps,
        details -> 'extract_summary' as extract_summary,
        details -> 'notify_summary' as notify_summary,
        -- Their per-profile entries (extract-jobs: "profiles", notify: "results"), [] when absent.
        case
            when jsonb_typeof(details -> 'extract_summary' -> 'profiles') = 'array'
                then details -> 'extract_summary' -> 'profiles'
            else cast('[]' as jsonb)
        end as extract_entries,
        case
            when jsonb_typeof(details -> 'notify_summary' -> 'results') = 'array'
                then details -> 'notify_summary' -> 'results'
            else cast('[]' as jsonb)
        end as notify_entries,
        recorded_at
    from landed
)

select * from final
