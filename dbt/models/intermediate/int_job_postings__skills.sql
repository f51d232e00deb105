{{
    config(
        unique_key='job_id',
        indexes=[
            {'columns': ['job_id'], 'unique': true},
            {'columns': ['dwh_updated_at']},
        ],
        post_hook=["{{ analyze_new_table(['job_id', 'dwh_updated_at']) }}"],
    )
}}

-- sqlfluff:max_parse_depth:2000
-- Canonical skills per posting, from title + description + highlights (macro extract_skills).
-- Incremental: only postings the cleaned model rewrote since the last run are re-extracted.

with

-- JSearch's cleaned postings and the career boards' (no highlights there), one row per job_id.
cleaned_postings as (
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
        {{ extract_skills("concat_ws(' ', job_title, job_description, job_highlights_text)") }} as extracted_skills,
        dwh_updated_at
    from cleaned_postings
)

select * from final
