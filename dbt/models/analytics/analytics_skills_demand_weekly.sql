-- Skills demand over time: how many jobs posted in each ISO week asked for each skill.
-- Skills come from fact_jobs.extracted_skills (the dictionary match done once, in the marts).

with

jobs as (
    select * from {{ ref('fact_jobs') }}
),

-- One row per (job, distinct skill), so the jobs are counted with count(*): fact_jobs holds each
-- job once, and count(distinct) sorted every row of every group.
job_skills as (
    select
        jobs.job_country,
        jobs.is_remote,
        cast(date_trunc('week', jobs.posted_date) as date) as week_start_date,
        skills.skill
    from jobs
    cross join
        lateral (
            select distinct job_skill.skill
            from unnest(jobs.extracted_skills) as job_skill (skill)
        ) as skills
    where jobs.posted_date is not null
),

final as (
    select
        skill,
        week_start_date,
        coalesce(job_country, 'unknown') as job_country,
        count(*) as job_count,
        count(*) filter (where is_remote) as remote_job_count
    from job_skills
    group by skill, week_start_date, coalesce(job_country, 'unknown')
)

select * from final
