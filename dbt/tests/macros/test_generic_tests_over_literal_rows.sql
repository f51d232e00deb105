-- The hand-written generic tests find exactly the rows they should, run over literal rows.
{% set numbers %}(select * from (values (1, 'a'), (5, 'a'), (10, 'b'), (null, 'b')) as literal_rows (amount, label)){% endset %}
{% set stamps %}(select now() - interval '3 hours' as loaded_at) as literal_rows{% endset %}
{% set empty %}(select now() as loaded_at where false) as literal_rows{% endset %}

with

observed as (
    select
        'accepted_range 1..5' as case_name,
        1 as expected,
        count(*) as actual
    from ({{ test_accepted_range(numbers ~ ' as numbers', 'amount', min_value=1, max_value=5) }}) as failures
    union all
    select
        'accepted_range exclusive' as case_name,
        2 as expected,
        count(*) as actual
    from
        ({{ test_accepted_range(numbers ~ ' as numbers', 'amount', min_value=1, max_value=10, inclusive=false) }})
            as failures
    union all
    select
        'expression_is_true' as case_name,
        1 as expected,
        count(*) as actual
    from ({{ test_expression_is_true(numbers ~ ' as numbers', 'amount < 10') }}) as failures
    union all
    select
        'expression_is_true column' as case_name,
        2 as expected,
        count(*) as actual
    from ({{ test_expression_is_true(numbers ~ ' as numbers', "= 'b'", column_name='label') }}) as failures
    union all
    select
        'unique_combination_of_columns' as case_name,
        2 as expected,
        count(*) as actual
    from ({{ test_unique_combination_of_columns(numbers ~ ' as numbers', ['label']) }}) as failures
    union all
    select
        'unique_combination all unique' as case_name,
        0 as expected,
        count(*) as actual
    from ({{ test_unique_combination_of_columns(numbers ~ ' as numbers', ['label', 'amount']) }}) as failures
    union all
    select
        'unique_combination rows_satisfy' as case_name,
        1 as expected,
        count(*) as actual
    from (
        {{ test_unique_combination_of_columns(
            numbers ~ ' as numbers', ['label', 'amount'], rows_satisfy='amount < 10'
        ) }}
    ) as failures
    union all
    select
        'unique_combination rows_satisfy and duplicates' as case_name,
        2 as expected,
        count(*) as actual
    from (
        {{ test_unique_combination_of_columns(numbers ~ ' as numbers', ['label'], rows_satisfy='amount < 10') }}
    ) as failures
    union all
    select
        'recency fresh' as case_name,
        0 as expected,
        count(*) as actual
    from ({{ test_recency(stamps, 'loaded_at', '1 day') }}) as failures
    union all
    select
        'recency stale' as case_name,
        1 as expected,
        count(*) as actual
    from ({{ test_recency(stamps, 'loaded_at', '1 hour') }}) as failures
    union all
    select
        'recency empty fails' as case_name,
        1 as expected,
        count(*) as actual
    from ({{ test_recency(empty, 'loaded_at', '1 day') }}) as failures
    union all
    select
        'recency empty ignored' as case_name,
        0 as expected,
        count(*) as actual
    from ({{ test_recency(empty, 'loaded_at', '1 day', ignore_empty=true) }}) as failures
)

select *
from observed
where actual != expected
