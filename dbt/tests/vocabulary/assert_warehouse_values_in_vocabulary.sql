-- The warehouse holds only the profile vocabulary's values (seeds/vocabulary, seniority_levels):
-- what profiles ask for and what postings are classified as. Returns every other value.
with used_values as (
    select
        'profile_preferences.date_window' as used_in,
        profiles.date_window as used_value,
        'date_window' as vocabulary_column
    from {{ ref('profile_preferences') }} as profiles
    union all
    select
        'profile_preferences.employment_types' as used_in,
        profile_type.used_value,
        'employment_type' as vocabulary_column
    from {{ ref('profile_preferences') }} as profiles
    cross join lateral unnest(profiles.employment_types) as profile_type (used_value)
    union all
    select
        'profile_preferences.remote_preference' as used_in,
        profiles.remote_preference as used_value,
        'remote_preference' as vocabulary_column
    from {{ ref('profile_preferences') }} as profiles
    union all
    select
        'profile_preferences.preferred_seniority' as used_in,
        profile_level.used_value,
        'seniority_level' as vocabulary_column
    from {{ ref('profile_preferences') }} as profiles
    cross join lateral unnest(profiles.preferred_seniority) as profile_level (used_value)
    union all
    select
        'profile_preferences.block_keywords_in' as used_in,
        profiles.block_keywords_in as used_value,
        'block_keywords_in' as vocabulary_column
    from {{ ref('profile_preferences') }} as profiles
    union all
    select
        'fact_jobs.employment_types' as used_in,
        job_type.used_value,
        'employment_type' as vocabulary_column
    from {{ ref('fact_jobs') }} as jobs
    cross join lateral unnest(jobs.employment_types) as job_type (used_value)
),

vocabulary as (
    select
        'date_window' as vocabulary_column,
        date_window as vocabulary_value
    from {{ ref('date_windows') }}
    union all
    select
        'employment_type' as vocabulary_column,
        employment_type as vocabulary_value
    from {{ ref('employment_types') }}
    union all
    select
        'remote_preference' as vocabulary_column,
        remote_preference as vocabulary_value
    from {{ ref('remote_preferences') }}
    union all
    select
        'seniority_level' as vocabulary_column,
        seniority_level as vocabulary_value
    from {{ ref('seniority_levels') }}
    union all
    select
        'block_keywords_in' as vocabulary_column,
        block_keywords_in as vocabulary_value
    from {{ ref('block_keywords_in') }}
)

select distinct
    used_values.used_in,
    used_values.used_value
from used_values
where
    used_values.used_value is not null
    and not exists (
        select from vocabulary
        where
            vocabulary.vocabulary_column = used_values.vocabulary_column
            and vocabulary.vocabulary_value = used_values.used_value
    )
