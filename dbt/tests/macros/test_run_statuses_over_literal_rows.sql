-- The run statistics' status macros (macros/run_statuses.sql) over literal rows: severity orders
-- failed > partial > success > skipped (success when there is nothing), a profile's loads give its
-- extraction status, and the CLIs' statuses map onto run statuses.
with

worst_cases as (
    select
        case_name,
        expected,
        (
            select {{ worst_status('status') }}
            from unnest(statuses) as given (status)
        ) as actual
    from (
        values
        ('partial beats success and skipped', array['success', 'partial', 'skipped'], 'partial'),
        ('failed beats everything', array['success', 'failed', 'partial'], 'failed'),
        ('success beats skipped', array['skipped', 'success'], 'success'),
        ('only skipped', array['skipped'], 'skipped'),
        ('nothing is a success', cast(array[] as text[]), 'success')
    ) as literal_rows (case_name, statuses, expected)
),

load_cases as (
    select
        case_name,
        expected,
        {{ load_status('loads', 'failed_loads', 'api_errors') }} as actual
    from (
        values
        ('no load', 0, 0, 0, 'skipped'),
        ('no load row', null, null, null, 'skipped'),
        ('clean', 1, 0, 0, 'success'),
        ('every load failed', 2, 2, 2, 'failed'),
        ('one of two failed', 2, 1, 1, 'partial'),
        ('some api errors', 1, 0, 2, 'partial')
    ) as literal_rows (case_name, loads, failed_loads, api_errors, expected)
),

cli_cases as (
    select
        case_name,
        expected,
        {{ cli_status('printed') }} as actual
    from (
        values
        ('sent', 'sent', 'success'),
        ('would_send', 'would_send', 'success'),
        ('unknown smtp outcome', 'unknown', 'failed'),
        ('partial', 'partial', 'partial'),
        ('skipped', 'skipped', 'skipped'),
        ('not a status', 'whatever', null)
    ) as literal_rows (case_name, printed, expected)
),

failures as (
    select
        'worst_status' as macro_name,
        case_name,
        expected,
        actual
    from worst_cases
    where actual is distinct from expected
    union all
    select
        'load_status' as macro_name,
        case_name,
        expected,
        actual
    from load_cases
    where actual is distinct from expected
    union all
    select
        'cli_status' as macro_name,
        case_name,
        expected,
        actual
    from cli_cases
    where actual is distinct from expected
)

select * from failures
