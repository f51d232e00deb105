-- json_to_numeric / json_to_boolean / json_to_text accept safe spellings only; everything
-- else becomes null rather than an error or a guess.
with

numeric_cases as (
    select
        cast(input_json as jsonb) as input_value,
        cast(expected as numeric) as expected,
        {{ json_to_numeric('cast(input_json as jsonb)') }} as actual
    from (
        values
        ('113000', '113000'),
        ('"113000"', '113000'),
        ('" 113,000.50 "', '113000.50'),
        ('"-4"', '-4'),
        ('1.5e3', '1500'),
        ('"about 50k"', null),
        ('"12,34"', null),
        ('true', null),
        ('null', null),
        ('[1]', null)
    ) as literal_rows (input_json, expected)
),

boolean_cases as (
    select
        cast(input_json as jsonb) as input_value,
        cast(expected as boolean) as expected,
        {{ json_to_boolean('cast(input_json as jsonb)') }} as actual
    from (
        values
        ('true', 'true'), ('false', 'false'), ('"Yes"', 'true'), ('" no "', 'false'),
        ('"1"', 'true'), ('0', 'false'), ('1', 'true'), ('2', null), ('"maybe"', null),
        ('null', null), ('{}', null)
    ) as literal_rows (input_json, expected)
),

text_cases as (
    select
        cast(input_json as jsonb) as input_value,
        expected,
        {{ json_to_text('cast(input_json as jsonb)') }} as actual
    from (
        values
        ('"  Acme  "', 'Acme'), ('"   "', null), ('42', '42'), ('null', null), ('{"a": 1}', null)
    ) as literal_rows (input_json, expected)
)

select
    'numeric' as kind,
    cast(input_value as text) as input_value,
    cast(actual as text) as actual
from numeric_cases
where actual is distinct from expected
union all
select
    'boolean' as kind,
    cast(input_value as text) as input_value,
    cast(actual as text) as actual
from boolean_cases
where actual is distinct from expected
union all
select
    'text' as kind,
    cast(input_value as text) as input_value,
    actual
from text_cases
where actual is distinct from expected
