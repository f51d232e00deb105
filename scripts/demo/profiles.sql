-- The two demo profiles. Idempotent: a profile is only inserted when no profile has its name,
-- so running `make demo` again reuses them (and their history) instead of adding duplicates.
insert into marts.profile_preferences (
    profile_name, is_active, query, location, country, language, date_window, employment_types,
    remote_preference, min_salary, max_salary, email, preferred_skills, preferred_seniority
)
select
    demo.profile_name, true, demo.query, demo.location, demo.country, 'en', 'week',
    demo.employment_types, demo.remote_preference, demo.min_salary, demo.max_salary, demo.email,
    demo.preferred_skills, demo.preferred_seniority
from (
    values
        (
            'Demo: data engineer in Toronto', 'data engineer', 'Toronto, ON', 'ca',
            array['FULLTIME']::text [], 'hybrid', 95000::numeric, 150000::numeric,
            'data-engineer@demo.localhost',
            array['Python', 'SQL', 'dbt', 'Airflow', 'PostgreSQL']::text [],
            array['mid', 'senior']::text []
        ),
        (
            'Demo: remote Python developer', 'python developer', null, 'us',
            array['FULLTIME', 'CONTRACTOR']::text [], 'remote', 110000::numeric, 180000::numeric,
            'python-dev@demo.localhost',
            array['Python', 'Django', 'AWS', 'Docker']::text [],
            array['senior', 'lead']::text []
        )
) as demo (
    profile_name, query, location, country, employment_types, remote_preference, min_salary,
    max_salary, email, preferred_skills, preferred_seniority
)
where not exists (
    select from marts.profile_preferences as existing
    where existing.profile_name = demo.profile_name
);

-- Issue 17 on show: both demo profiles block one employer (by another spelling than the postings
-- use) and have dismissed one job; the fake API (--showcase) also sends a posting past its expiry
-- and one job on three boards. Set once, so an edit made in the app is kept on the next demo.
update marts.profile_preferences
set excluded_employers = array['Globex Corp.']
where profile_name like 'Demo: %' and excluded_employers = '{}';

insert into marts.job_feedback (profile_id, job_id, kind, reason)
select profiles.profile_id, demo.job_id, 'not_interested', demo.reason
from marts.profile_preferences as profiles
inner join (
    values
        ('Demo: data engineer in Toronto', 'showcase-data-engineering-dismissed', 'commute too long'),
        ('Demo: remote Python developer', 'showcase-software-dismissed', 'not my stack')
) as demo (profile_name, job_id, reason) on profiles.profile_name = demo.profile_name
on conflict (profile_id, job_id, kind) do nothing;

select profile_id, profile_name, query, coalesce(location, '(anywhere)') as location, country
from marts.profile_preferences
where profile_name like 'Demo: %'
order by profile_id;
