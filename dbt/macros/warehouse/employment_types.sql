{#- Map employment types onto the JSearch enum (FULLTIME, PARTTIME, CONTRACTOR, INTERN), so a
    profile's FULLTIME matches a job's "Full-time". Reads the enum array when the payload has one,
    else the free text ("Full-time, Part-time, and Contractor"), split on commas, slashes,
    semicolons and "and"/"or". Unknown words are dropped; the result is sorted and distinct. -#}
{% macro jsearch_employment_types(types_jsonb_sql, type_text_sql) -%}
    case
        -- fast path, the usual case: an array of enum values already
        when
            jsonb_typeof({{ types_jsonb_sql }}) = 'array'
            and jsonb_array_length({{ types_jsonb_sql }}) > 0
            and {{ types_jsonb_sql }} <@ '["FULLTIME", "PARTTIME", "CONTRACTOR", "INTERN"]'
            then array(
                select distinct enum_value.employment_type
                from jsonb_array_elements_text({{ types_jsonb_sql }}) as enum_value (employment_type)
                order by enum_value.employment_type
            )
        else array(
        select distinct mapped.employment_type
        from (
            select
                case regexp_replace(upper(type_word.word), '[^A-Z]', '', 'g')
                    when 'FULLTIME' then 'FULLTIME'
                    when 'PERMANENT' then 'FULLTIME'
                    when 'PARTTIME' then 'PARTTIME'
                    when 'CONTRACTOR' then 'CONTRACTOR'
                    when 'CONTRACT' then 'CONTRACTOR'
                    when 'TEMPORARY' then 'CONTRACTOR'
                    when 'FREELANCE' then 'CONTRACTOR'
                    when 'INTERN' then 'INTERN'
                    when 'INTERNSHIP' then 'INTERN'
                end as employment_type
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
        ) as mapped
        where mapped.employment_type is not null
        order by mapped.employment_type
    )
    end
{%- endmacro %}
