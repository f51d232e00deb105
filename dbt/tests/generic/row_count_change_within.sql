{#- Sane row-count changes between builds. Each run records the table's row count in
    `dwh_row_count_history` (in the model's schema; one row per model and dbt invocation), then
    fails when the count moved more than `max_drop_pct` down or `max_growth_pct` up against the
    previous recorded count. The first observation always passes. Counting runs inside the test,
    so `dbt test` alone also records history. -#}
{% test row_count_change_within(model, max_drop_pct=50, max_growth_pct=none) %}
    {%- set history = adapter.quote(model.schema) ~ '.dwh_row_count_history' -%}
    {%- if execute -%}
        {%- call statement('row_count_history', fetch_result=false) -%}
            -- Tests of two models in one schema run side by side, and `create table if not exists`
            -- is not safe against itself (duplicate pg_type row): one creates, the other waits.
            select pg_advisory_xact_lock(hashtext('{{ history }}'));
            create table if not exists {{ history }} (
                model_name text not null,
                invocation_id text not null,
                row_count bigint not null,
                counted_at timestamptz not null default now(),
                primary key (model_name, invocation_id)
            );
            insert into {{ history }} (model_name, invocation_id, row_count)
            select '{{ model.identifier }}', '{{ invocation_id }}', count(*) from {{ model }}
            on conflict (model_name, invocation_id) do nothing;
            commit;
        {%- endcall -%}
    {%- endif %}
    with ordered as (
        select
            row_count,
            lag(row_count) over (order by counted_at, invocation_id) as previous_count,
            invocation_id
        from {{ history }}
        where model_name = '{{ model.identifier }}'
    )
    select
        previous_count,
        row_count
    from ordered
    where invocation_id = '{{ invocation_id }}'
        and previous_count is not null
        and (
            row_count < previous_count * (1 - {{ max_drop_pct }} / 100.0)
            {%- if max_growth_pct is not none %}
                or row_count > previous_count * (1 + {{ max_growth_pct }} / 100.0)
            {%- endif %}
        )
{% endtest %}
