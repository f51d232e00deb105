{#- Fails when the newest value of the timestamp column is older than `interval` (a PostgreSQL
    interval such as '36 hours'), or when there are no rows at all: a landing table that stopped
    receiving data. Returns one row describing the lag when it fails. -#}
{% test recency(model, column_name, interval, ignore_empty=false) %}
    select
        max({{ column_name }}) as newest_value,
        now() - max({{ column_name }}) as lag
    from {{ model }}
    having
        {%- if ignore_empty %} max({{ column_name }}) is not null and{% endif %}
        coalesce(max({{ column_name }}) < now() - interval '{{ interval }}', true)
{% endtest %}
