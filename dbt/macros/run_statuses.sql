{#- The run statistics' status rules (models/ops). A status is success, partial, failed or
    skipped; severity orders them failed > partial > success > skipped. -#}

{#- Aggregate: the most severe status of the group; success when it has none. -#}
{% macro worst_status(status_column) -%}
    case max(
        case {{ status_column }}
            when 'failed' then 3
            when 'partial' then 2
            when 'success' then 1
            when 'skipped' then 0
        end
    )
        when 3 then 'failed'
        when 2 then 'partial'
        when 0 then 'skipped'
        else 'success'
    end
{%- endmacro %}

{#- One profile's extraction, from its load batches in the run: none is skipped, all failed is
    failed, some failed or some API errors is partial. -#}
{% macro load_status(loads, failed_loads, api_errors) -%}
    case
        when coalesce({{ loads }}, 0) = 0 then 'skipped'
        when {{ failed_loads }} = {{ loads }} then 'failed'
        when {{ failed_loads }} > 0 or {{ api_errors }} > 0 then 'partial'
        else 'success'
    end
{%- endmacro %}

{#- A per-profile status a CLI printed in its JSON summary, as a run status (null when unknown
    to the pipeline). 'unknown' is an SMTP outcome nobody knows (the mail may be out): an alert,
    never a silent success. -#}
{% macro cli_status(status) -%}
    case {{ status }}
        when 'success' then 'success'
        when 'sent' then 'success'
        when 'would_send' then 'success'
        when 'partial' then 'partial'
        when 'failed' then 'failed'
        when 'unknown' then 'failed'
        when 'skipped' then 'skipped'
    end
{%- endmacro %}

{#- Post-hook of pipeline_run_metrics: the run's outcome per profile onto profile_preferences
    (last_run_*, total_run_count), also when the run failed. Only when the model is built for a
    run (var dag_run_id); renders nothing otherwise, so dbt skips the hook. -#}
{% macro publish_profile_run_statistics(dag_run_id) -%}
    {%- if dag_run_id -%}
        update {{ ref('profile_preferences') }} as profiles
        set
            last_run_at = now(),
            last_run_status = runs.profile_run_status,
            last_run_job_count = runs.jobs_found,
            total_run_count = coalesce(profiles.total_run_count, 0) + 1
        from {{ ref('ops_profile_runs') }} as runs
        where runs.dag_run_id = {{ ops_literal(dag_run_id) }}
            and profiles.profile_id = runs.profile_id
    {%- endif -%}
{%- endmacro %}

{#- A dbt var as a SQL string literal (run ids contain ':' and '+', never trust them to be plain). -#}
{% macro ops_literal(value) -%}
    '{{ value | string | replace("'", "''") }}'
{%- endmacro %}

{#- The run statistics read tables other steps build, which a run that broke early (or a new
    warehouse) may not have yet: a scalar count of the relation's rows (matching `where`), or null
    when it does not exist. The ops views are rebuilt at the end of every run, so this is decided
    again each time. -#}
{% macro row_count_if_built(relation, where=none) -%}
    {%- if relation -%}
        (select count(*) from {{ relation }} as counted{% if where %} where {{ where }}{% endif %})
    {%- else -%}
        cast(null as bigint)
    {%- endif -%}
{%- endmacro %}
