{{ config(post_hook=[
    "{{ revoke_if_role_exists('all', 'jobs_ui') }}",
    "{{ revoke_if_role_exists('all', 'jobs_bi') }}",
]) }}

-- One row per DAG run: failed when any of its steps failed or did not run (an upstream step
-- failed), else the worst status of its steps. The DAG's final step fails the run on 'failed'.

with

steps as (
    select * from {{ ref('ops_run_steps') }}
),

final as (
    select
        dag_run_id,
        case
            when bool_or(run_status in ('failed', 'skipped')) then 'failed'
            else {{ worst_status('run_status') }}
        end as run_status,
        coalesce(
            array_agg(step order by step_order) filter (where run_status = 'failed'), '{}'
        ) as failed_steps,
        jsonb_object_agg(step, run_status order by step_order) as step_statuses
    from steps
    group by dag_run_id
)

select * from final
