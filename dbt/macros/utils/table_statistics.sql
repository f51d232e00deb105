{#- Post-hook of the large incremental tables: gather planner statistics for `columns` when the
    table has none, i.e. right after a full build created it. Until then the planner guesses a
    third of the table for every watermark comparison and turns the next run's index look-ups of a
    few new rows into full-table joins; our PostgreSQL runs without autovacuum, and a new table
    waits a while for it anyway. Only the columns the incremental plans filter and join on, so it
    costs ~0.1 s and never reads the long texts. -#}
{% macro analyze_new_table(columns) -%}
    do $$
    begin
        if not exists (
            select 1
            from pg_stats
            where schemaname = '{{ this.schema }}' and tablename = '{{ this.identifier }}'
        ) then
            analyze {{ this }} ({{ columns | join(', ') }});
        end if;
    end
    $$
{%- endmacro %}
