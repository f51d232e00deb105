{#- A table that a build recomputes whole (dim_companies, staging.glassdoor_companies) is
    materialized incremental over every row instead of as a table: a table build drops the old
    table, and with it, by CASCADE, every view over it, which then had to be created again on
    every run (macros/utils/keep_unchanged_relations.sql keeps views only while they exist).
    delete+insert on the key writes every row again; this post-hook then removes the rows the build
    did not write, so the table holds exactly what a rebuild would. The model writes now() into
    dwh_updated_at, and the hook runs in the same transaction, so now() is the same instant. -#}
{% macro delete_rows_not_rewritten() -%}
    delete from {{ this }} where dwh_updated_at <> now()
{%- endmacro %}
