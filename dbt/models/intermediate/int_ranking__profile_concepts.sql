{#- New and edited profiles, as a literal list (macros/ranking_profile_changes.sql). -#}
{%- set new_or_edited = ranking_profile_changes().to_rescore if is_incremental() else [] -%}
{%- set profiles_to_work_out = "cast('{" ~ new_or_edited | join(',') ~ "}' as bigint [])" -%}
{{
    config(
        unique_key='profile_id',
        indexes=[{'columns': ['profile_id'], 'unique': true}],
        post_hook=[
            "{{ analyze_new_table(['profile_id']) }}",
            "{{ revoke_if_role_exists('all', 'jobs_ui') }}",
            "{{ revoke_if_role_exists('all', 'jobs_bi') }}",
        ],
    )
}}

-- sqlfluff:max_parse_depth:2000
-- One row per active profile: its query's terms ("concepts") ready for dim_ranking's keyword
-- factor, each weighted by how informative it is in the warehouse's own titles (BM25's IDF).
-- Incremental: only new and edited profiles are worked out (a changed updated_at), so a profile's
-- rows are all scored with the weights of its last edit, and a daily run counts no titles at all
-- (counting them grew with the history). A full refresh recounts every profile.
-- Private to the pipeline: the app and BI read dim_ranking's explanations, not this.

with

synonyms as (
    select
        ranking_synonyms.group_name,
        ranking_synonyms.phrase,
        {{ ranking_text('ranking_synonyms.phrase') }} as phrase_text,
        -- The phrase's words as the description's words are cut ("node.js" stays one word).
        {{ normalize_skill_text('ranking_synonyms.phrase') }} as phrase_tokens,
        ranking_synonyms.credit
    from {{ ref('ranking_synonyms') }} as ranking_synonyms
),

profile_rows as (
    select * from {{ ref('profile_preferences') }}
    where is_active
    {% if is_incremental() %}
        and profile_id = any({{ profiles_to_work_out }})
    {% endif %}
),

profiles as (
    select
        profile_id,
        updated_at as profile_updated_at,
        {{ ranking_text('query') }} as query_text
    from profile_rows
),

-- The query's terms ("concepts"), in query order: each phrase of the synonyms seed (credit 1)
-- found in the query ("business intelligence", "node js"), then each other word that is not
-- filler. A concept is matched by every phrase of its synonym group.
query_word_list as (
    select
        profiles.profile_id,
        query_word.word,
        query_word.word_position
    from profiles
    cross join
        lateral unnest(string_to_array(trim(profiles.query_text), ' '))
        with ordinality as query_word (word, word_position)
    where query_word.word <> ''
),

query_phrases as (
    select
        phrase_matches.profile_id,
        phrase_matches.group_name,
        phrase_matches.concept_label,
        phrase_matches.start_position,
        phrase_matches.start_position + phrase_matches.word_count - 1 as end_position
    from (
        select
            profiles.profile_id,
            synonyms.group_name,
            trim(synonyms.phrase_text) as concept_label,
            cardinality(string_to_array(trim(synonyms.phrase_text), ' ')) as word_count,
            1 + cardinality(
                array_remove(
                    string_to_array(
                        trim(
                            substr(
                                profiles.query_text,
                                1,
                                strpos(profiles.query_text, synonyms.phrase_text)
                            )
                        ),
                        ' '
                    ),
                    ''
                )
            ) as start_position
        from profiles
        inner join synonyms
            on
                strpos(profiles.query_text, synonyms.phrase_text) > 0
                and synonyms.credit >= 1
                and strpos(trim(synonyms.phrase_text), ' ') > 0
    ) as phrase_matches
),

query_concepts as (
    select distinct on (all_concepts.profile_id, all_concepts.concept_label)
        all_concepts.profile_id,
        all_concepts.word_position,
        all_concepts.group_name,
        all_concepts.concept_label
    from (
        select
            query_phrases.profile_id,
            query_phrases.start_position as word_position,
            query_phrases.group_name,
            query_phrases.concept_label
        from query_phrases
        union all
        select
            query_word_list.profile_id,
            query_word_list.word_position,
            (
                select synonyms.group_name
                from synonyms
                where synonyms.phrase_text = ' ' || query_word_list.word || ' ' and synonyms.credit >= 1
                order by synonyms.group_name
                limit 1
            ) as group_name,
            query_word_list.word as concept_label
        from query_word_list
        where
            length(query_word_list.word) > 1
            and query_word_list.word not in ({{ ranking_filler_words() }})
            and not exists (
                select 1
                from query_phrases
                where
                    query_phrases.profile_id = query_word_list.profile_id
                    and query_word_list.word_position
                    between query_phrases.start_position and query_phrases.end_position
            )
    ) as all_concepts
    order by all_concepts.profile_id, all_concepts.concept_label, all_concepts.word_position
),

-- Each way to write a concept, as a title query (stemmed, words adjacent) and a description query
-- (the words' forms, all present); credit 1 is a full match, below 1 a looser one.
concept_alternatives as (
    select
        query_concepts.profile_id,
        query_concepts.word_position,
        query_concepts.concept_label,
        query_concepts.group_name,
        coalesce(synonyms.credit, 1) as credit,
        nullif(phraseto_tsquery('english', coalesce(synonyms.phrase_text, query_concepts.concept_label)), '')
            as title_query,
        {{ description_phrase_query("coalesce(synonyms.phrase_tokens, ' ' || query_concepts.concept_label || ' ')") }}
            as description_query
    from query_concepts
    left join synonyms
        on query_concepts.group_name = synonyms.group_name
),

-- The title words that name the opposite kind of job (ranking_conflicts: a "frontend" title
-- for a "backend" query).
concept_conflicts as (
    select
        query_concepts.profile_id,
        query_concepts.concept_label,
        cast(
            nullif(string_agg('(' || cast(phraseto_tsquery('english', synonyms.phrase_text) as text) || ')', ' | '), '')
            as tsquery
        ) as conflict_query
    from query_concepts
    inner join {{ ref('ranking_conflicts') }} as ranking_conflicts
        on query_concepts.group_name = ranking_conflicts.group_name
    inner join synonyms
        on ranking_conflicts.conflicting_group = synonyms.group_name and synonyms.credit >= 1
    group by query_concepts.profile_id, query_concepts.concept_label
),

concept_queries as (
    select
        concept_alternatives.profile_id,
        concept_alternatives.word_position,
        concept_alternatives.concept_label,
        concept_alternatives.group_name,
        {%- for query_kind in ['title', 'description'] %}
            cast(nullif(
                string_agg('(' || cast(concept_alternatives.{{ query_kind }}_query as text) || ')', ' | ')
                filter (where concept_alternatives.credit >= 1), ''
            ) as tsquery) as {{ query_kind }}_query,
            cast(nullif(
                string_agg('(' || cast(concept_alternatives.{{ query_kind }}_query as text) || ')', ' | ')
                filter (where concept_alternatives.credit < 1), ''
            ) as tsquery) as {{ query_kind }}_partial_query,
        {%- endfor %}
        coalesce(max(concept_alternatives.credit) filter (where concept_alternatives.credit < 1), 0) as partial_credit,
        min(cast(concept_conflicts.conflict_query as text)) as conflict_query_text
    from concept_alternatives
    left join concept_conflicts
        on
            concept_alternatives.profile_id = concept_conflicts.profile_id
            and concept_alternatives.concept_label = concept_conflicts.concept_label
    group by
        concept_alternatives.profile_id,
        concept_alternatives.word_position,
        concept_alternatives.concept_label,
        concept_alternatives.group_name
),

-- How informative each concept is: BM25's IDF over the warehouse's own titles (one GIN probe of
-- int_ranking__job_terms.title_lexemes each), so "python" outweighs "developer". A level word
-- ("senior", "jr") says how senior, not what job: it keeps a third of its weight here, and the
-- seniority preference does the rest.
posting_count as (
    select count(*) as postings
    from {{ ref('int_ranking__job_terms') }}
),

-- Each distinct title query is counted once: profiles share most concepts, and each count reads
-- every posting whose title matches, so counting per (profile, concept) cost ~20 s of a run.
title_query_postings as (
    select
        distinct_queries.title_query,
        title_postings.postings
    from (
        select distinct concept_queries.title_query
        from concept_queries
        where concept_queries.title_query is not null
    ) as distinct_queries
    cross join
        lateral (
            select count(*) as postings
            from {{ ref('int_ranking__job_terms') }} as job_terms
            where job_terms.title_lexemes @@ distinct_queries.title_query
        ) as title_postings
),

concept_weights as (
    select
        concept_queries.*,
        ln(
            1.0
            + (posting_count.postings - coalesce(title_query_postings.postings, 0) + 0.5)
            / (coalesce(title_query_postings.postings, 0) + 0.5)
        )
        * case when concept_queries.group_name in ({{ ranking_level_groups() }}) then 0.3 else 1 end as idf
    from concept_queries
    cross join posting_count
    left join title_query_postings
        on concept_queries.title_query = title_query_postings.title_query
    where concept_queries.title_query is not null or concept_queries.description_query is not null
),

normalised_concept_weights as (
    select
        concept_weights.*,
        concept_weights.idf / nullif(sum(concept_weights.idf) over (partition by concept_weights.profile_id), 0)
            as concept_weight
    from concept_weights
),

-- One row per profile: the concepts as parallel arrays, weights summing to 1, and the whole query
-- as a phrase (concepts adjacent, in order) for the phrase credit.
profile_concepts as (
    select
        normalised_concept_weights.profile_id,
        array_agg(normalised_concept_weights.concept_label order by normalised_concept_weights.word_position)
            as concept_labels,
        array_agg(normalised_concept_weights.concept_weight order by normalised_concept_weights.word_position)
            as concept_weights,
        array_agg(normalised_concept_weights.title_query order by normalised_concept_weights.word_position)
            as title_queries,
        array_agg(normalised_concept_weights.title_partial_query order by normalised_concept_weights.word_position)
            as title_partial_queries,
        array_agg(normalised_concept_weights.description_query order by normalised_concept_weights.word_position)
            as description_queries,
        array_agg(
            normalised_concept_weights.description_partial_query order by normalised_concept_weights.word_position
        )
            as description_partial_queries,
        array_agg(normalised_concept_weights.partial_credit order by normalised_concept_weights.word_position)
            as partial_credits,
        array_agg(
            cast(normalised_concept_weights.conflict_query_text as tsquery)
            order by normalised_concept_weights.word_position
        )
            as conflict_queries,
        case
            when count(*) > 1
                then cast(
                    string_agg(
                        '(' || cast(normalised_concept_weights.title_query as text) || ')',
                        ' <-> ' order by normalised_concept_weights.word_position
                    )
                    as tsquery
                )
        end as phrase_query
    from normalised_concept_weights
    group by normalised_concept_weights.profile_id
),

final as (
    select
        profiles.profile_id,
        profiles.profile_updated_at,
        profile_concepts.concept_labels,
        profile_concepts.concept_weights,
        profile_concepts.title_queries,
        profile_concepts.title_partial_queries,
        profile_concepts.description_queries,
        profile_concepts.description_partial_queries,
        profile_concepts.partial_credits,
        profile_concepts.conflict_queries,
        profile_concepts.phrase_query
    from profiles
    left join profile_concepts
        on profiles.profile_id = profile_concepts.profile_id
)

select * from final
