{{
    config(
        alias='board_job_postings',
        unique_key='raw_board_posting_id',
        indexes=[
            {'columns': ['ats', 'board_token', 'posting_id']},
            {'columns': ['dwh_load_id']},
        ],
    )
}}

-- Empty, typed shell: rows arrive from `jobctl extract-boards` (COPY), never from dbt. One row per
-- (ATS, board, UTC load day, posting, content): an unchanged posting lands once a day, an edited
-- one again (staging keeps the newest).
select
    cast(null as text) as raw_board_posting_id,
    cast(null as text) as ats,
    cast(null as text) as board_token,
    cast(null as text) as posting_id,
    cast(null as jsonb) as raw_payload,
    cast(null as bigint) as board_source_id,
    cast(null as text) as dwh_load_id,
    cast(null as date) as dwh_load_date,
    cast(null as timestamptz) as dwh_load_timestamp,
    cast(null as text) as dwh_source_system
where false
