{#- Fails on every row where the SQL boolean expression is not true (false or null counts as a
    failure unless the expression handles nulls itself). Optional `where` limits the rows checked. -#}
{% test expression_is_true(model, expression, column_name=none) %}
    select *
    from {{ model }}
    where not coalesce(({{ column_name ~ ' ' if column_name else '' }}{{ expression }}), false)
{% endtest %}
