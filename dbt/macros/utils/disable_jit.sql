{#- PostgreSQL's JIT compiler is worth it for long scans of simple expressions, but our cleaning
    queries are wide CASE/regex expressions over ~100k rows: the planner's cost estimate crosses
    jit_above_cost and compiling the expressions took 67 s of a 93 s build (20k postings). Used as
    the project-wide pre-hook (dbt_project.yml), it switches JIT off for each model's own transaction,
    also where dbt runs without scripts/with-db (which sets PGOPTIONS=-c jit=off). -#}
{% macro disable_jit() -%}
    set local jit = off
{%- endmacro %}
