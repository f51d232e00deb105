-- Critical: every ranking score lies in 0..100 (dim_ranking also enforces it as a check constraint;
-- this keeps it visible in the data-quality report). Only the pairs the latest build scored, as in
-- assert_rank_explain_sums_to_score: every pair after a full build.
select
    job_posting_key,
    profile_id,
    rank_score
from {{ ref('dim_ranking') }}
where
    ranked_at = (select max(latest.ranked_at) from {{ ref('dim_ranking') }} as latest)
    and (rank_score is null or rank_score < 0 or rank_score > 100)
