{{
    config(
        materialized='view',
        post_hook=[
            "alter view {{ this }} set (security_invoker = true)",
        ],
    )
}}

-- security_invoker: read with the reader's rights, so the row-level security of dim_ranking and
-- profile_preferences applies to the profile app (issue 22).
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
-- Issue 17: rows a profile should not see stay in the view with a hidden_reason (blocked employer,
-- blocked keyword, the person's feedback, or a board copy of a better posting) and take no
-- position; the app counts and lists them. Expired postings are shown (greyed) but never mailed.
-- A job mailed through one board copy is never new again through another (duplicate_group_key).
-- Company names and ratings are joined by the readers (dim_companies is rebuilt as a table every
-- run, which would drop a view that depends on it).

with

ranking as (
    select * from {{ ref('dim_ranking') }}
),

profiles as (
    select * from {{ ref('profile_preferences') }}
),

-- Not materialized: each reader takes only the rows and columns it needs (a materialized copy
-- computed every job's last_found_at, over the whole history, on every read).
jobs as not materialized (
    select * from {{ ref('fact_jobs') }}
),

-- The employer lookup keys block lists match on (kept on the stored facts, not in fact_jobs).
employer_keys as (
    select
        job_posting_key,
        company_lookup_key
    from {{ ref('fact_jobs_stored') }}
),

notifications as (
    select * from {{ ref('notification_log') }}
),

feedback as (
    select * from {{ ref('job_feedback') }}
),

-- Descriptions of every source, for keyword blocks matched in title and description.
postings as (
    select
        jsearch_postings.job_id,
        jsearch_postings.job_description
    from {{ ref('stg_jsearch__job_postings') }} as jsearch_postings
    union all
    select
        board_postings.job_id,
        board_postings.job_description
    from {{ ref('stg_boards__job_postings') }} as board_postings
),

-- A profile's block lists, ready to match: employers as lookup keys (so every spelling of a
-- blocked employer matches), keywords as one case-insensitive whole-word pattern (null = none).
profile_blocks as (
    select
        profile_id,
        block_keywords_in,
        array(
            select {{ normalize_company_lookup_key('employer') }}
            from unnest(excluded_employers) as employer
        ) as blocked_employer_keys,
        (
            select
                '(^|[^[:alnum:]_])('
                || string_agg(
                    regexp_replace(
                        regexp_replace(btrim(keyword), '([][\\^$.|?*+(){}])', '\\\1', 'g'),
                        '\s+', '\\s+', 'g'
                    ),
                    '|'
                )
                || ')($|[^[:alnum:]_])'
            from unnest(excluded_keywords) as keyword
            where btrim(keyword) <> ''
        ) as blocked_keyword_pattern
    from profiles
),

-- The person's latest word on a job, and the board-copy groups with any word (a dismissed job
-- stays dismissed when another board posts it again).
latest_feedback as (
    select distinct on (feedback.profile_id, feedback.job_id)
        feedback.profile_id,
        feedback.job_id,
        feedback.kind,
        feedback.reason
    from feedback
    order by feedback.profile_id asc, feedback.job_id asc, feedback.created_at desc, feedback.kind asc
),

group_feedback as (
    select distinct on (latest_feedback.profile_id, jobs.duplicate_group_key)
        latest_feedback.profile_id,
        jobs.duplicate_group_key,
        latest_feedback.kind
    from latest_feedback
    inner join jobs
        on latest_feedback.job_id = jobs.job_id
    -- applied wins over not_interested for the group's hidden reason.
    order by latest_feedback.profile_id asc, jobs.duplicate_group_key asc, latest_feedback.kind asc
),

-- Board-copy groups already reserved or sent to a profile through any of their copies.
notified_groups as (
    select distinct
        notifications.profile_id,
        jobs.duplicate_group_key
    from notifications
    inner join jobs
        on notifications.job_id = jobs.job_id
    where notifications.delivery_status in ('reserved', 'sent')
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
        )
        and not exists (
            select 1
            from notified_groups
            where
                notified_groups.profile_id = ranking.profile_id
                and notified_groups.duplicate_group_key = jobs.duplicate_group_key
        ) as is_new_for_digest,
        case
            when employer_keys.company_lookup_key = any(profile_blocks.blocked_employer_keys) then 'blocked_employer'
            when
                jobs.job_title ~* profile_blocks.blocked_keyword_pattern
                or (
                    profile_blocks.block_keywords_in = 'title_and_description'
                    and exists (
                        select 1
                        from postings
                        where
                            postings.job_id = ranking.job_id
                            and postings.job_description ~* profile_blocks.blocked_keyword_pattern
                    )
                )
                then 'blocked_keyword'
            else group_feedback.kind
        end as blocked_or_feedback_reason,
        latest_feedback.kind as feedback_kind,
        latest_feedback.reason as feedback_reason,
        jobs.is_expired,
        jobs.duplicate_group_key,
        jobs.publisher,
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
    inner join employer_keys
        on ranking.job_posting_key = employer_keys.job_posting_key
    inner join profile_blocks
        on ranking.profile_id = profile_blocks.profile_id
    left join latest_feedback
        on
            ranking.profile_id = latest_feedback.profile_id
            and ranking.job_id = latest_feedback.job_id
    left join group_feedback
        on
            ranking.profile_id = group_feedback.profile_id
            and jobs.duplicate_group_key = group_feedback.duplicate_group_key
    where
        profiles.is_active
        -- recent_jobs' age rule (age_days <= digest_max_age_days) as a posted_at range the index
        -- on it can serve, so a read does not grow with the history of older postings.
        and (
            jobs.posted_at is null
            or jobs.posted_at > now() - interval '{{ var("digest_max_age_days") + 1 }} days'
        )
        -- A career-board posting is not found by a profile's JSearch search: it is a candidate when
        -- dim_ranking matched it to the profile's query (every query word in its title) and its
        -- relevance reaches board_min_relevance; min_mail_score then gates the digest as for any
        -- job. A posting gone from its board is not offered (it is expired: fact_jobs.is_expired).
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

recent_jobs as (
    select
        candidates.*,
        -- The group's representative among the copies this profile may see: a live copy before
        -- an expired one, then the highest score, then the newest posting.
        row_number() over (
            partition by candidates.profile_id, candidates.duplicate_group_key
            order by
                candidates.blocked_or_feedback_reason is null desc,
                candidates.is_expired asc,
                candidates.rank_score desc,
                candidates.posted_at desc nulls last,
                candidates.job_id asc
        ) as copy_rank
    from candidates
    where candidates.age_days is null or candidates.age_days <= {{ var('digest_max_age_days') }}
),

-- On each representative, the other boards its job is posted on.
other_copies as (
    select
        representatives.profile_id,
        representatives.job_posting_key,
        jsonb_agg(
            jsonb_build_object('publisher', copies.publisher, 'apply_link', copies.apply_link)
            order by copies.publisher, copies.job_id
        ) as also_on
    from recent_jobs as representatives
    inner join recent_jobs as copies
        on
            representatives.profile_id = copies.profile_id
            and representatives.duplicate_group_key = copies.duplicate_group_key
            and copies.copy_rank > 1
            and copies.blocked_or_feedback_reason is null
    where representatives.copy_rank = 1
    group by representatives.profile_id, representatives.job_posting_key
),

recent_candidates as (
    select
        recent_jobs.*,
        coalesce(
            recent_jobs.blocked_or_feedback_reason,
            case when recent_jobs.copy_rank > 1 then 'duplicate' end
        ) as hidden_reason
    from recent_jobs
),

shown_candidates as (
    select
        recent_candidates.*,
        recent_candidates.hidden_reason is null
        and not recent_candidates.is_expired
        and recent_candidates.is_new_for_digest
        and recent_candidates.is_scored_for_saved_profile
        and recent_candidates.rank_score >= recent_candidates.min_mail_score as is_eligible_to_mail
    from recent_candidates
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
        shown_candidates.profile_id,
        shown_candidates.job_posting_key,
        shown_candidates.job_id,
        case
            when shown_candidates.hidden_reason is null
                then cast(row_number() over (
                    partition by shown_candidates.profile_id, shown_candidates.hidden_reason is null
                    order by
                        shown_candidates.rank_score desc,
                        shown_candidates.age_days asc nulls last,
                        shown_candidates.job_id asc
                ) as integer)
        end as position,  -- noqa: RF04
        case
            when shown_candidates.is_eligible_to_mail
                then cast(row_number() over (
                    partition by shown_candidates.profile_id, shown_candidates.is_eligible_to_mail
                    order by
                        shown_candidates.rank_score desc,
                        shown_candidates.age_days asc nulls last,
                        shown_candidates.job_id asc
                ) as integer)
        end as digest_position,
        shown_candidates.rank_score,
        shown_candidates.relevance_score,
        least(cast(floor(shown_candidates.rank_score / 10) as integer), 9) as score_bucket,
        coalesce(reasons.top_reasons, '{}') as top_reasons,
        shown_candidates.was_found_by_profile,
        shown_candidates.is_new_for_digest,
        shown_candidates.is_scored_for_saved_profile,
        shown_candidates.is_eligible_to_mail,
        shown_candidates.min_mail_score,
        shown_candidates.age_days,
        shown_candidates.job_title,
        shown_candidates.employer_name,
        shown_candidates.company_key,
        shown_candidates.job_city,
        shown_candidates.job_state,
        shown_candidates.job_country,
        shown_candidates.is_remote,
        shown_candidates.salary_min_annual,
        shown_candidates.salary_max_annual,
        shown_candidates.salary_currency,
        shown_candidates.posted_at,
        shown_candidates.apply_link,
        shown_candidates.seniority_level,
        shown_candidates.is_expired,
        shown_candidates.hidden_reason,
        shown_candidates.duplicate_group_key,
        case
            when shown_candidates.copy_rank = 1 then coalesce(other_copies.also_on, cast('[]' as jsonb))
        end as also_on,
        shown_candidates.publisher,
        shown_candidates.feedback_kind,
        shown_candidates.feedback_reason
    from shown_candidates
    left join other_copies
        on
            shown_candidates.profile_id = other_copies.profile_id
            and shown_candidates.job_posting_key = other_copies.job_posting_key
    left join reasons
        on
            shown_candidates.profile_id = reasons.profile_id
            and shown_candidates.job_posting_key = reasons.job_posting_key
)

select * from final
