{{
    config(
        schema='marts',
        unique_key='outcome_id',
        indexes=[{'columns': ['dag_run_id', 'step']}],
        post_hook=[
            "{{ ensure_identity('outcome_id') }}",
            "alter table {{ this }} alter column recorded_at set default now()",
            "{{ revoke_if_role_exists('all', 'jobs_ui') }}",
            "{{ revoke_if_role_exists('all', 'jobs_bi') }}",
        ],
    )
}}

-- One row per Airflow task outcome, inserted by the DAG's callbacks (airflow/include/callbacks.py)
-- and, once per run, by the final step with the run's context (step 'record_run_statistics').
-- Insert only: the run statistics are dbt models over these rows (models/ops).
select
    cast(null as bigint) as outcome_id,
    cast(null as text) as dag_run_id,
    cast(null as text) as task_id,
    cast(null as text) as step,
    cast(null as integer) as try_number,
    cast(null as text) as status,
    cast(null as timestamptz) as started_at,
    cast(null as numeric) as duration_s,
    cast(null as text) as error_message,
    cast(null as integer) as dq_tests_passed,
    cast(null as integer) as dq_tests_warned,
    cast(null as integer) as dq_tests_failed,
    cast(null as jsonb) as details,
    cast(null as timestamptz) as recorded_at
where false
