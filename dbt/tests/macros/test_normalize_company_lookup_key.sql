-- The SQL lookup key must equal the loaders' TypeScript key on every shared case.
with

cases as (
    select * from {{ ref('company_lookup_key_cases') }}
),

checked as (
    select
        employer_name,
        nullif(expected_lookup_key, '') as expected_lookup_key,
        {{ normalize_company_lookup_key('employer_name') }} as actual_lookup_key
    from cases
)

select *
from checked
where actual_lookup_key is distinct from expected_lookup_key
