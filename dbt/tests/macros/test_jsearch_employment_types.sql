-- Employment types map onto the JSearch enum from the array or the free text.
with

cases as (
    select
        case_name,
        cast(expected as text[]) as expected,
        {{ jsearch_employment_types('cast(types_json as jsonb)', 'type_text') }} as actual
    from (
        values
        ('array wins', '["FULLTIME", "CONTRACTOR"]', 'Part-time', '{CONTRACTOR,FULLTIME}'),
        ('human text', null, 'Full-time', '{FULLTIME}'),
        ('text list', null, 'Full-time, Part-time, and Contractor', '{CONTRACTOR,FULLTIME,PARTTIME}'),
        ('slash and or', '[]', 'Internship / Contract or Temporary', '{CONTRACTOR,INTERN}'),
        ('enum text', null, 'PARTTIME', '{PARTTIME}'),
        ('unknown words', null, 'Volunteer', '{}'),
        ('nothing', null, null, '{}')
    ) as literal_rows (case_name, types_json, type_text, expected)
)

select *
from cases
where actual is distinct from expected
