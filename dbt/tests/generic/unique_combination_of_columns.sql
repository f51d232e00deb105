{#- Fails once per combination of the listed columns that occurs more than once. With
    rows_satisfy (a SQL boolean expression), also once per combination with a row where it is false
    (null passes, as in expression_is_true): both checks in one read, for models each read of
    which is dear (views). -#}
{% test unique_combination_of_columns(model, combination_of_columns, rows_satisfy=none) %}
    select
        {{ combination_of_columns | join(', ') }},
        count(*) as occurrences
    from {{ model }}
    group by {{ combination_of_columns | join(', ') }}
    having
        count(*) > 1
        {%- if rows_satisfy %}
            or not bool_and(coalesce(({{ rows_satisfy }}), true))
        {%- endif %}
{% endtest %}
