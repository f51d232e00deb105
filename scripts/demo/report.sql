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
    and to_regclass('marts.fact_jobs') is not null
    and to_regclass('marts.profile_top_jobs') is not null as has_ranking
\gset
\if :has_ranking
\echo '== Top 5 jobs per demo profile (score 0-100, strongest reasons) =='
-- The profile's shown top jobs (marts.profile_top_jobs: blocked, dismissed and duplicate rows take no position).
with ranked as (
    select
        ranking.*,
        top_jobs.position,
        top_jobs.is_expired
    from marts.dim_ranking as ranking
    inner join marts.profile_top_jobs as top_jobs
        on ranking.profile_id = top_jobs.profile_id and ranking.job_posting_key = top_jobs.job_posting_key
    where top_jobs.position is not null
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
    left(jobs.job_title, 45) || case when ranked.is_expired then ' (expired: not mailed)' else '' end as title,
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
\echo '(marts.dim_ranking, marts.fact_jobs or marts.profile_top_jobs is missing: no ranking to show)'
\endif

select to_regclass('marts.profile_top_jobs') is not null as has_top_jobs
\gset
\if :has_top_jobs
\echo '== Skipped for the demo profiles: block lists, feedback, expired postings, board copies (marts.profile_top_jobs) =='
select
    profiles.profile_id as id,
    coalesce(top.hidden_reason, 'expired') as reason,
    count(*) as jobs,
    count(*) filter (
        where exists (
            select from marts.notification_log as log
            where log.profile_id = top.profile_id and log.job_id = top.job_id
        )
    ) as mailed
from marts.profile_top_jobs as top
inner join marts.profile_preferences as profiles on top.profile_id = profiles.profile_id
where profiles.profile_name like 'Demo: %' and (top.hidden_reason is not null or top.is_expired)
group by profiles.profile_id, coalesce(top.hidden_reason, 'expired')
order by profiles.profile_id, reason;

select
    profiles.profile_id as id,
    left(top.job_title, 36) as title,
    left(top.employer_name, 20) as company,
    left(coalesce(top.publisher, ''), 16) as board,
    case top.hidden_reason
        when 'blocked_employer' then 'hidden, never mailed: employer on the block list'
        when 'blocked_keyword' then 'hidden, never mailed: a blocked keyword'
        when 'not_interested'
            then 'hidden, never mailed: dismissed' || coalesce(' (' || top.feedback_reason || ')', '')
        when 'applied' then 'hidden, never mailed: applied'
        when 'duplicate' then 'hidden: a board copy of a job shown once'
        else 'expired: shown greyed, never mailed'
    end as skipped
from marts.profile_top_jobs as top
inner join marts.profile_preferences as profiles on top.profile_id = profiles.profile_id
where
    profiles.profile_name like 'Demo: %'
    and (top.hidden_reason is not null or top.is_expired)
    and top.job_id like 'showcase-%'
order by profiles.profile_id, top.job_id;

\echo '== Jobs posted on several boards, shown (and mailed) once with the other boards as also_on =='
select
    profiles.profile_id as id,
    left(top.job_title, 36) as title,
    left(coalesce(top.publisher, ''), 16) as board,
    (
        select string_agg(copy ->> 'publisher', ', ' order by copy ->> 'publisher')
        from jsonb_array_elements(top.also_on) as copy
    ) as also_on,
    exists (
        select from marts.notification_log as log
        where log.profile_id = top.profile_id and log.job_id = top.job_id
    ) as mailed
from marts.profile_top_jobs as top
inner join marts.profile_preferences as profiles on top.profile_id = profiles.profile_id
where profiles.profile_name like 'Demo: %' and jsonb_array_length(coalesce(top.also_on, '[]')) > 0
order by profiles.profile_id, top.position
limit 10;
\endif
