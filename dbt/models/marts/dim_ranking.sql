{%- set relevance_factors = ['keyword', 'skills'] -%}
{%- set preference_factors = [
    'location', 'recency', 'salary', 'seniority', 'company_rating', 'employment_type', 'remote',
] -%}
{%- set factors = relevance_factors + preference_factors -%}
{#- Shares of the score: relevance alone earns up to 70 points; preferences scale the other 30 by
    relevance, so they order jobs within relevance and cannot lift an irrelevant one (see the yml). -#}
{%- set relevance_share = 70 -%}
{%- set preference_share = 30 -%}
{#- var rescore_profile_id (jobctl rescore --profile N): rescore that profile only, right after an
    edit. New jobs and findings are left to the next full pipeline run: the rows rescored here take
    no job or finding newer than this table's watermarks, so those watermarks do not move. -#}
{%- set rescore_profile_id = var('rescore_profile_id', none) -%}
{%- set profiles_to_rescore = ranking_profile_changes().to_rescore if is_incremental() else [] -%}
{%- if rescore_profile_id is not none -%}
    {%- set profiles_to_rescore = profiles_to_rescore | select('equalto', rescore_profile_id | int) | list -%}
{%- endif -%}
{%- set only_one_profile = is_incremental() and rescore_profile_id is not none -%}
{%- set profiles_to_rescore_array = "cast('{" ~ profiles_to_rescore | join(',') ~ "}' as bigint [])" -%}
{%- set job_watermark = incremental_watermark('job_updated_at') if is_incremental() else none -%}
{{
    config(
        materialized='incremental',
        unique_key=['job_posting_key', 'profile_id'],
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
        indexes=[
            {'columns': ['profile_id', 'rank_score']},
            {'columns': ['job_updated_at']},
            {'columns': ['found_through']},
            {'columns': ['ranked_at']},
        ],
        post_hook=[
            "{{ analyze_new_table(['job_posting_key', 'profile_id', 'profile_updated_at', 'job_updated_at', 'found_through']) }}",
            "{{ profile_row_security() }}",
        ],
        pre_hook=[
            "{{ raise_work_mem() }}",
            "{% if is_incremental() %}
                -- A changed (or deleted) profile is rescored from scratch: drop its old rows first,
                -- so jobs that no longer match it do not linger.
                -- The stale profiles are listed first (one index probe each), so the delete reads
                -- only their rows, not every ranked pair (macros/ranking_profile_changes.sql).
                delete from {{ this }} as ranked
                where
                    {% if var('rescore_profile_id', none) is not none -%}
                        ranked.profile_id = {{ var('rescore_profile_id') | int }} and
                    {%- endif %}
                    ranked.profile_id = any(cast('{{ '{' ~ ranking_profile_changes().stale | join(',') ~ '}' }}' as bigint []))
            {% endif %}",
        ],
    )
}}

-- sqlfluff:max_parse_depth:2000
-- One row per (job, profile): every job a profile found (bridge_profile_jobs), plus every job
-- whose title holds all of an active profile's query words.
-- Relevance first: relevance R in [0, 1] is the query's terms (IDF-weighted over the warehouse's
-- own titles, stemmed, with synonyms and phrase credit, in the title or the description) and the
-- preferred skills; preferences P in [0, 1] (location, salary, ...) only order within it:
-- score = 70 R + 30 R P. Points are rounded per factor and the score is their sum, so
-- rank_explain (each factor's points, a one-line reason per factor, the matched skills and the
-- weights used) adds up exactly.
-- Incremental: only new or changed jobs (fact_jobs.dwh_updated_at) and new or changed profiles
-- (updated_at) are scored; the pre-hook has removed the rows of changed profiles.
-- (job_posting_key, profile_id) is indexed by the contract's primary key; job_updated_at is indexed so
-- the incremental watermark (its max) is one index probe, not a scan of the table, and ranked_at
-- so the daily tests find the latest build's pairs the same way (dbt creates configured indexes
-- with the table: a table built before has it after its next full refresh, and until then those
-- tests scan it once for the max).

with

default_weights as (
    select
        {%- for factor in factors %}
            max(weights.weight) filter (
                where weights.factor_name = '{{ factor }}'
            ) as default_{{ factor }},
        {%- endfor %}
        sum(weights.weight) filter (
            where weights.factor_name in ('{{ relevance_factors | join("', '") }}')  -- noqa: LT05
        ) as default_relevance_total,
        sum(weights.weight) filter (
            where weights.factor_name in ('{{ preference_factors | join("', '") }}')  -- noqa: LT05
        ) as default_preference_total
    from {{ ref('ranking_weights') }} as weights
    where
        weights.factor_name in ('{{ factors | join("', '") }}')
),

-- Materialised: every preferred skill of every profile is looked up here.
skill_aliases as materialized (
    select
        skills_dictionary.skill_name,
        alias_list.alias
    from {{ ref('skills_dictionary') }} as skills_dictionary
    cross join lateral unnest(string_to_array(skills_dictionary.aliases, '|') || skills_dictionary.skill_name)
        as alias_list (alias)
),

seniority_levels as (
    select * from {{ ref('seniority_levels') }}
),

fx_rates as (
    select * from {{ ref('fx_rates') }}
),

country_currencies as (
    select * from {{ ref('country_currencies') }}
),

profile_rows as (
    select * from {{ ref('profile_preferences') }}
    where is_active
),

profiles as (
    select
        profile_rows.profile_id,
        profile_rows.location as profile_location,
        lower(profile_rows.country) as profile_country,
        profile_rows.remote_preference,
        profile_rows.min_salary as profile_min_salary,
        profile_rows.max_salary as profile_max_salary,
        profile_rows.employment_types as profile_employment_types,
        profile_rows.updated_at as profile_updated_at,
        profile_currency.currency_code as profile_currency,
        profile_fx.units_per_usd as profile_units_per_usd,
        {{ query_words('profile_rows.query') }} as query_words,
        -- Preferred skills as canonical names: an alias ("k8s") counts as its skill.
        array(
            select distinct
                coalesce(
                    (
                        select skill_aliases.skill_name
                        from skill_aliases
                        where skill_aliases.alias = lower(trim(preferred.preferred_skill))
                        order by skill_aliases.skill_name
                        limit 1
                    ),
                    lower(trim(preferred.preferred_skill))
                )
            from unnest(profile_rows.preferred_skills) as preferred (preferred_skill)
            where nullif(trim(preferred.preferred_skill), '') is not null
        ) as preferred_skills,
        array(
            select seniority_levels.level_rank
            from unnest(profile_rows.preferred_seniority) as preferred (seniority_level)
            inner join seniority_levels
                on lower(trim(preferred.seniority_level)) = seniority_levels.seniority_level
        ) as preferred_level_ranks,
        {% if is_incremental() %}
            profile_rows.profile_id = any({{ profiles_to_rescore_array }}) as is_profile_to_rescore,
        {% else %}
            true as is_profile_to_rescore,
        {% endif %}
    {%- for factor in factors %}
        greatest(
            coalesce(
                case
                    when jsonb_typeof(profile_rows.ranking_weights -> '{{ factor }}') = 'number'
                        then cast(profile_rows.ranking_weights ->> '{{ factor }}' as numeric)
                end,
                default_weights.default_{{ factor }}
            ),
            0
        ) as raw_weight_{{ factor }}
        {{- "," if not loop.last }}
    {%- endfor %}
    from profile_rows
    cross join default_weights
    -- The salary's currency: the profile's own, else its country's; unknown (no rate) is neutral.
    left join country_currencies
        on upper(profile_rows.country) = country_currencies.country_code
    cross join
        lateral (  -- noqa: ST05
            select upper(coalesce(nullif(trim(profile_rows.salary_currency), ''), country_currencies.currency_code))
                as currency_code
        ) as profile_currency
    left join fx_rates as profile_fx
        on profile_currency.currency_code = profile_fx.currency_code
),

profile_weight_totals as (
    select
        profiles.*,
        -- The query words as one AND tsquery (each word quoted as a lexeme, never parsed), so the
        -- jobs whose title holds all of them are found with @@ instead of testing every pair.
        case
            when cardinality(profiles.query_words) > 0
                then cast(
                    array_to_string(
                        array(
                            select '''' || replace(replace(query_word.word, '\', '\\'), '''', '''''') || ''''
                            from unnest(profiles.query_words) as query_word (word)
                        ),
                        ' & '
                    )
                    as tsquery
                )
        end as query_tsquery,
        {% for factor in relevance_factors -%}
            profiles.raw_weight_{{ factor }}{{ " +" if not loop.last }}
        {% endfor -%}
            as raw_relevance_total,
        {% for factor in preference_factors -%}
            profiles.raw_weight_{{ factor }}{{ " +" if not loop.last }}
        {% endfor -%}
            as raw_preference_total
    from profiles
),

-- Weights normalised to a sum of 1 within each part, relevance and preferences (all-zero
-- overrides of a part fall back to the seed's weights).
-- Materialised: the per-profile arrays are computed once, not once per (job, profile) pair.
weighted_profiles as materialized (
    select
        profile_weight_totals.*,
    {%- for factor in factors %}
        {%- set part = 'relevance' if factor in relevance_factors else 'preference' %}
        case
            when profile_weight_totals.raw_{{ part }}_total > 0
                then 1.0 * profile_weight_totals.raw_weight_{{ factor }} / profile_weight_totals.raw_{{ part }}_total
            else 1.0 * default_weights.default_{{ factor }} / default_weights.default_{{ part }}_total
        end as weight_{{ factor }}
        {{- "," if not loop.last }}
    {%- endfor %}
    from profile_weight_totals
    cross join default_weights
),

profile_concepts as (
    select * from {{ ref('int_ranking__profile_concepts') }}
),

{% if is_incremental() %}
    -- New or changed jobs (fact_jobs.dwh_updated_at is indexed): few on an incremental run.
    jobs_to_rescore as (
        select
            fact_jobs.job_posting_key,
            fact_jobs.job_id
        from {{ ref('fact_jobs') }} as fact_jobs
        where
            fact_jobs.dwh_updated_at > {{ job_watermark }}
            {% if only_one_profile %}and false{% endif %}
    ),
{% endif %}

-- Which profile found which job. On an incremental run only the findings that can change a row:
-- those of the jobs and profiles to rescore, and those of loads finished since the newest finding
-- scored here. A new finding re-lands its job, which is then rescored anyway; the watermark keeps
-- one from being missed if not.
-- bridge_profile_jobs holds one row per (profile, job).
found_pairs as (
    select
        bridge.profile_id,
        bridge.job_posting_key,
        bridge.dwh_last_load_finished_at as found_through,
        {% if is_incremental() %}
            ranked.profile_id is null or not ranked.was_found_by_profile as is_new_finding
        {% else %}
            true as is_new_finding
        {% endif %}
    from {{ ref('bridge_profile_jobs') }} as bridge
    {% if is_incremental() %}
        left join {{ this }} as ranked
            on
                bridge.profile_id = ranked.profile_id
                and bridge.job_posting_key = ranked.job_posting_key
        {% if only_one_profile %}
            where
                bridge.profile_id = any({{ profiles_to_rescore_array }})
                and bridge.dwh_last_load_finished_at <= {{ incremental_watermark('found_through') }}
        {% else %}
            where
                bridge.dwh_last_load_finished_at > {{ incremental_watermark('found_through') }}
                or bridge.profile_id = any({{ profiles_to_rescore_array }})
                -- An array, not a sub-select: the planner then estimates a few rows (an IN inside OR
                -- counts as half the bridge), so the pairs are looked up by index, not hashed in full.
                or bridge.job_posting_key = any(array(select jobs_to_rescore.job_posting_key from jobs_to_rescore))
        {% endif %}
    {% endif %}
),

-- "Matches strongly": every query word is in the title.
title_matched_pairs as (
    select
        weighted_profiles.profile_id,
        fact_jobs.job_posting_key
    from weighted_profiles
    inner join {{ ref('int_ranking__job_terms') }} as job_terms
        on job_terms.title_terms @@ weighted_profiles.query_tsquery
    inner join {{ ref('fact_jobs') }} as fact_jobs
        on job_terms.job_id = fact_jobs.job_id
    {% if is_incremental() %}
        -- is_profile_to_rescore, as the literal list: the planner then knows how few they are
        -- (usually none), and so how few pairs an incremental run scores.
        where weighted_profiles.profile_id = any({{ profiles_to_rescore_array }})
    {% endif %}
),

{% if is_incremental() %}
    -- The title matches of those jobs, for every profile (title_matched_pairs above only holds
    -- the profiles to rescore on an incremental run).
    rescored_job_title_pairs as (
        select
            weighted_profiles.profile_id,
            jobs_to_rescore.job_posting_key
        from jobs_to_rescore
        inner join {{ ref('int_ranking__job_terms') }} as job_terms
            on jobs_to_rescore.job_id = job_terms.job_id
        inner join weighted_profiles
            on job_terms.title_terms @@ weighted_profiles.query_tsquery
    ),
{% endif %}

-- The pairs worth ranking: found by the profile's own search, or matching it strongly. On an
-- incremental run only the pairs that candidate_pairs can keep are listed (a job or profile to
-- rescore, or a new finding), so the ~all-pairs union is never built.
pair_keys as (
    select
        found_pairs.profile_id,
        found_pairs.job_posting_key
    from found_pairs
    union
    {% if is_incremental() %}
        select
            rescored_job_title_pairs.profile_id,
            rescored_job_title_pairs.job_posting_key
        from rescored_job_title_pairs
        union
    {% endif %}
    select
        title_matched_pairs.profile_id,
        title_matched_pairs.job_posting_key
    from title_matched_pairs
),

jobs as (
    select
        fact_jobs.job_posting_key,
        fact_jobs.job_id,
        fact_jobs.job_city,
        fact_jobs.job_state,
        fact_jobs.job_country,
        fact_jobs.is_remote,
        fact_jobs.employment_types,
        fact_jobs.seniority_level,
        fact_jobs.extracted_skills,
        fact_jobs.salary_min_annual,
        fact_jobs.salary_max_annual,
        fact_jobs.salary_currency,
        fact_jobs.posted_at,
        fact_jobs.dwh_updated_at as job_updated_at,
        dim_companies.overall_rating as company_rating,
        seniority_levels.level_rank as job_level_rank,
        job_fx.units_per_usd as job_units_per_usd,
        {% if only_one_profile %}
            false as is_job_to_rescore
        {% elif is_incremental() %}
            fact_jobs.dwh_updated_at > {{ job_watermark }} as is_job_to_rescore
        {% else %}
            true as is_job_to_rescore
        {% endif %}
    from {{ ref('fact_jobs') }} as fact_jobs
    left join {{ ref('dim_companies') }} as dim_companies
        on fact_jobs.company_key = dim_companies.company_key
    left join seniority_levels
        on fact_jobs.seniority_level = seniority_levels.seniority_level
    left join fx_rates as job_fx
        on upper(fact_jobs.salary_currency) = job_fx.currency_code
    {% if is_incremental() %}
        -- The pairs' jobs only, as an array the job_posting_key index serves (joined, the planner
        -- hashed every stored job).
        where
            fact_jobs.job_posting_key = any(array(select pair_keys.job_posting_key from pair_keys))
            {% if only_one_profile %}
                and fact_jobs.dwh_updated_at <= {{ job_watermark }}
            {% endif %}
    {% endif %}
),

-- The (large) term vectors are read here and only matched: they are never carried along.
-- Each concept scores 1 in the title (its looser synonyms their credit), 0.4 in the description
-- only (the title names the job; a description mentions much besides); weighted by IDF they make the term score.
candidate_pairs as (
    select
        jobs.*,
        weighted_profiles.*,
        found_pairs.profile_id is not null as was_found_by_profile,
        found_pairs.found_through,
        coalesce(cardinality(profile_concepts.concept_labels), 0) as concept_count,
        coalesce(keyword_match.term_score, 0) as term_score,
        coalesce(keyword_match.conflict_labels, '{}') as conflict_labels,
        coalesce(keyword_match.title_labels, '{}') as title_labels,
        coalesce(keyword_match.near_title_labels, '{}') as near_title_labels,
        coalesce(keyword_match.description_labels, '{}') as description_labels,
        coalesce(keyword_match.missing_labels, '{}') as missing_labels,
        coalesce(
            case
                when cardinality(profile_concepts.concept_labels) > 1
                    then job_terms.title_lexemes @@ profile_concepts.phrase_query
                else cardinality(keyword_match.title_labels) > 0
            end,
            false
        ) as has_query_phrase_in_title,
        length(job_terms.description_terms) as description_word_count
    from pair_keys
    inner join jobs
        on pair_keys.job_posting_key = jobs.job_posting_key
    inner join weighted_profiles
        on pair_keys.profile_id = weighted_profiles.profile_id
    left join {{ ref('int_ranking__job_terms') }} as job_terms
        on jobs.job_id = job_terms.job_id
    left join profile_concepts
        on pair_keys.profile_id = profile_concepts.profile_id
    left join lateral (
        select
            sum(concept.concept_weight * greatest(concept_hit.title_hit, 0.4 * concept_hit.description_hit))
                as term_score,
            array_agg(concept.concept_label order by concept.concept_number)
            filter (where concept_hit.title_hit >= 1) as title_labels,
            array_agg(concept.concept_label order by concept.concept_number)
            filter (where concept_hit.title_hit > 0 and concept_hit.title_hit < 1) as near_title_labels,
            array_agg(concept.concept_label order by concept.concept_number)
            filter (where concept_hit.title_hit = 0 and concept_hit.description_hit > 0) as description_labels,
            array_agg(concept.concept_label order by concept.concept_number)
            filter (where concept_hit.title_hit = 0 and concept_hit.description_hit = 0) as missing_labels,
            array_agg(concept.concept_label order by concept.concept_number)
            filter (where concept_hit.is_conflict) as conflict_labels
        from
            unnest(
                profile_concepts.concept_labels,
                profile_concepts.concept_weights,
                profile_concepts.title_queries,
                profile_concepts.title_partial_queries,
                profile_concepts.description_queries,
                profile_concepts.description_partial_queries,
                profile_concepts.partial_credits,
                profile_concepts.conflict_queries
            ) with ordinality
                as concept (
                    concept_label, concept_weight, title_query, title_partial_query,
                    description_query, description_partial_query, partial_credit, conflict_query, concept_number
                )
        cross join lateral (
            select
                {%- for query_kind, terms in [('title', 'title_lexemes'), ('description', 'description_terms')] %}
                    case
                        when job_terms.{{ terms }} @@ concept.{{ query_kind }}_query then 1.0
                        when job_terms.{{ terms }} @@ concept.{{ query_kind }}_partial_query then concept.partial_credit
                        else 0.0
                    end as {{ query_kind }}_hit,
                {%- endfor %}
                coalesce(
                    job_terms.title_lexemes @@ concept.conflict_query
                    and not job_terms.title_lexemes @@ concept.title_query,
                    false
                ) as is_conflict
        ) as concept_hit
    ) as keyword_match on true
    left join found_pairs
        on
            pair_keys.job_posting_key = found_pairs.job_posting_key
            and pair_keys.profile_id = found_pairs.profile_id
    where
        jobs.is_job_to_rescore
        or weighted_profiles.is_profile_to_rescore
        -- A profile that newly found an already-known job.
        or found_pairs.is_new_finding
),

-- Materialised so the per-pair arrays are not recomputed wherever later CTEs use them.
selected_pairs as materialized (
    select
        candidate_pairs.*,
        array(
            select preferred_match.matched_skill
            from unnest(candidate_pairs.preferred_skills) as preferred_match (matched_skill)
            where preferred_match.matched_skill = any(candidate_pairs.extracted_skills)
            order by preferred_match.matched_skill
        ) as matched_skills,
        (
            select min(abs(candidate_pairs.job_level_rank - preferred.level_rank))
            from unnest(candidate_pairs.preferred_level_ranks) as preferred (level_rank)
        ) as level_distance,
        -- The posting's salary in the profile's currency (null when either rate is unknown).
        {{ convert_currency(
            'candidate_pairs.salary_min_annual', 'candidate_pairs.job_units_per_usd', 'candidate_pairs.profile_units_per_usd'
        ) }} as salary_min_converted,
        {{ convert_currency(
            'candidate_pairs.salary_max_annual', 'candidate_pairs.job_units_per_usd', 'candidate_pairs.profile_units_per_usd'
        ) }} as salary_max_converted
    from candidate_pairs
),

factor_scores as (
    select
        selected_pairs.*,
        -- No query terms: neutral. Otherwise the IDF-weighted terms, plus 0.15 when the whole
        -- query stands in the title as written (words adjacent, in order).
        case
            when selected_pairs.concept_count = 0 then {{ ranking_neutral_score() }}
            -- A title naming the opposite kind of job (frontend for backend) keeps a third.
            else (
                0.85 * selected_pairs.term_score
                + case when selected_pairs.has_query_phrase_in_title then 0.15 else 0 end
            ) * case when cardinality(selected_pairs.conflict_labels) > 0 then 0.33 else 1 end
        end as score_keyword,
        {{ score_location(
            'selected_pairs.profile_location', 'selected_pairs.profile_country', 'selected_pairs.remote_preference',
            'selected_pairs.job_city', 'selected_pairs.job_state', 'selected_pairs.job_country', 'selected_pairs.is_remote'
        ) }} as score_location,
        {{ score_skills(
            'selected_pairs.preferred_skills', 'cardinality(selected_pairs.matched_skills)',
            'selected_pairs.extracted_skills', 'selected_pairs.description_word_count'
        ) }} as score_skills,
        {{ score_recency('selected_pairs.posted_at', 'now()') }} as score_recency,
        {{ score_salary(
            'selected_pairs.profile_min_salary', 'selected_pairs.profile_max_salary',
            'selected_pairs.salary_min_converted', 'selected_pairs.salary_max_converted'
        ) }} as score_salary,
        {{ score_seniority(
            'selected_pairs.level_distance',
            'cardinality(selected_pairs.preferred_level_ranks) > 0',
            'selected_pairs.seniority_level'
        ) }} as score_seniority,
        {{ score_company_rating('selected_pairs.company_rating') }} as score_company_rating,
        {{ score_employment_type('selected_pairs.profile_employment_types', 'selected_pairs.employment_types') }}
            as score_employment_type,
        {{ score_remote(
            'selected_pairs.remote_preference', 'selected_pairs.is_remote',
            'selected_pairs.profile_country', 'selected_pairs.job_country'
        ) }} as score_remote
    from selected_pairs
),

-- Relevance R and preferences P, each in [0, 1] (weights sum to 1 within each part).
relevance_scores as (
    select
        factor_scores.*,
        {% for factor in relevance_factors -%}
            factor_scores.weight_{{ factor }} * factor_scores.score_{{ factor }}{{ " +" if not loop.last }}
        {% endfor -%}
            as relevance
    from factor_scores
),

-- Points are rounded per factor and the score is their sum, so the explanation adds up exactly:
-- relevance factors earn up to {{ relevance_share }} points; each preference earns its share of
-- {{ preference_share }} x R, so preferences never lift an irrelevant job.
factor_points as (
    select
        relevance_scores.*,
        {%- for factor in relevance_factors %}
            round(
                cast(
                    {{ relevance_share }}
                    * relevance_scores.weight_{{ factor }}
                    * relevance_scores.score_{{ factor }} as numeric
                ),
                2
            )
                as points_{{ factor }},
        {%- endfor %}
    {%- for factor in preference_factors %}
        round(
            cast(
                {{ preference_share }} * relevance_scores.relevance
                * relevance_scores.weight_{{ factor }} * relevance_scores.score_{{ factor }}
                as numeric
            ),
            2
        ) as points_{{ factor }}
        {{- "," if not loop.last }}
    {%- endfor %}
    from relevance_scores
    -- offset 0: each factor's points are computed once, not again wherever final uses them.
    offset 0  -- noqa: AM09
),

final as (
    select
        factor_points.job_posting_key,
        factor_points.profile_id,
        factor_points.job_id,
        cast(
            {%- for factor in factors %}
                factor_points.points_{{ factor }}{{ " +" if not loop.last }}
            {%- endfor %}
            as numeric(5, 2)
        ) as rank_score,
        jsonb_build_object(
            'factors', jsonb_build_object(
                {%- for factor in factors %}
                    '{{ factor }}', factor_points.points_{{ factor }}{{ "," if not loop.last }}
                {%- endfor %}
            ),
            'reasons', {{ rank_reasons('factor_points') }},
            'matched_skills', to_jsonb(factor_points.matched_skills),
            -- The most points each factor can earn (a preference's at full relevance).
            'weights', jsonb_build_object(
                {%- for factor in factors %}
                    {%- set share = relevance_share if factor in relevance_factors else preference_share %}
                    '{{ factor }}',
                    round(cast({{ share }} * factor_points.weight_{{ factor }} as numeric), 2){{ "," if not loop.last }}
                {%- endfor %}
            ),
            'relevance', round(cast(factor_points.relevance as numeric), 4)
        ) as rank_explain,
        cast(round(cast(100 * factor_points.relevance as numeric), 2) as numeric(5, 2)) as relevance_score,
        factor_points.was_found_by_profile,
        factor_points.found_through,
        now() as ranked_at,
        factor_points.profile_updated_at,
        factor_points.job_updated_at
    from factor_points
)

select * from final
