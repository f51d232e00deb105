-- The career-board fetches of finished loads: which postings each board listed, and when. Boards
-- list only open jobs, so stg_boards__job_postings reads a posting missing from a later fetch as
-- taken off the board.

with

fetches as (
    select * from {{ ref('raw_boards__fetches') }}
),

finished_loads as (
    select load_id
    from {{ ref('stg_loader__finished_loads') }}
),

final as (
    select
        fetches.load_id,
        fetches.ats,
        fetches.board_token,
        fetches.board_source_id,
        fetches.fetched_at,
        fetches.posting_ids
    from fetches
    inner join finished_loads
        on fetches.load_id = finished_loads.load_id
)

select * from final
