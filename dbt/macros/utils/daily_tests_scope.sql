{#- dbt wraps the model every generic test reads in get_where_subquery (the test's `where` config).
    This project adds one rule to it, so that a daily run tests what it changed, not the whole
    history: a model whose config sets meta `daily_tests_scope: <column>` is tested on the rows
    holding that column's newest value. The column must be one stamp per build: now() of the
    build's transaction, as every row the build writes carries (dim_ranking.ranked_at,
    fact_jobs_stored.dwh_updated_at; the published postings carry the cleaned postings' stamp of
    the same run), so the newest value marks exactly the latest build's rows.
    A full refresh writes every row in one build, so it tests all of them. Uniqueness still holds
    for the whole table: delete+insert on the unique key removes the older row of a key first.
    row_count_change_within counts the whole table by design, so it is never scoped. -#}
{% macro default__get_where_subquery(relation) -%}
    {%- set conditions = [] -%}
    {%- set scope_column = daily_tests_scope_column() -%}
    {%- if scope_column -%}
        {#- The stamp as a literal: against "= (select max(...))" the planner cannot tell one
            build's rows from the whole table's and scans it instead of using the column's index. -#}
        {%- set newest = run_query('select cast(max(' ~ scope_column ~ ') as text) from ' ~ relation).columns[0].values()[0] -%}
        {%- do conditions.append(
            scope_column ~ ' = ' ~ ("cast('" ~ newest ~ "' as timestamptz)" if newest is not none else 'null')
        ) -%}
    {%- endif -%}
    {%- if config.get('where') -%}
        {%- do conditions.append('(' ~ config.get('where') ~ ')') -%}
    {%- endif -%}
    {%- if conditions -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ conditions | join(' and ') ~ ') dbt_subquery') -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}

{#- The tested model's meta daily_tests_scope, or none (also while parsing, when there is no graph). -#}
{% macro daily_tests_scope_column() -%}
    {%- if not execute or model.resource_type != 'test' -%}
        {%- do return(none) -%}
    {%- endif -%}
    {%- if (model.test_metadata or {}).get('name') == 'row_count_change_within' -%}
        {%- do return(none) -%}
    {%- endif -%}
    {%- set tested = graph.nodes.get(model.attached_node or '') -%}
    {%- do return(tested.config.meta.get('daily_tests_scope') if tested else none) -%}
{%- endmacro %}
