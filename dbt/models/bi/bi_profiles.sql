-- Profiles for BI (jobs_bi), by id only: every column of profile_preferences except the personal
-- ones, the e-mail address and the profile's name, which only the profile app and the notifier read.
with profiles as (
    select * from {{ ref('profile_preferences') }}
),

final as (
    select
        profile_id,
        is_active,
        query,  -- noqa: RF04
        location,  -- noqa: RF04
        country,
        language,  -- noqa: RF04
        date_window,
        employment_types,
        remote_preference,
        min_salary,
        max_salary,
        preferred_skills,
        preferred_seniority,
        notify_when_empty,
        created_at,
        updated_at,
        last_run_at,
        last_run_status,
        last_run_job_count,
        total_run_count
    from profiles
)

select * from final
