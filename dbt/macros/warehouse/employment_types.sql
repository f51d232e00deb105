{#- Map employment types onto the profile vocabulary's employment types (seed employment_types,
    the JSearch enum), so a profile's FULLTIME matches a job's "Full-time". Reads the enum array
    when the payload has one, else the free text ("Full-time, Part-time, and Contractor"), split
    on commas, slashes, semicolons and "and"/"or"; each word, upper-cased and letters only, is
    looked up in the seed employment_type_words. Unknown words are dropped; the result is sorted
    and distinct. -#}
{% macro jsearch_employment_types(types_jsonb_sql, type_text_sql) -%}
    case
        -- fast path, the usual case: an array of vocabulary values already
        when
            jsonb_typeof({{ types_jsonb_sql }}) = 'array'
            and jsonb_array_length({{ types_jsonb_sql }}) > 0
            and {{ types_jsonb_sql }} <@ (
                select jsonb_agg(vocabulary.employment_type) from {{ ref('employment_types') }} as vocabulary
            )
            then array(
                select distinct enum_value.employment_type
                from jsonb_array_elements_text({{ types_jsonb_sql }}) as enum_value (employment_type)
                order by enum_value.employment_type
            )
        else array(
        select distinct type_words.employment_type
        from regexp_split_to_table(
            case
                when
                    jsonb_typeof({{ types_jsonb_sql }}) = 'array'
                    and jsonb_array_length({{ types_jsonb_sql }}) > 0
                    then (
                        select string_agg(type_element.value, ',')
                        from jsonb_array_elements_text({{ types_jsonb_sql }}) as type_element (value)
                    )
                else coalesce({{ type_text_sql }}, '')
            end,
            '\s*(,|/|;|\yand\y|\yor\y|&)\s*',
            'i'
        ) as type_word (word)
        inner join {{ ref('employment_type_words') }} as type_words
            on type_words.word = regexp_replace(upper(type_word.word), '[^A-Z]', '', 'g')
        order by type_words.employment_type
    )
    end
{%- endmacro %}
