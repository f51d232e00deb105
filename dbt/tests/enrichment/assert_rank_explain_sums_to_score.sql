-- Every ranked pair explains itself: the factor points add up exactly to rank_score, all nine
-- factors have a reason, and the weights used sum to 100 (± rounding).
with

ranked as (
    select * from {{ ref('dim_ranking') }}
),

checked as (
    select
        ranked.job_posting_key,
        ranked.profile_id,
        ranked.rank_score,
        (
            select sum(cast(factor.points as numeric))
            from jsonb_each_text(ranked.rank_explain -> 'factors') as factor (name, points)
        ) as factor_sum,
        (select count(*) from jsonb_object_keys(ranked.rank_explain -> 'reasons')) as reason_count,
        (
            select sum(cast(weight.value as numeric))
            from jsonb_each_text(ranked.rank_explain -> 'weights') as weight (name, value)
        ) as weight_sum
    from ranked
)

select *
from checked
where
    factor_sum is distinct from rank_score
    or reason_count <> 9
    or abs(weight_sum - 100) > 0.05
