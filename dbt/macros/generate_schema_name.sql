{#- Use a model's custom schema verbatim (raw, staging, marts) instead of dbt's
    default "<target>_<custom>", so tables land where Project Documentation/contract.md says they are. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
