-- The ranking's preference factors over literal rows (issue 16's failure kinds). A row is
-- returned (the test fails) when a score is outside its expected range.
with

location_cases (case_name, remote_preference, profile_country, job_country, job_is_remote, low, high) as (
    values
    -- A remote job in another country counts only for "remote anywhere".
    ('remote in GB for a US remote profile', 'remote', 'us', 'gb', true, 0.0, 0.0),
    ('remote in GB for remote anywhere', 'remote_anywhere', 'us', 'gb', true, 1.0, 1.0),
    ('remote in the US for a US remote profile', 'remote', 'us', 'us', true, 1.0, 1.0),
    ('remote, country unknown', 'remote', 'us', null, true, 1.0, 1.0),
    ('remote in GB for a profile without remote preference', 'any', 'us', 'gb', true, 0.0, 0.0)
),

location_scores as (
    select
        'location: ' || case_name as case_name,
        {{ score_location(
            'cast(null as text)', 'profile_country', 'remote_preference',
            'cast(null as text)', 'cast(null as text)', 'job_country', 'job_is_remote'
        ) }} as score,
        low,
        high
    from location_cases
    union all
    select
        'remote: ' || case_name as case_name,
        {{ score_remote('remote_preference', 'job_is_remote', 'profile_country', 'job_country') }} as score,
        case when remote_preference = 'any' then 0.5 else low end as low,
        case when remote_preference = 'any' then 0.5 else high end as high
    from location_cases
),

-- Salaries: an FX rate per USD for each side (null = unknown currency).
salary_cases (case_name, profile_min, job_min, job_max, job_units_per_usd, profile_units_per_usd, low, high) as (
    values
    ('INR 450,000-750,000 against a USD 100,000 minimum', 100000, 450000, 750000, 89.5, 1.0, 0.0, 0.0),
    ('GBP 85,000-95,000 is about USD 112,000-125,000', 100000, 85000, 95000, 0.76, 1.0, 1.0, 1.0),
    ('a range just below the minimum scores low', 100000, 95680, 98960, 1.0, 1.0, 0.0, 0.3),
    ('a range entirely below by 20 percent', 100000, 60000, 80000, 1.0, 1.0, 0.0, 0.11),
    ('a range across the minimum', 100000, 90000, 110000, 1.0, 1.0, 0.5, 1.0),
    ('a currency without a rate is neutral', 100000, 50000, 60000, null, 1.0, 0.5, 0.5),
    ('no salary stated is neutral', 100000, null, null, 1.0, 1.0, 0.5, 0.5)
),

salary_scores as (
    select
        'salary: ' || case_name as case_name,
        {{ score_salary(
            'profile_min', 'cast(null as numeric)',
            convert_currency('job_min', 'job_units_per_usd', 'profile_units_per_usd'),
            convert_currency('job_max', 'job_units_per_usd', 'profile_units_per_usd')
        ) }} as score,
        low,
        high
    from salary_cases
),

-- Unknown is neutral and never below a known mismatch.
unknown_cases as (
    select
        'seniority: one level off is below unknown' as case_name,
        {{ score_seniority('1', 'true', "'junior'") }} as score,
        0.0 as low,
        {{ score_seniority('cast(null as integer)', 'true', 'cast(null as text)') }} - 0.01 as high
    union all
    select
        'seniority: unknown is neutral' as case_name,
        {{ score_seniority('cast(null as integer)', 'true', 'cast(null as text)') }} as score,
        0.5 as low,
        0.5 as high
    union all
    select
        'employment type: mismatch is below unknown' as case_name,
        {{ score_employment_type("array['FULLTIME']", "array['CONTRACTOR']") }} as score,
        0.0 as low,
        {{ score_employment_type("array['FULLTIME']", "cast('{}' as text[])") }} - 0.01 as high
    union all
    select
        'skills: a short posting naming none of them is neutral' as case_name,
        {{ score_skills("array['python', 'sql']", '0', "array['excel']", '40') }} as score,
        0.5 as low,
        0.5 as high
    union all
    select
        'skills: a long posting naming none of them is a mismatch' as case_name,
        {{ score_skills("array['python', 'sql']", '0', "array['excel']", '400') }} as score,
        0.0 as low,
        0.0 as high
),

all_scores as (
    select * from location_scores
    union all
    select * from salary_scores
    union all
    select * from unknown_cases
)

select *
from all_scores
where score is null or score < low or score > high
