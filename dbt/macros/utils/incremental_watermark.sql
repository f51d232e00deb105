{#- The newest value of `column_name` this incremental model already holds ('-infinity' when it
    is empty): incremental runs pick up only source rows changed after it. A scalar sub-select, so
    it can stand on either side of a comparison. -#}
{% macro incremental_watermark(column_name) -%}
    (select coalesce(max(current_rows.{{ column_name }}), '-infinity') from {{ this }} as current_rows)
{%- endmacro %}
