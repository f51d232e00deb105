-- Company rating distribution: enriched companies per half-star Glassdoor rating band.
-- Companies without a rating (not enriched, or no match) are counted in their own band, so the
-- dashboard can show how much of the picture is missing.

with

companies as (
    select * from {{ ref('dim_companies') }}
    where not is_unknown_member
),

banded as (
    select
        company_key,
        review_count,
        coalesce(industry, 'unknown') as industry,
        coalesce(company_size_category, 'unknown') as company_size_category,
        floor(overall_rating * 2) / 2 as rating_band_lower,
        case
            when overall_rating is null then 'unrated'
            else
                to_char(floor(overall_rating * 2) / 2, 'FM0.0')
                || '–'
                || to_char(least(floor(overall_rating * 2) / 2 + 0.5, 5), 'FM0.0')
        end as rating_band
    from companies
),

final as (
    select
        rating_band,
        rating_band_lower,
        industry,
        company_size_category,
        count(*) as company_count,
        coalesce(sum(review_count), 0) as review_count
    from banded
    group by rating_band, rating_band_lower, industry, company_size_category
)

select * from final
