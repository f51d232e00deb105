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

{#- Query words: the normalised query split into words, without filler words (the candidate
    search: a job whose title holds all of them is ranked even if the profile's search missed it). -#}
{% macro query_words(query_sql) -%}
    array(
        select distinct query_word.word
        from unnest(string_to_array({{ normalize_skill_text(query_sql) }}, ' ')) as query_word (word)
        where
            length(query_word.word) > 1
            and query_word.word not in ({{ ranking_filler_words() }})
    )
{%- endmacro %}




{#- A remote job counts as in the profile's location when it is in the profile's country (or its
    country is unknown); in another country only for a profile that wants remote anywhere. -#}
{% macro is_remote_for_profile(remote_preference_sql, profile_country_sql, job_country_sql, job_is_remote_sql) -%}
    (
        {{ job_is_remote_sql }} is true
        and (
            {{ remote_preference_sql }} = 'remote_anywhere'
            or {{ job_country_sql }} is null
            or {{ profile_country_sql }} is null
            or lower({{ job_country_sql }}) = lower({{ profile_country_sql }})
        )
    )
{%- endmacro %}

{% macro score_location(
    profile_location_sql, profile_country_sql, remote_preference_sql,
    job_city_sql, job_state_sql, job_country_sql, job_is_remote_sql
) -%}
    case
        when {{ remote_preference_sql }} in ('remote', 'remote_anywhere')
            and {{ is_remote_for_profile(remote_preference_sql, profile_country_sql, job_country_sql, job_is_remote_sql) }}
            then 1.0
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
        -- Another country: a remote job there only suits a profile that wants remote anywhere.
        when {{ remote_preference_sql }} = 'remote_anywhere' and {{ job_is_remote_sql }} then 1.0
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

{#- A posting that names no skills, or a short one (under 60 distinct words) that names none of the
    preferred ones, says too little to count as a mismatch: neutral. -#}
{% macro score_skills(preferred_skills_sql, matched_count_sql, job_skills_sql, description_word_count_sql) -%}
    case
        when coalesce(cardinality({{ preferred_skills_sql }}), 0) = 0 then {{ ranking_neutral_score() }}
        when coalesce(cardinality({{ job_skills_sql }}), 0) = 0 then {{ ranking_neutral_score() }}
        when {{ matched_count_sql }} = 0 and coalesce({{ description_word_count_sql }}, 0) < 60
            then {{ ranking_neutral_score() }}
        else 1.0 * {{ matched_count_sql }} / cardinality({{ preferred_skills_sql }})
    end
{%- endmacro %}

{#- The annual range, already converted into the profile's currency (null when its currency is
    unknown), against the profile's minimum: all of it at or above scores 1; a range across the
    minimum 0.5-1 by the share above it; a range entirely below at most 0.3, nothing from 30 %
    below. Unknown stays neutral (0.5), above every known mismatch. -#}
{% macro score_salary(profile_min_sql, profile_max_sql, job_min_sql, job_max_sql) -%}
    case
        when {{ profile_min_sql }} is null and {{ profile_max_sql }} is null then {{ ranking_neutral_score() }}
        when {{ job_min_sql }} is null and {{ job_max_sql }} is null then {{ ranking_neutral_score() }}
        when {{ profile_min_sql }} is null or {{ profile_min_sql }} <= 0 then 1.0
        when coalesce({{ job_min_sql }}, {{ job_max_sql }}) >= {{ profile_min_sql }} then 1.0
        when coalesce({{ job_max_sql }}, {{ job_min_sql }}) >= {{ profile_min_sql }}
            then 0.5 + 0.5 * ({{ job_max_sql }} - {{ profile_min_sql }}) / nullif({{ job_max_sql }} - {{ job_min_sql }}, 0)
        else 0.3 * greatest(
            0.0,
            1.0 - ({{ profile_min_sql }} - coalesce({{ job_max_sql }}, {{ job_min_sql }})) / (0.3 * {{ profile_min_sql }})
        )
    end
{%- endmacro %}

{#- Amount in from_currency as to_currency, through the fx_rates seed's units per USD (given as SQL
    for the two rates); null when either rate is unknown. -#}
{% macro convert_currency(amount_sql, from_units_per_usd_sql, to_units_per_usd_sql) -%}
    ({{ amount_sql }} / nullif({{ from_units_per_usd_sql }}, 0) * {{ to_units_per_usd_sql }})
{%- endmacro %}

{#- Glassdoor 1–5 stars onto 0–1; unknown (null) is neutral. -#}
{% macro score_company_rating(rating_sql) -%}
    case
        when {{ rating_sql }} is null then {{ ranking_neutral_score() }}
        else least(greatest(({{ rating_sql }} - 1.0) / 4.0, 0.0), 1.0)
    end
{%- endmacro %}

{#- The target level scores 1; one level away 0.25 and two 0.1, both below an unknown level's
    neutral 0.5 (a known mismatch is never better than not knowing); three or more 0. -#}
{% macro score_seniority(level_distance_sql, has_preference_sql, job_level_sql) -%}
    case
        when not {{ has_preference_sql }} then {{ ranking_neutral_score() }}
        when {{ job_level_sql }} is null or {{ level_distance_sql }} is null then {{ ranking_neutral_score() }}
        when {{ level_distance_sql }} = 0 then 1.0
        when {{ level_distance_sql }} = 1 then 0.25
        when {{ level_distance_sql }} = 2 then 0.1
        else 0.0
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

{% macro score_remote(remote_preference_sql, job_is_remote_sql, profile_country_sql, job_country_sql) -%}
    case
        when coalesce({{ remote_preference_sql }}, 'any') = 'any' then {{ ranking_neutral_score() }}
        when {{ job_is_remote_sql }} is null then {{ ranking_neutral_score() }}
        when {{ remote_preference_sql }} in ('remote', 'remote_anywhere')
            then case
                when {{ is_remote_for_profile(remote_preference_sql, profile_country_sql, job_country_sql, job_is_remote_sql) }}
                    then 1.0
                else 0.0
            end
        when {{ remote_preference_sql }} = 'onsite' then case when {{ job_is_remote_sql }} then 0.0 else 1.0 end
        -- hybrid: the feed only says remote or not; an on-site posting is the closer fit.
        else case when {{ job_is_remote_sql }} then 0.5 else 0.75 end
    end
{%- endmacro %}

{#- Text as the relevance matches it: lower case, every run of characters other than letters,
    digits, + and # one space, padded with spaces (" node js developer "). -#}
{% macro ranking_text(text_sql) -%}
    (' ' || trim(regexp_replace(lower(coalesce({{ text_sql }}, '')), '[^[:alnum:]+#]+', ' ', 'g')) || ' ')
{%- endmacro %}

{#- A title as English-stemmed lexemes with positions ("Node.js Developers" -> 'node':1 'js':2 'develop':3). -#}
{% macro title_lexemes(title_sql) -%}
    to_tsvector('english', {{ ranking_text(title_sql) }})
{%- endmacro %}

{#- Synonym groups (ranking_synonyms) that name a level, not a kind of job. -#}
{% macro ranking_level_groups() -%}
    'intern', 'junior', 'mid', 'senior', 'staff', 'principal'
{%- endmacro %}

{#- Query words that say nothing about the kind of job. -#}
{% macro ranking_filler_words() -%}
    'and', 'or', 'the', 'of', 'in', 'at', 'for', 'to', 'with', 'on', 'a', 'an',
    'job', 'jobs', 'remote', 'hybrid', 'onsite', 'position', 'role', 'near', 'me'
{%- endmacro %}

{#- The word forms sharing a word's English stem (engineer -> engineer, engineers, engineering,
    engineered), as text[]: the description's words are not stemmed (too slow for every posting),
    so its query side lists the forms instead. Words under 4 letters or with other characters
    match as written. -#}
{% macro word_forms(word_sql) -%}
    case
        when {{ word_sql }} ~ '^[a-z]{4,}$' and (ts_lexize('english_stem', {{ word_sql }}))[1] is not null
            then array(
                select distinct form.word_form
                from unnest(array[
                    {{ word_sql }},
                    {%- for suffix in ['', 's', 'e', 'es', 'er', 'ers', 'ing', 'ed', 'ment', 'ments', 'ion', 'ions', 'eer', 'eers', 'eering', 'ation', 'ations'] %}
                        (ts_lexize('english_stem', {{ word_sql }}))[1] || '{{ suffix }}'{{ "," if not loop.last }}
                    {%- endfor %}
                ]) as form (word_form)
                where
                    form.word_form = {{ word_sql }}
                    or ts_lexize('english_stem', form.word_form) = ts_lexize('english_stem', {{ word_sql }})
            )
        else array[{{ word_sql }}]
    end
{%- endmacro %}

{#- A phrase, already tokenised like the skills text (normalize_skill_text), as a tsquery over the
    description's words (int_ranking__job_terms.description_terms): each word by any of its forms,
    all words present (no positions there). -#}
{% macro description_phrase_query(phrase_sql) -%}
    cast(
        nullif(
            array_to_string(
                array(
                    select
                        '(' || array_to_string(
                            array(
                                select '''' || replace(replace(form.word_form, '\', '\\'), '''', '''''') || ''''
                                from unnest({{ word_forms('phrase_word.word') }}) as form (word_form)
                            ),
                            ' | '
                        ) || ')'
                    from unnest(string_to_array(trim({{ phrase_sql }}), ' ')) as phrase_word (word)
                    where phrase_word.word <> ''
                ),
                ' & '
            ),
            ''
        )
        as tsquery
    )
{%- endmacro %}

{#- "a", "a and b", "a, b and c". -#}
{% macro natural_list(array_sql) -%}
    case
        when coalesce(cardinality({{ array_sql }}), 0) <= 1 then coalesce(({{ array_sql }})[1], '')
        else array_to_string(({{ array_sql }})[1:cardinality({{ array_sql }}) - 1], ', ')
            || ' and ' || ({{ array_sql }})[cardinality({{ array_sql }})]
    end
{%- endmacro %}
