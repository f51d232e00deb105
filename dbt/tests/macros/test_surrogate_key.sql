-- surrogate_key: nulls, empty strings and shifted boundaries give different keys; equal inputs
-- give equal keys; the key is a 32-character md5.
with

cases as (
    select
        case_name,
        first_part,
        second_part,
        {{ surrogate_key(['first_part', 'second_part']) }} as generated_key
    from (
        values
        ('null_then_a', null, 'a'),
        ('a_then_null', 'a', null),
        ('empty_then_a', '', 'a'),
        ('ab_then_c', 'ab', 'c'),
        ('a_then_bc', 'a', 'bc'),
        ('both_null', null, null)
    ) as literal_rows (case_name, first_part, second_part)
),

failures as (
    select
        'duplicate key' as failure,
        min(case_name) as case_name
    from cases
    group by generated_key
    having count(*) > 1
    union all
    select
        'not an md5' as failure,
        case_name
    from cases
    where generated_key !~ '^[0-9a-f]{32}$'
    union all
    select
        'not deterministic' as failure,
        'single column' as case_name
    where
        {{ surrogate_key(['1']) }} != {{ surrogate_key('1') }}
        or {{ surrogate_key("'x'") }} != md5('x')
)

select * from failures
