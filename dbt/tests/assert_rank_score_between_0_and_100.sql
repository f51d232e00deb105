-- Critical: every ranking score lies in 0..100 (dim_ranking also enforces it as a check constraint;
-- this keeps it visible in the data-quality report).
select
    job_posting_key,
    profile_id,
    rank_score
from {{ ref('dim_ranking') }}
where rank_score is null or rank_score < 0 or rank_score > 100
