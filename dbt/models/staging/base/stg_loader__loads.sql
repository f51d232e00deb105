-- Every loader batch a DAG run made, whatever became of it: the run statistics (models/ops) count
-- failed loads and their API errors too. Models that read landed rows use stg_loader__finished_loads.

with

loads as (
    select * from {{ ref('raw_loader__loads') }}
),

final as (
    select
        load_id,
        dag_run_id,
        dwh_source_system,
        resource_name,
        profile_id,
        load_status,
        row_count,
        api_call_count,
        api_error_count,
        error_message,
        started_at,
        finished_at
    from loads
    where dag_run_id is not null
)

select * from final
