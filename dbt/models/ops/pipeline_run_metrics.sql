{%- set dag_run_id = var('dag_run_id', none) %}
{#- What a run-wide row and a per-profile row both carry, after their keys. -#}
{%- set run_metric_measures = [
    'run_status', 'rows_raw', 'rows_staging', 'rows_marts', 'jobs_found', 'api_calls', 'api_errors',
    'duration_s', 'dq_tests_passed', 'dq_tests_warned', 'dq_tests_failed', 'error_message', 'details',
    'started_at',
] %}
{{
    config(
        schema='marts',
        materialized='incremental',
        full_refresh=false,
        on_schema_change='append_new_columns',
        incremental_strategy='delete+insert',
        unique_key='dag_run_id',
        tags=['config'],
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
            "{{ publish_profile_run_statistics(var('dag_run_id', none)) }}",
        ],
    )
}}

-- depends_on: {{ ref('profile_preferences') }}
-- depends_on: {{ ref('ops_run_steps') }}
-- depends_on: {{ ref('ops_run_profile_steps') }}
-- depends_on: {{ ref('ops_profile_runs') }}
-- One row per DAG run x step x profile (profile_id null for the run-wide row of a step), read by
-- the profile app, the notifier's report and make demo. init-db creates it empty (tag config);
-- the DAG's final step builds one run's rows from the ops models:
--     dbt run --select stg_loader__loads tag:ops --vars '{dag_run_id: <run>}'
-- and its post-hook publishes the run to profile_preferences. Rows stay as they were recorded.
-- A run's rows are replaced as a whole (unique_key dag_run_id): the unique index keys each row on
-- (dag_run_id, task_id, profile), which delete+insert cannot match on a null profile_id.
{% if is_incremental() and dag_run_id %}
    with

    run_wide as (
        select
            dag_run_id,
            step as task_id,
            cast(null as bigint) as profile_id,
            {{ run_metric_measures | join(',\n            ') }}
        from {{ ref('ops_run_steps') }}
        where dag_run_id = {{ ops_literal(dag_run_id) }}
    ),

    per_profile as (
        select
            dag_run_id,
            step as task_id,
            profile_id,
            {{ run_metric_measures | join(',\n            ') }}
        from {{ ref('ops_run_profile_steps') }}
        where dag_run_id = {{ ops_literal(dag_run_id) }}
    ),

    final as (
        select * from run_wide
        union all
        select * from per_profile
    )

    select
        -- The table's identity, drawn here: the incremental insert names every column.
        nextval(pg_get_serial_sequence('{{ this.schema }}.{{ this.identifier }}', 'run_metric_id')) as run_metric_id,
        dag_run_id,
        task_id,
        profile_id,
        run_status,
        -- Counted as bigint per step, as integer per profile: one type in the table.
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
        error_message,
        details,
        started_at,
        now() as recorded_at
    from final
{% else %}
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
{% endif %}
