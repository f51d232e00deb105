-- Salary by location, company and role, from the annualised salaries the marts already hold.
-- No FX seed exists yet, so every row stays in its own currency: compare within one currency only.

with

jobs as (
    select * from {{ ref('fact_jobs') }}
),

salaried_jobs as (
    select
        job_posting_key,
        company_key,
        salary_currency,
        coalesce(job_country, 'unknown') as job_country,
        coalesce(job_state, 'unknown') as job_state,
        coalesce(job_city, 'unknown') as job_city,
        coalesce(employer_name, 'unknown') as employer_name,
        coalesce(job_title, 'unknown') as job_title,
        coalesce(seniority_level, 'unknown') as seniority_level,
        salary_min_annual,
        salary_max_annual,
        (coalesce(salary_min_annual, salary_max_annual) + coalesce(salary_max_annual, salary_min_annual))
        / 2 as salary_mid_annual
    from jobs
    where
        salary_currency is not null
        and (salary_min_annual is not null or salary_max_annual is not null)
),

final as (
    select
        salary_currency,
        job_country,
        job_state,
        job_city,
        company_key,
        employer_name,
        job_title,
        seniority_level,
        count(*) as job_count,
        min(salary_min_annual) as salary_min_annual,
        max(salary_max_annual) as salary_max_annual,
        round(avg(salary_mid_annual), 2) as salary_mid_annual_avg,
        round(cast(percentile_cont(0.5) within group (order by salary_mid_annual) as numeric), 2)
            as salary_mid_annual_median
    from salaried_jobs
    group by
        salary_currency, job_country, job_state, job_city, company_key, employer_name, job_title, seniority_level
)

select * from final
