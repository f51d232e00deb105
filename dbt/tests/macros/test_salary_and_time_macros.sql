-- Salary period synonyms, annualisation factors and the posting-time rules over literal values.
with

periods as (
    select
        received,
        expected_period,
        expected_factor,
        {{ normalize_salary_period('received') }} as actual_period,
        {{ annualisation_factor(normalize_salary_period('received')) }} as actual_factor
    from (
        values
        ('hour', 'HOUR', 2080), ('Hourly', 'HOUR', 2080), ('DAY', 'DAY', 260), ('weekly', 'WEEK', 52),
        ('Month', 'MONTH', 12), ('annual', 'YEAR', 1), ('YEAR', 'YEAR', 1), ('fortnight', 'FORTNIGHT', null),
        ('  ', null, null)
    ) as literal_rows (received, expected_period, expected_factor)
),

epochs as (
    select
        received_json,
        cast(expected as numeric) as expected,
        {{ epoch_seconds_from_json('cast(received_json as jsonb)') }} as actual
    from (
        values
        ('1766000000', '1766000000'), ('1766000000000', '1766000000'), ('"1766000000"', '1766000000'),
        ('0', '0'), ('-5', '-5'), ('null', null)
    ) as literal_rows (received_json, expected)
)

select
    'period' as kind,
    received as input_value,
    actual_period as actual
from periods
where actual_period is distinct from expected_period or actual_factor is distinct from expected_factor
union all
select
    'epoch' as kind,
    received_json as input_value,
    cast(actual as text) as actual
from epochs
where actual is distinct from expected
union all
select
    'iso' as kind,
    'not a timestamp' as input_value,
    cast(actual as text) as actual
from (select {{ iso_text_to_epoch_seconds("'2025-13-01T00:00:00Z'") }} as actual) as bad_month
where actual is not null
