{{
    config(
        schema='marts',
        post_hook=[
            "{{ data_version_triggers([ref('profile_preferences'), ref('pipeline_run_metrics'), ref('job_feedback')]) }}",
        ],
    )
}}

-- depends_on: {{ ref('profile_preferences') }}
-- depends_on: {{ ref('pipeline_run_metrics') }}
-- depends_on: {{ ref('job_feedback') }}

-- The warehouse's data version: one row, moved by every write to what the profile app's pages read
-- (macros/data_version.sql). It starts at the creation time in microseconds, so a re-created table
-- never repeats a version a reader may still hold. dbt creates the row once and never writes it again.
select
    1 as data_version_id,
    cast(floor(extract(epoch from clock_timestamp()) * 1000000) as bigint) as data_version,
    now() as changed_at
{% if is_incremental() %}
    where false
{% endif %}
