{{ config(post_hook=[
    "{{ revoke_if_role_exists('all', 'jobs_ui') }}",
    "{{ revoke_if_role_exists('all', 'jobs_bi') }}",
]) }}

-- One row per DAG run and pipeline step the DAG has: the step's outcome over its tasks (a Cosmos
-- group's tasks add up: the worst status wins, durations sum), 'skipped' for a step none of whose
-- tasks ran, and what the step landed or what its layer holds. The layer counts are the tables'
-- current sizes: meaningful right after the run, when pipeline_run_metrics keeps them.
{%- set staged_postings = load_relation(ref('stg_jsearch__job_postings')) %}
{%- set staged_companies = load_relation(ref('stg_glassdoor__companies')) %}
{%- set fact_jobs = load_relation(ref('fact_jobs')) %}
{%- set dim_ranking = load_relation(ref('dim_ranking')) %}
{%- set board_fetches = load_relation(ref('stg_boards__finished_fetches')) %}

with

runs as (
    select * from {{ ref('ops_run_context') }}
),

outcomes as (
    select * from {{ ref('pipeline_task_outcomes') }}
    where step <> 'record_run_statistics'
),

loads as (
    select * from {{ ref('stg_loader__loads') }}
),

run_steps as (
    select
        runs.dag_run_id,
        steps.step,
        steps.step_order
    from runs
    cross join lateral jsonb_array_elements_text(runs.steps) with ordinality as steps (step, step_order)
),

step_outcomes as (
    select
        dag_run_id,
        step,
        {{ worst_status('status') }} as run_status,
        sum(duration_s) as duration_s,
        -- The newest of each: the dbt-test callback lands the counts, the task's own callback its end.
        (array_remove(array_agg(error_message order by recorded_at desc, outcome_id desc), null))[1]
            as error_message,
        (array_remove(array_agg(dq_tests_passed order by recorded_at desc, outcome_id desc), null))[1]
            as dq_tests_passed,
        (array_remove(array_agg(dq_tests_warned order by recorded_at desc, outcome_id desc), null))[1]
            as dq_tests_warned,
        (array_remove(array_agg(dq_tests_failed order by recorded_at desc, outcome_id desc), null))[1]
            as dq_tests_failed,
        jsonb_object_agg(
            task_id, jsonb_build_object('status', status, 'duration_s', duration_s)
            order by recorded_at, outcome_id
        ) as details,
        min(started_at) as started_at
    from outcomes
    group by dag_run_id, step
),

-- What each extraction step landed: JSearch, the career boards and Glassdoor.
landed as (
    select
        dag_run_id,
        case
            when dwh_source_system = 'jsearch' then 'extract_job_postings'
            when resource_name = 'board_job_postings' then 'extract_boards'
            when dwh_source_system = 'glassdoor' then 'extract_companies'
        end as step,
        sum(row_count) as rows_raw,
        sum(api_call_count) as api_calls,
        sum(api_error_count) as api_errors
    from loads
    group by dag_run_id, step
),

-- Career boards (issue 21): the postings each source's boards listed in the run.
listed as (
    {%- if board_fetches %}
        select
            dag_run_id,
            sum(postings) as postings,
            jsonb_object_agg(ats, postings) as postings_by_source
        from (
            select
                loads.dag_run_id,
                fetches.ats,
                sum(cardinality(fetches.posting_ids)) as postings
            from {{ board_fetches }} as fetches
            inner join loads on fetches.load_id = loads.load_id
            group by loads.dag_run_id, fetches.ats
        ) as per_source
        group by dag_run_id
    {%- else %}
        select
            cast(null as text) as dag_run_id,
            cast(null as numeric) as postings,
            cast(null as jsonb) as postings_by_source
        where false
    {%- endif %}
),

-- What each modelling step's layer holds now (null when the step never built it).
layer_counts as (
    select
        {{ row_count_if_built(staged_postings) }} as staged_postings,
        {{ row_count_if_built(staged_companies) }} as staged_companies,
        {{ row_count_if_built(fact_jobs) }} as fact_jobs,
        {{ row_count_if_built(dim_ranking) }} as ranked_jobs,
        -- fact_jobs holds one row per source posting: how many from each source after this run.
        {% if fact_jobs -%}
            (
                select coalesce(jsonb_object_agg(per_source.source, per_source.postings), cast('{}' as jsonb))
                from (
                    select
                        source,
                        count(*) as postings
                    from {{ fact_jobs }}
                    group by source
                ) as per_source
            )
        {%- else -%}
            cast(null as jsonb)
        {%- endif %} as fact_jobs_by_source
),

final as (
    select
        run_steps.dag_run_id,
        run_steps.step,
        run_steps.step_order,
        coalesce(step_outcomes.run_status, 'skipped') as run_status,
        step_outcomes.duration_s,
        case
            when step_outcomes.step is null then 'did not run (an upstream step failed)'
            else step_outcomes.error_message
        end as error_message,
        step_outcomes.dq_tests_passed,
        step_outcomes.dq_tests_warned,
        step_outcomes.dq_tests_failed,
        step_outcomes.started_at,
        case
            when run_steps.step in ('extract_job_postings', 'extract_boards', 'extract_companies')
                then coalesce(landed.rows_raw, 0)
        end as rows_raw,
        case run_steps.step
            when 'normalize_jobs' then layer_counts.staged_postings
            when 'normalize_companies' then layer_counts.staged_companies
        end as rows_staging,
        case run_steps.step
            when 'dbt_modelling' then layer_counts.fact_jobs
            when 'rank_jobs' then layer_counts.ranked_jobs
        end as rows_marts,
        case when run_steps.step = 'extract_boards' then coalesce(listed.postings, 0) end as jobs_found,
        case
            when run_steps.step in ('extract_job_postings', 'extract_boards', 'extract_companies')
                then coalesce(landed.api_calls, 0)
        end as api_calls,
        case
            when run_steps.step in ('extract_job_postings', 'extract_boards', 'extract_companies')
                then coalesce(landed.api_errors, 0)
        end as api_errors,
        case
            when run_steps.step = 'extract_boards'
                then
                    coalesce(step_outcomes.details, cast('{}' as jsonb))
                    || jsonb_build_object(
                        'postings_by_source', coalesce(listed.postings_by_source, cast('{}' as jsonb))
                    )
            when run_steps.step = 'dbt_modelling' and layer_counts.fact_jobs_by_source is not null
                then
                    coalesce(step_outcomes.details, cast('{}' as jsonb))
                    || jsonb_build_object('fact_jobs_by_source', layer_counts.fact_jobs_by_source)
            else step_outcomes.details
        end as details
    from run_steps
    left join step_outcomes
        on run_steps.dag_run_id = step_outcomes.dag_run_id and run_steps.step = step_outcomes.step
    left join landed
        on run_steps.dag_run_id = landed.dag_run_id and run_steps.step = landed.step
    left join listed
        on run_steps.dag_run_id = listed.dag_run_id and run_steps.step = 'extract_boards'
    cross join layer_counts
)

select * from final
