{{ config(alias='dwh_loads', unique_key='load_id') }}

-- One row per loader batch (dlt's _dlt_loads): rows whose load never reached
-- 'finished' are not trusted downstream.
select
    cast(null as text) as load_id,
    cast(null as text) as dwh_source_system,
    cast(null as text) as resource_name,
    cast(null as bigint) as profile_id,
    cast(null as text) as load_status,
    cast(null as integer) as row_count,
    cast(null as integer) as quarantined_count,
    cast(null as integer) as api_call_count,
    cast(null as integer) as api_error_count,
    cast(null as text) as error_message,
    cast(null as timestamptz) as started_at,
    cast(null as timestamptz) as finished_at,
    cast(null as text) as dag_run_id
where false
