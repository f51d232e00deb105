{{
    config(
        unique_key='job_id',
        unlogged=true,
        indexes=[
            {'columns': ['job_id'], 'unique': true},
            {'columns': ['dwh_updated_at']},
            {'columns': ['title_terms'], 'type': 'gin'},
            {'columns': ['title_lexemes'], 'type': 'gin'},
        ],
        post_hook=["{{ analyze_new_table(['job_id', 'dwh_updated_at']) }}"],
    )
}}

-- sqlfluff:max_parse_depth:2000
-- The distinct words of each posting's title and description (tsvector, no positions), tokenised
-- once per posting like the skills text, so the ranking's keyword factor is a few binary
-- searches per (job, profile) pair instead of a scan of the description.
-- Reads the cleaned postings (the text is final there), not staging: it then builds side by side
-- with the skills extraction instead of after it. The GIN index on title_terms lets dim_ranking
-- find each profile's strong title matches (title_terms @@ query) without testing every pair;
-- the one on title_lexemes counts each query term's postings (its IDF) in one index probe.
-- Unlogged like the cleaned model: derived, and rebuilt in full if a crash empties it.

with

postings as (
    select
        job_id,
        job_title,
        job_description,
        job_highlights_text,
        dwh_updated_at
    from {{ ref('stg_jsearch__job_postings_cleaned') }}
    {% if is_incremental() %}
        where dwh_updated_at > {{ incremental_watermark('dwh_updated_at') }}
    {% endif %}
    union all
    -- Career-board postings are ranked like JSearch's (issue 21).
    select
        job_id,
        job_title,
        job_description,
        null as job_highlights_text,
        dwh_updated_at
    from {{ ref('stg_boards__job_postings') }}
    {% if is_incremental() %}
        where dwh_updated_at > {{ incremental_watermark('dwh_updated_at') }}
    {% endif %}
),

final as (
    select
        job_id,
        {{ text_terms('job_title') }} as title_terms,
        -- Stemmed title words with positions (the relevance's phrase and stem matching, and the
        -- per-term document frequency through the GIN index). Titles only: English stemming of
        -- every description would cost ~4 ms a posting.
        {{ title_lexemes('job_title') }} as title_lexemes,
        {{ text_terms("concat_ws(' ', job_description, job_highlights_text)") }} as description_terms,
        dwh_updated_at
    from postings
)

select * from final
