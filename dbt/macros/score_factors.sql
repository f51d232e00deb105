{#-
    Ranking factor scores, each a SQL expression in [0, 1] (documented in _enrichment_macros.yml).
    NEUTRAL (0.5) is used whenever the profile states no preference or the job lacks the data:
    missing data is never rewarded as a perfect match, nor punished as a mismatch.
-#}
{% macro ranking_neutral_score() %}0.5{% endmacro %}

{#- Distinct words of a text as a tsvector (no positions): the skills tokenisation. -#}
{% macro text_terms(text_sql) -%}
    array_to_tsvector(array_remove(string_to_array({{ normalize_skill_text(text_sql) }}, ' '), ''))
{%- endmacro %}

{#- Query words: the normalised query split into words, without filler words. -#}
{% macro query_words(query_sql) -%}
    array(
        select distinct query_word.word
        from unnest(string_to_array({{ normalize_skill_text(query_sql) }}, ' ')) as query_word (word)
        where
            length(query_word.word) > 1
            and query_word.word not in (
                'and', 'or', 'the', 'of', 'in', 'at', 'for', 'to', 'with', 'on', 'a', 'an',
                'job', 'jobs', 'remote', 'hybrid', 'onsite', 'position', 'role', 'near', 'me'
            )
    )
{%- endmacro %}

{#- How many of the (distinct) words are in the tsvector: one C-level pass. -#}
{% macro terms_found(terms_sql, words_sql) -%}
    (length({{ terms_sql }}) - length(ts_delete({{ terms_sql }}, {{ words_sql }})))
{%- endmacro %}

{% macro score_keyword(title_found_sql, description_found_sql, word_count_sql) -%}
    case
        when coalesce({{ word_count_sql }}, 0) = 0 then {{ ranking_neutral_score() }}
        -- Title words are strong evidence, description words weak.
        else 0.75 * {{ title_found_sql }} / {{ word_count_sql }} + 0.25 * {{ description_found_sql }} / {{ word_count_sql }}
    end
{%- endmacro %}

{% macro score_location(
    profile_location_sql, profile_country_sql, remote_preference_sql,
    job_city_sql, job_state_sql, job_country_sql, job_is_remote_sql
) -%}
    case
        when {{ job_is_remote_sql }} and {{ remote_preference_sql }} = 'remote' then 1.0
        when nullif(trim({{ profile_location_sql }}), '') is null and {{ profile_country_sql }} is null
            then {{ ranking_neutral_score() }}
        when {{ job_city_sql }} is null and {{ job_state_sql }} is null and {{ job_country_sql }} is null
            then {{ ranking_neutral_score() }}
        when {{ job_city_sql }} is not null
            and strpos(
                ' ' || replace(lower({{ profile_location_sql }}), ',', ' ') || ' ', ' ' || lower({{ job_city_sql }}) || ' '
            ) > 0
            then 1.0
        when {{ job_state_sql }} is not null
            and strpos(
                ' ' || replace(lower({{ profile_location_sql }}), ',', ' ') || ' ', ' ' || lower({{ job_state_sql }}) || ' '
            ) > 0
            then 0.75
        when {{ job_country_sql }} is null then {{ ranking_neutral_score() }}
        when lower({{ job_country_sql }}) = lower({{ profile_country_sql }}) then 0.5
        when {{ job_is_remote_sql }} then 0.25
        else 0.0
    end
{%- endmacro %}

{#- Smooth decay: half of the points after 7 days, a quarter after 14. The power is taken in
    double precision (numeric power with a fractional exponent cost ~7 µs a pair) and returned as
    numeric like the other factors (15 significant digits; points are rounded to 2 decimals). The
    exponent stops at 1000 half-lives (19 years; 0.5^1000 ≈ 1e-301), where double precision would
    underflow; every score from there on is 0 points anyway. -#}
{% macro score_recency(posted_at_sql, as_of_sql) -%}
    case
        when {{ posted_at_sql }} is null then {{ ranking_neutral_score() }}
        else cast(
            power(
                cast(0.5 as double precision),
                least(
                    cast(greatest(extract(epoch from ({{ as_of_sql }} - {{ posted_at_sql }})), 0) as double precision)
                    / (7 * 86400.0),
                    1000
                )
            )
            as numeric
        )
    end
{%- endmacro %}

{% macro score_skills(preferred_skills_sql, matched_count_sql, job_skills_sql) -%}
    case
        when coalesce(cardinality({{ preferred_skills_sql }}), 0) = 0 then {{ ranking_neutral_score() }}
        when coalesce(cardinality({{ job_skills_sql }}), 0) = 0 then {{ ranking_neutral_score() }}
        else 1.0 * {{ matched_count_sql }} / cardinality({{ preferred_skills_sql }})
    end
{%- endmacro %}

{#- Overlap of the annualised range with the profile's; 30 % below the minimum scores 0. -#}
{% macro score_salary(profile_min_sql, profile_max_sql, job_min_sql, job_max_sql) -%}
    case
        when {{ profile_min_sql }} is null and {{ profile_max_sql }} is null then {{ ranking_neutral_score() }}
        when {{ job_min_sql }} is null and {{ job_max_sql }} is null then {{ ranking_neutral_score() }}
        when coalesce({{ job_max_sql }}, {{ job_min_sql }}) >= coalesce({{ profile_min_sql }}, 0) then 1.0
        else greatest(
            0.0,
            1.0 - ({{ profile_min_sql }} - coalesce({{ job_max_sql }}, {{ job_min_sql }})) / (0.3 * {{ profile_min_sql }})
        )
    end
{%- endmacro %}

{#- Glassdoor 1–5 stars onto 0–1; unknown (null) is neutral. -#}
{% macro score_company_rating(rating_sql) -%}
    case
        when {{ rating_sql }} is null then {{ ranking_neutral_score() }}
        else least(greatest(({{ rating_sql }} - 1.0) / 4.0, 0.0), 1.0)
    end
{%- endmacro %}

{#- One level away keeps two thirds of the points, three or more levels away none. -#}
{% macro score_seniority(level_distance_sql, has_preference_sql, job_level_sql) -%}
    case
        when not {{ has_preference_sql }} then {{ ranking_neutral_score() }}
        when {{ job_level_sql }} is null or {{ level_distance_sql }} is null then {{ ranking_neutral_score() }}
        else greatest(0.0, 1.0 - {{ level_distance_sql }} / 3.0)
    end
{%- endmacro %}

{% macro score_employment_type(profile_types_sql, job_types_sql) -%}
    case
        when coalesce(cardinality({{ profile_types_sql }}), 0) = 0 then {{ ranking_neutral_score() }}
        when coalesce(cardinality({{ job_types_sql }}), 0) = 0 then {{ ranking_neutral_score() }}
        when {{ profile_types_sql }} && {{ job_types_sql }} then 1.0
        else 0.0
    end
{%- endmacro %}

{% macro score_remote(remote_preference_sql, job_is_remote_sql) -%}
    case
        when coalesce({{ remote_preference_sql }}, 'any') = 'any' then {{ ranking_neutral_score() }}
        when {{ job_is_remote_sql }} is null then {{ ranking_neutral_score() }}
        when {{ remote_preference_sql }} = 'remote' then case when {{ job_is_remote_sql }} then 1.0 else 0.0 end
        when {{ remote_preference_sql }} = 'onsite' then case when {{ job_is_remote_sql }} then 0.0 else 1.0 end
        -- hybrid: the feed only says remote or not; an on-site posting is the closer fit.
        else case when {{ job_is_remote_sql }} then 0.5 else 0.75 end
    end
{%- endmacro %}
