{{ config(post_hook=["{{ revoke_if_role_exists('all', 'jobs_ui') }}", "{{ revoke_if_role_exists('all', 'jobs_bi') }}"]) }}

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
        coalesce(details -> 'steps', '[]'::jsonb) as steps,
        details -> 'extract_summary' as extract_summary,
        details -> 'notify_summary' as notify_summary,
        recorded_at
    from landed
)

select * from final
