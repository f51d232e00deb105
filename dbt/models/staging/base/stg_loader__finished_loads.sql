-- The loads whose rows downstream models may trust: a load that never reached 'finished'
-- (crashed, failed, still running) may have landed part of a page. The one place this rule lives;
-- every model that reads landed rows joins this view on the load id.

with

loads as (
    select * from {{ ref('raw_loader__loads') }}
),

final as (
    select
        load_id,
        dwh_source_system,
        resource_name,
        profile_id,
        coalesce(finished_at, started_at) as load_finished_at
    from loads
    where load_status = 'finished'
)

select * from final
