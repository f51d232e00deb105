-- profile_preferences' check constraints allow exactly the profile vocabulary (the seeds in
-- seeds/vocabulary). The table is created before any seed is loaded (scripts/init-db.sh runs
-- the config models first), so its checks cannot read the seeds; this test pins them to them.
-- Returns each value that one side has and the other lacks, and a vocabulary column without a check.
with vocabulary as (
    select
        'date_window' as column_name,
        date_window as vocabulary_value
    from {{ ref('date_windows') }}
    union all
    select
        'employment_types' as column_name,
        employment_type as vocabulary_value
    from {{ ref('employment_types') }}
    union all
    select
        'remote_preference' as column_name,
        remote_preference as vocabulary_value
    from {{ ref('remote_preferences') }}
    union all
    select
        'block_keywords_in' as column_name,
        block_keywords_in as vocabulary_value
    from {{ ref('block_keywords_in') }}
),

checks as (
    select
        substring(pg_get_constraintdef(oid) from '^CHECK \(+([a-z_]+)') as column_name,
        pg_get_constraintdef(oid) as definition
    from pg_constraint
    where conrelid = '{{ ref("profile_preferences") }}'::regclass and contype = 'c'
),

allowed as (
    select
        checks.column_name,
        allowed_value.matched[1] as allowed_value
    from checks
    cross join lateral regexp_matches(checks.definition, '''([^'']*)''::text', 'g') as allowed_value (matched)
    where checks.column_name in (select vocabulary.column_name from vocabulary)
)

select
    coalesce(vocabulary.column_name, allowed.column_name) as column_name,
    vocabulary.vocabulary_value,
    allowed.allowed_value
from vocabulary
full outer join allowed
    on
        vocabulary.column_name = allowed.column_name
        and vocabulary.vocabulary_value = allowed.allowed_value
where vocabulary.vocabulary_value is null or allowed.allowed_value is null
