{{
    config(
        schema='marts',
        unique_key='run_metric_id',
        indexes=[
            {'columns': ['profile_id', 'recorded_at']},
            {'columns': ['dag_run_id']},
        ],
        post_hook=[
            "{{ ensure_identity('run_metric_id') }}",
            "alter table {{ this }} alter column recorded_at set default now()",
            "create unique index if not exists pipeline_run_metrics_run_task_profile
                on {{ this }} (dag_run_id, task_id, coalesce(profile_id, -1))",
            "{{ profile_row_security(shared_when_null=true) }}",
        ],
    )
}}

-- depends_on: {{ ref('profile_preferences') }}
-- One row per DAG run x task x profile (profile_id null for run-wide tasks such as dbt).
-- Written by the Airflow DAG; read by the profile app.
select
    cast(null as bigint) as run_metric_id,
    cast(null as text) as dag_run_id,
    cast(null as text) as task_id,
    cast(null as bigint) as profile_id,
    cast(null as text) as run_status,
    cast(null as integer) as rows_raw,
    cast(null as integer) as rows_staging,
    cast(null as integer) as rows_marts,
    cast(null as integer) as jobs_found,
    cast(null as integer) as api_calls,
    cast(null as integer) as api_errors,
    cast(null as numeric) as duration_s,
    cast(null as integer) as dq_tests_passed,
    cast(null as integer) as dq_tests_warned,
    cast(null as integer) as dq_tests_failed,
    cast(null as text) as error_message,
    cast(null as jsonb) as details,
    cast(null as timestamptz) as started_at,
    cast(null as timestamptz) as recorded_at
where false
