{#- Every value of the column (every element, for an array column) is a value of the profile
    vocabulary: a row of the seed `vocabulary` in its column `field`. Returns the others. -#}
{% test in_vocabulary(model, column_name, vocabulary, field, is_array=false) %}
    with used_values as (
        {% if is_array -%}
            select distinct element.used_value
            from {{ model }}
            cross join lateral unnest({{ column_name }}) as element (used_value)
        {%- else -%}
            select distinct {{ column_name }} as used_value
            from {{ model }}
        {%- endif %}
    )

    select used_values.used_value as value_outside_vocabulary
    from used_values
    where
        used_values.used_value is not null
        and not exists (
            select from {{ vocabulary }} as vocabulary_rows
            where vocabulary_rows.{{ field }} = used_values.used_value
        )
{% endtest %}
