{#-
    rank_reasons(relation): jsonb {factor: "one line"} explaining each factor of a scored pair,
    for the digest. Reads the columns dim_ranking computes (scores, inputs, matched skills).
-#}
{% macro rank_reasons(relation) -%}
    jsonb_build_object(
        'keyword', case
            when {{ relation }}.concept_count = 0 then 'No query words to match (neutral)'
            when cardinality({{ relation }}.conflict_labels) > 0
                then 'The title names another kind of job than ' || {{ natural_list(relation ~ '.conflict_labels') }}
            when cardinality({{ relation }}.title_labels) + cardinality({{ relation }}.near_title_labels) > 0
                then {{ natural_list(
                    'array_cat(' ~ relation ~ '.title_labels, array(select \'something like \' || near_label from unnest('
                    ~ relation ~ '.near_title_labels) as near_labels (near_label)))'
                ) }} || ' in the title'
                    || case when {{ relation }}.has_query_phrase_in_title and {{ relation }}.concept_count > 1
                        then ' as you wrote it' else '' end
                    || case when cardinality({{ relation }}.description_labels) > 0
                        then ', ' || {{ natural_list(relation ~ '.description_labels') }} || ' in the description'
                        else '' end
                    || case when cardinality({{ relation }}.missing_labels) > 0
                        then '; no ' || array_to_string({{ relation }}.missing_labels, ' or ') else '' end
            when cardinality({{ relation }}.description_labels) > 0
                then {{ natural_list(relation ~ '.description_labels') }} || ' in the description only'
                    || case when cardinality({{ relation }}.missing_labels) > 0
                        then '; no ' || array_to_string({{ relation }}.missing_labels, ' or ') else '' end
            else 'None of ' || {{ natural_list(relation ~ '.missing_labels') }} || ' in the posting'
        end,
        'location', case
            when {{ relation }}.remote_preference in ('remote', 'remote_anywhere')
                and {{ is_remote_for_profile(relation ~ '.remote_preference', relation ~ '.profile_country', relation ~ '.job_country', relation ~ '.is_remote') }}
                then 'Remote job, and you prefer remote'
            when nullif(trim({{ relation }}.profile_location), '') is null and {{ relation }}.profile_country is null
                then 'No location preference (neutral)'
            when {{ relation }}.job_city is null and {{ relation }}.job_state is null and {{ relation }}.job_country is null
                then 'Job location unknown (neutral)'
            when {{ relation }}.score_location = 1 and {{ relation }}.is_remote and {{ relation }}.remote_preference = 'remote_anywhere'
                then 'Remote from ' || upper({{ relation }}.job_country) || ', and you take remote anywhere'
            when {{ relation }}.score_location = 1 then 'In ' || {{ relation }}.job_city || ', your location'
            when {{ relation }}.score_location = 0.75 then 'In your region (' || {{ relation }}.job_state || ')'
            when {{ relation }}.score_location = 0.5 and {{ relation }}.job_country is not null
                then 'Same country (' || upper({{ relation }}.job_country) || '), other city'
            when {{ relation }}.is_remote
                then 'Remote, but from ' || upper({{ relation }}.job_country) || ', outside your country'
            else 'Outside your location (' || concat_ws(', ', {{ relation }}.job_city, {{ relation }}.job_state, upper({{ relation }}.job_country)) || ')'
        end,
        'skills', case
            when coalesce(cardinality({{ relation }}.preferred_skills), 0) = 0 then 'No preferred skills (neutral)'
            when coalesce(cardinality({{ relation }}.extracted_skills), 0) = 0 then 'No skills found in the posting (neutral)'
            when cardinality({{ relation }}.matched_skills) = 0 and coalesce({{ relation }}.description_word_count, 0) < 60
                then 'Short posting that names none of your skills (neutral)'
            else cardinality({{ relation }}.matched_skills) || ' of ' || cardinality({{ relation }}.preferred_skills)
                || ' preferred skills'
                || coalesce(': ' || nullif(array_to_string({{ relation }}.matched_skills, ', '), ''), '')
        end,
        'recency', case
            when {{ relation }}.posted_at is null then 'Posting date unknown (neutral)'
            when now() - {{ relation }}.posted_at < interval '1 day' then 'Posted today'
            else 'Posted ' || extract(day from now() - {{ relation }}.posted_at) || ' days ago'
        end,
        'salary', case
            when {{ relation }}.profile_min_salary is null and {{ relation }}.profile_max_salary is null
                then 'No salary preference (neutral)'
            when {{ relation }}.salary_min_annual is null and {{ relation }}.salary_max_annual is null
                then 'Salary not stated (neutral)'
            when {{ relation }}.salary_min_converted is null and {{ relation }}.salary_max_converted is null
                then 'Salary in ' || coalesce({{ relation }}.salary_currency, 'an unknown currency')
                    || ', which cannot be compared with ' || coalesce({{ relation }}.profile_currency, 'yours') || ' (neutral)'
            else coalesce({{ relation }}.salary_currency || ' ', '')
                || concat_ws(
                    '–',
                    to_char({{ relation }}.salary_min_annual, 'FM999,999,999'),
                    to_char({{ relation }}.salary_max_annual, 'FM999,999,999')
                )
                || ' a year'
                || case
                    when upper({{ relation }}.salary_currency) is distinct from {{ relation }}.profile_currency
                        then ' (about ' || {{ relation }}.profile_currency || ' ' || concat_ws(
                            '–',
                            to_char(round({{ relation }}.salary_min_converted, -3), 'FM999,999,999'),
                            to_char(round({{ relation }}.salary_max_converted, -3), 'FM999,999,999')
                        ) || ')'
                    else ''
                end
                || case
                    when {{ relation }}.score_salary = 1 then ' meets your minimum'
                    when {{ relation }}.score_salary >= 0.5 then ' reaches your minimum of '
                        || to_char({{ relation }}.profile_min_salary, 'FM999,999,999') || ' only at the top'
                    else ' is below your minimum of ' || to_char({{ relation }}.profile_min_salary, 'FM999,999,999')
                end
        end,
        'seniority', case
            when cardinality({{ relation }}.preferred_level_ranks) = 0 then 'No seniority preference (neutral)'
            when {{ relation }}.seniority_level is null then 'Seniority not stated (neutral)'
            when {{ relation }}.level_distance = 0 then initcap({{ relation }}.seniority_level) || ', as you target'
            else initcap({{ relation }}.seniority_level) || ', ' || {{ relation }}.level_distance
                || case when {{ relation }}.level_distance = 1 then ' level' else ' levels' end
                || ' from your target'
        end,
        'company_rating', case
            when {{ relation }}.company_rating is null then 'Company rating unknown (neutral)'
            else 'Glassdoor rating ' || to_char({{ relation }}.company_rating, 'FM0.0') || ' / 5'
        end,
        'employment_type', case
            when coalesce(cardinality({{ relation }}.profile_employment_types), 0) = 0
                then 'No employment-type preference (neutral)'
            when coalesce(cardinality({{ relation }}.employment_types), 0) = 0
                then 'Employment type not stated (neutral)'
            when {{ relation }}.score_employment_type = 1
                then array_to_string({{ relation }}.employment_types, ', ') || ', as you want'
            else array_to_string({{ relation }}.employment_types, ', ') || ', not '
                || array_to_string({{ relation }}.profile_employment_types, ' or ')
        end,
        'remote', case
            when coalesce({{ relation }}.remote_preference, 'any') = 'any' then 'No remote preference (neutral)'
            when {{ relation }}.is_remote is null then 'Remote status unknown (neutral)'
            when {{ relation }}.remote_preference in ('remote', 'remote_anywhere') and {{ relation }}.score_remote = 0
                and {{ relation }}.is_remote
                then 'Remote from ' || upper({{ relation }}.job_country) || ', outside your country'
            when {{ relation }}.is_remote then 'Remote; you prefer ' || replace({{ relation }}.remote_preference, '_', ' ')
            else 'On-site; you prefer ' || replace({{ relation }}.remote_preference, '_', ' ')
        end
    )
{%- endmacro %}
