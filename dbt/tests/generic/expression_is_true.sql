{#- Fails on every row where the SQL boolean expression is false. A null result passes (as in
    SQL's own check constraints): pair with not_null where null matters. As a column test the
    expression is appended to the column name, e.g. expression: "~ '^[A-Z]{2}$'". -#}
{% test expression_is_true(model, expression, column_name=none) %}
    select *
    from {{ model }}
    where not ({{ column_name ~ ' ' if column_name else '' }}{{ expression }})
{% endtest %}
