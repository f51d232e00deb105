{#- A stable text key from one or more columns: md5 over the parts cast to text, each null
    replaced by a sentinel and the parts joined with a delimiter, so (null, 'a') differs from
    ('a', null) and ('ab', 'c') from ('a', 'bc'); parts that themselves contain the delimiter
    could in principle collide, as in dbt_utils. Same semantics as dbt_utils.generate_surrogate_key; written
    here because the package hub is unreachable (see dbt/README.md, "Packages"). -#}
{% macro surrogate_key(field_list) -%}
    {%- if field_list is string -%}{%- set field_list = [field_list] -%}{%- endif -%}
    {%- set parts = [] -%}
    {%- for field in field_list -%}
        {%- do parts.append("coalesce(cast(" ~ field ~ " as text), '" ~ var('surrogate_key_null', '_null_') ~ "')") -%}
    {%- endfor -%}
    md5({{ parts | join(" || '|' || ") }})
{%- endmacro %}
