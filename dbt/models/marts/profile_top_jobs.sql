{{ config(materialized='view') }}

-- The one list of a profile's top jobs: what the next digest mails, in its order, and what the
-- profile app shows as "current top jobs". A view, so "new for the digest" (notification_log)
-- and "scored under the saved settings" are read when it is queried, never a build behind.
-- Rows: the jobs the profile's own search found (query-only matches skipped the profile's API
-- filters), no older than var digest_max_age_days. digest_position numbers the rows the next
-- digest would mail: new, scored under the saved profile, and at least its min_mail_score.
-- top_reasons: the keyword reason first (what makes it the profile's kind of job), then the two
-- factors that speak for it (70 % or more of what they can earn) where this job stands out most
-- against the profile's other candidates, so the cards do not all repeat the same two lines;
-- neutral reasons are never shown.
-- Company names and ratings are joined by the readers (dim_companies is rebuilt as a table every
-- run, which would drop a view that depends on it).

with

ranking as (
    select * from {{ ref('dim_ranking') }}
),

profiles as (
    select * from {{ ref('profile_preferences') }}
),

jobs as (
    select * from {{ ref('fact_jobs') }}
),

notifications as (
    select * from {{ ref('notification_log') }}
),

-- The employers of the active watched career boards, as fact_jobs' company_key (board employers
-- are always in dim_companies).
watched_companies as (
    select distinct {{ surrogate_key(['board_postings.company_lookup_key']) }} as company_key
    from {{ ref('stg_boards__job_postings') }} as board_postings
    inner join {{ ref('board_sources') }} as boards
        on
            board_postings.source = boards.ats
            and board_postings.board_token = boards.board_token
    where boards.is_active and board_postings.company_lookup_key is not null
),

candidates as (
    select
        ranking.profile_id,
        ranking.job_posting_key,
        ranking.job_id,
        ranking.rank_score,
        ranking.relevance_score,
        ranking.rank_explain,
        ranking.was_found_by_profile,
        -- fact_jobs' one "posted N days ago" rule (whole 24-hour days since posted_at).
        jobs.job_age_days as age_days,
        coalesce(ranking.profile_updated_at = profiles.updated_at, false) as is_scored_for_saved_profile,
        not exists (
            select 1
            from notifications
            where
                notifications.profile_id = ranking.profile_id
                and notifications.job_id = ranking.job_id
                and notifications.delivery_status in ('reserved', 'sent')
        ) as is_new_for_digest,
        coalesce(profiles.min_mail_score, {{ var('default_min_mail_score') }}) as min_mail_score,
        jobs.job_title,
        jobs.employer_name,
        jobs.company_key,
        jobs.job_city,
        jobs.job_state,
        jobs.job_country,
        jobs.is_remote,
        jobs.salary_min_annual,
        jobs.salary_max_annual,
        jobs.salary_currency,
        jobs.posted_at,
        jobs.apply_link,
        jobs.seniority_level
    from ranking
    inner join profiles
        on ranking.profile_id = profiles.profile_id
    inner join jobs
        on ranking.job_posting_key = jobs.job_posting_key
    where
        profiles.is_active
        -- A career-board posting is not found by a profile's JSearch search: it is a candidate when
        -- dim_ranking matched it to the profile's query (every query word in its title) and its
        -- relevance reaches board_min_relevance; min_mail_score then gates the digest as for any
        -- job. A posting gone from its board is not offered (board_removed_at).
        and (
            ranking.was_found_by_profile
            or (
                jobs.source <> 'jsearch'
                and jobs.board_removed_at is null
                and ranking.relevance_score >= {{ var('board_min_relevance') }}
            )
        )
        -- only_watched_companies: jobs (from any source) at a watched board's company only.
        and (
            not coalesce(profiles.only_watched_companies, false)
            or jobs.company_key in (select watched.company_key from watched_companies as watched)
        )
),

recent_candidates as (
    select
        candidates.*,
        candidates.is_new_for_digest
        and candidates.is_scored_for_saved_profile
        and candidates.rank_score >= candidates.min_mail_score as is_eligible_to_mail
    from candidates
    where candidates.age_days is null or candidates.age_days <= {{ var('digest_max_age_days') }}
),

-- Each factor's points against the profile's average for it: how much this job stands out.
factor_standing as (
    select
        recent_candidates.profile_id,
        recent_candidates.job_posting_key,
        factor.factor_name,
        recent_candidates.rank_explain -> 'reasons' ->> factor.factor_name as reason,
        cast(factor.points as numeric)
        - avg(cast(factor.points as numeric)) over (
            partition by recent_candidates.profile_id, factor.factor_name
        ) as points_above_average,
        cast(factor.points as numeric) as points,
        -- The share of what the factor can earn here (a preference's at this job's relevance).
        cast(factor.points as numeric) / nullif(
            cast(recent_candidates.rank_explain -> 'weights' ->> factor.factor_name as numeric)
            * case
                when factor.factor_name in ('keyword', 'skills') then 1
                else cast(recent_candidates.rank_explain ->> 'relevance' as numeric)
            end,
            0
        ) as points_share
    from recent_candidates
    cross join lateral jsonb_each_text(recent_candidates.rank_explain -> 'factors') as factor (factor_name, points)
),

reasons as (
    select
        factor_standing.profile_id,
        factor_standing.job_posting_key,
        array_agg(factor_standing.reason order by factor_standing.reason_rank) as top_reasons
    from (
        select
            factor_standing.*,
            row_number() over (
                partition by factor_standing.profile_id, factor_standing.job_posting_key
                order by
                    factor_standing.factor_name = 'keyword' desc,
                    factor_standing.points_above_average desc,
                    factor_standing.points desc,
                    factor_standing.factor_name asc
            ) as reason_rank
        from factor_standing
        where
            factor_standing.reason is not null
            and factor_standing.reason not like '%(neutral)'
            -- A reason for the job, not against it: the factor earns most of what it can.
            and (factor_standing.factor_name = 'keyword' or factor_standing.points_share >= 0.7)
    ) as factor_standing
    where factor_standing.reason_rank <= 3
    group by factor_standing.profile_id, factor_standing.job_posting_key
),

final as (
    select
        recent_candidates.profile_id,
        recent_candidates.job_posting_key,
        recent_candidates.job_id,
        cast(row_number() over (
            partition by recent_candidates.profile_id
            order by
                recent_candidates.rank_score desc,
                recent_candidates.age_days asc nulls last,
                recent_candidates.job_id asc
        ) as integer) as position,  -- noqa: RF04
        case
            when recent_candidates.is_eligible_to_mail
                then cast(row_number() over (
                    partition by recent_candidates.profile_id, recent_candidates.is_eligible_to_mail
                    order by
                        recent_candidates.rank_score desc,
                        recent_candidates.age_days asc nulls last,
                        recent_candidates.job_id asc
                ) as integer)
        end as digest_position,
        recent_candidates.rank_score,
        recent_candidates.relevance_score,
        least(cast(floor(recent_candidates.rank_score / 10) as integer), 9) as score_bucket,
        coalesce(reasons.top_reasons, '{}') as top_reasons,
        recent_candidates.was_found_by_profile,
        recent_candidates.is_new_for_digest,
        recent_candidates.is_scored_for_saved_profile,
        recent_candidates.is_eligible_to_mail,
        recent_candidates.min_mail_score,
        recent_candidates.age_days,
        recent_candidates.job_title,
        recent_candidates.employer_name,
        recent_candidates.company_key,
        recent_candidates.job_city,
        recent_candidates.job_state,
        recent_candidates.job_country,
        recent_candidates.is_remote,
        recent_candidates.salary_min_annual,
        recent_candidates.salary_max_annual,
        recent_candidates.salary_currency,
        recent_candidates.posted_at,
        recent_candidates.apply_link,
        recent_candidates.seniority_level
    from recent_candidates
    left join reasons
        on
            recent_candidates.profile_id = reasons.profile_id
            and recent_candidates.job_posting_key = reasons.job_posting_key
)

select * from final
