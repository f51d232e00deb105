-- Ranking score distribution per profile: ranked jobs per 10-point score band.
-- Profiles appear by id only; their names and e-mail addresses are personal data and stay in marts.

with

rankings as (
    select * from {{ ref('dim_ranking') }}
),

banded as (
    select
        profile_id,
        rank_score,
        was_found_by_profile,
        -- 100 is the top of the last band, not a band of its own.
        least(cast(floor(rank_score / 10) * 10 as integer), 90) as score_band_lower
    from rankings
),

final as (
    select
        profile_id,
        score_band_lower,
        score_band_lower + 10 as score_band_upper,
        count(*) as job_count,
        count(*) filter (where was_found_by_profile) as found_job_count,
        round(avg(rank_score), 2) as rank_score_avg
    from banded
    group by profile_id, score_band_lower
)

select * from final
