{#- Trim text and turn blanks into null. With collapse_whitespace, runs of whitespace (double
    spaces, tabs, newlines) inside short fields such as titles and names become one space. -#}
{% macro clean_text(text_sql, collapse_whitespace=false) -%}
    {%- if collapse_whitespace -%}
        nullif(btrim(regexp_replace({{ text_sql }}, '\s+', ' ', 'g')), '')
    {%- else -%}
        nullif(btrim({{ text_sql }}, E' \t\r\n'), '')
    {%- endif -%}
{%- endmacro %}
