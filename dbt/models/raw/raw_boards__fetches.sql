{{
    config(
        alias='board_fetches',
        unique_key='load_id',
        indexes=[{'columns': ['ats', 'board_token', 'fetched_at']}],
    )
}}

-- One row per successful board fetch: which postings the board listed then. Boards list only open
-- jobs, so a posting missing from a later fetch was taken off the board (board_removed_at).
select
    cast(null as text) as load_id,
    cast(null as text) as ats,
    cast(null as text) as board_token,
    cast(null as bigint) as board_source_id,
    cast(null as timestamptz) as fetched_at,
    cast(null as text[]) as posting_ids
where false
