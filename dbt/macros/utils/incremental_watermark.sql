{#- The newest value of the timestamptz `column_name` this incremental model already holds
    ('-infinity' when it is empty): incremental runs pick up only source rows changed after it.
    Read once when the model runs and written into the SQL as a literal: the planner then sees
    how few source rows lie beyond it (a sub-select in its place is estimated at a third of the
    table, which turned index look-ups of a thousand new rows into full-table hash joins). -#}
{% macro incremental_watermark(column_name) -%}
    {%- set watermark_sql -%}
        select cast(coalesce(max(current_rows.{{ column_name }}), '-infinity') as text)
        from {{ this }} as current_rows
    {%- endset -%}
    {%- if execute -%}
        cast('{{ run_query(watermark_sql).columns[0].values()[0] }}' as timestamptz)
    {%- else -%}
        ({{ watermark_sql }})
    {%- endif -%}
{%- endmacro %}
