-- What the demo run produced: rows per layer, the last run's steps, and the top 5 jobs per demo
-- profile with their scores and strongest reasons. Tables that do not exist show as missing.
\pset footer off
\echo
\echo '== Rows per layer =='
select
    layers.layer,
    layers.table_name,
    case
        when to_regclass(layers.table_name) is null then 'missing'
        else (xpath('/row/n/text()', query_to_xml(
            format('select count(*) as n from %s', layers.table_name), false, true, ''
        )))[1]::text
    end as row_count
from (
    values
        (1, 'raw', 'raw.jsearch_job_postings'),
        (2, 'raw', 'raw.glassdoor_companies'),
        (3, 'raw', 'raw.dwh_loads'),
        (4, 'raw', 'raw.quarantine'),
        (4.5, 'raw', 'raw.board_job_postings'),
        (5, 'staging', 'staging.jsearch_job_postings'),
        (5.5, 'staging', 'staging.board_job_postings'),
        (6, 'staging', 'staging.glassdoor_companies'),
        (7, 'staging', 'staging.company_enrichment_queue'),
        (8, 'marts', 'marts.fact_jobs'),
        (9, 'marts', 'marts.dim_companies'),
        (10, 'marts', 'marts.bridge_profile_jobs'),
        (11, 'marts', 'marts.dim_ranking'),
        (12, 'marts', 'marts.notification_log'),
        (13, 'marts', 'marts.pipeline_run_metrics')
) as layers (position, layer, table_name)
order by layers.position;

select to_regclass('marts.fact_jobs') is not null as has_facts
\gset
\if :has_facts
\echo '== Postings per source (career boards: marts.board_sources) =='
select
    jobs.source,
    count(*) as in_fact_jobs,
    count(ranked.job_posting_key) as ranked_for_a_profile,
    count(*) filter (where jobs.board_removed_at is not null) as gone_from_board,
    string_agg(distinct boards.board_token || ' (' || boards.last_status || ')', ', ') as boards
from marts.fact_jobs as jobs
left join (select distinct job_posting_key from marts.dim_ranking) as ranked
    on jobs.job_posting_key = ranked.job_posting_key
left join marts.board_sources as boards on jobs.source = boards.ats
group by jobs.source
order by jobs.source;
\endif

\echo '== Last run, step by step (marts.pipeline_run_metrics) =='
select
    metrics.task_id as step,
    metrics.run_status as status,
    round(metrics.duration_s, 1) as seconds,
    coalesce(metrics.rows_raw, metrics.rows_staging, metrics.rows_marts) as "rows",
    metrics.api_calls,
    metrics.dq_tests_passed as dq_pass,
    metrics.dq_tests_warned as dq_warn,
    metrics.dq_tests_failed as dq_fail,
    left(metrics.error_message, 80) as error
from marts.pipeline_run_metrics as metrics
where metrics.profile_id is null
    and metrics.dag_run_id = (
        select last_run.dag_run_id from marts.pipeline_run_metrics as last_run
        order by last_run.recorded_at desc limit 1
    )
order by metrics.started_at nulls last, metrics.run_metric_id;

\echo '== Demo profiles after the run =='
select
    profile_id, profile_name, last_run_status, last_run_job_count, total_run_count,
    to_char(last_run_at, 'YYYY-MM-DD HH24:MI:SS TZ') as last_run_at
from marts.profile_preferences
where profile_name like 'Demo: %'
order by profile_id;

select to_regclass('marts.dim_ranking') is not null
    and to_regclass('marts.fact_jobs') is not null as has_ranking
\gset
\if :has_ranking
\echo '== Top 5 jobs per demo profile (score 0-100, strongest reasons) =='
with ranked as (
    select
        ranking.*,
        row_number() over (
            partition by ranking.profile_id order by ranking.rank_score desc, ranking.job_posting_key
        ) as position
    from marts.dim_ranking as ranking
),

reasons as (
    select
        ranked.profile_id,
        ranked.job_posting_key,
        string_agg(
            factor.key || ' +' || round(factor.value::numeric, 1)
            || coalesce(': ' || (ranked.rank_explain -> 'reasons' ->> factor.key), ''),
            E'\n' order by factor.value::numeric desc
        ) as top_reasons
    from ranked
    cross join lateral (
        select each_factor.key, each_factor.value
        from jsonb_each_text(ranked.rank_explain -> 'factors') as each_factor
        order by each_factor.value::numeric desc
        limit 3
    ) as factor
    where ranked.position <= 5
    group by ranked.profile_id, ranked.job_posting_key
)

select
    profiles.profile_name as profile,
    ranked.position as "#",
    round(ranked.rank_score, 1) as score,
    left(jobs.job_title, 45) as title,
    left(jobs.employer_name, 25) as company,
    jobs.source,
    reasons.top_reasons as reasons
from ranked
inner join marts.fact_jobs as jobs on ranked.job_posting_key = jobs.job_posting_key
inner join marts.profile_preferences as profiles on ranked.profile_id = profiles.profile_id
left join reasons
    on ranked.profile_id = reasons.profile_id and ranked.job_posting_key = reasons.job_posting_key
where ranked.position <= 5 and profiles.profile_name like 'Demo: %'
order by profiles.profile_id, ranked.position;
\else
\echo '(marts.dim_ranking or marts.fact_jobs is missing: no ranking to show)'
\endif
