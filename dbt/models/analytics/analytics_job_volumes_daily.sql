-- Job volumes: jobs posted per day and company.

with

jobs as (
    select * from {{ ref('fact_jobs') }}
),

companies as (
    select * from {{ ref('dim_companies') }}
),

final as (
    select
        jobs.posted_date,
        jobs.company_key,
        coalesce(companies.company_name, jobs.employer_name, 'unknown') as company_name,
        coalesce(jobs.job_country, 'unknown') as job_country,
        count(*) as job_count,
        count(*) filter (where jobs.is_remote) as remote_job_count,
        count(*) filter (where jobs.salary_currency is not null) as salaried_job_count
    from jobs
    left join companies on jobs.company_key = companies.company_key
    where jobs.posted_date is not null
    group by
        jobs.posted_date,
        jobs.company_key,
        coalesce(companies.company_name, jobs.employer_name, 'unknown'),
        coalesce(jobs.job_country, 'unknown')
)

select * from final
