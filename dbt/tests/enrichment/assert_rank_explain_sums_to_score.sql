-- Every ranked pair explains itself: exactly the nine factors, whose points add up exactly to
-- rank_score, a reason for each of the nine, and the weights used summing to 100 (± rounding).
-- Only the pairs the latest build scored are read: a build writes every row it scores with one
-- ranked_at (now(), its transaction's start), so a full build checks every pair and a daily
-- incremental one the pairs it rescored, whose cost then follows the new postings, not the
-- history (rows are never changed after they are scored; ranked_at is indexed). Each check reads
-- the jsonb in place: one jsonpath sum per object (a missing or non-numeric entry makes the sum
-- null, which fails), and key-set operators for the rest.
{%- set factors = [
    'keyword', 'location', 'skills', 'recency', 'salary',
    'seniority', 'company_rating', 'employment_type', 'remote',
] %}
{%- set factor_keys = "array['" ~ factors | join("', '") ~ "']" %}
{%- set sums = {} %}
{%- for section in ['factors', 'weights'] %}
    {%- do sums.update({section: "cast(jsonb_path_query_first(ranked.rank_explain, '$." ~ section ~ "."
        ~ factors | join(" + $." ~ section ~ ".") ~ "', silent => true) as numeric)"}) %}
{%- endfor %}
with

ranked as (
    select * from {{ ref('dim_ranking') }}
    where ranked_at = (select max(latest.ranked_at) from {{ ref('dim_ranking') }} as latest)
),

checked as (
    select
        ranked.job_posting_key,
        ranked.profile_id,
        ranked.rank_score,
        {{ sums['factors'] }} as factor_sum,
        {{ sums['weights'] }} as weight_sum,
        (ranked.rank_explain -> 'factors') - {{ factor_keys }} as extra_factors,
        (ranked.rank_explain -> 'weights') - {{ factor_keys }} as extra_weights,
        (ranked.rank_explain -> 'reasons') - {{ factor_keys }} as extra_reasons,
        coalesce((ranked.rank_explain -> 'reasons') ?& {{ factor_keys }}, false) as has_every_reason
    from ranked
)

select *
from checked
where
    factor_sum is distinct from rank_score
    or weight_sum is null
    or abs(weight_sum - 100) > 0.05
    or extra_factors is distinct from '{}'
    or extra_weights is distinct from '{}'
    or extra_reasons is distinct from '{}'
    or not has_every_reason
