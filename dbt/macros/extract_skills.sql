{#-
    Skill extraction in plain SQL, built for speed on long texts (see _enrichment_macros.yml).

    normalize_skill_text: one lower() with the C collation (ASCII fast path; every alias is
    ASCII), one regexp_replace of a single character class (no alternation, so no
    backtracking), one replace() for sentence-ending dots; padded with spaces so that
    ' alias ' can be found with strpos at the edges.  Kept characters: letters, digits and
    + # . - & _ so that c++, c#, .net, node.js, scikit-learn, go-getter and r&d stay whole tokens.
-#}
{% macro skill_separator_class() -%}
    '[[:space:],;:!?()\[\]{}<>"''/\\|*=~^`$%@]'
{%- endmacro %}

{% macro normalize_skill_text(text_sql) -%}
    replace(
        regexp_replace(
            lower((' ' || coalesce({{ text_sql }}, '') || ' ') collate "C"),
            {{ skill_separator_class() }},
            ' ',
            'g'
        ),
        '. ',
        '  '
    )
{%- endmacro %}

{#-
    The dictionary, flattened once per query (uncorrelated sub-selects become InitPlans):
    - skill_first_words: a tsvector of the first word of every alias (sorted, deduplicated, so
      membership is a binary search in C);
    - skill_alias_map: jsonb {first word: [{skill_name, padded_alias}]}, padded_alias set only
      for multi-word aliases, which are then confirmed with one strpos on the padded text.
-#}
{% macro skill_alias_rows() -%}
    select
        dictionary.skill_name,
        alias_words.words,
        ' ' || array_to_string(alias_words.words, ' ') || ' ' as padded_alias
    from {{ ref('skills_dictionary') }} as dictionary
    cross join lateral unnest(string_to_array(dictionary.aliases, '|')) as alias_list (alias)
    cross join lateral (
        select array_remove(string_to_array({{ normalize_skill_text('alias_list.alias') }}, ' '), '') as words
    ) as alias_words
    where cardinality(alias_words.words) > 0
{%- endmacro %}

{% macro skill_first_words() -%}
    (
        select array_to_tsvector(array_agg(distinct alias_rows.words[1]))
        from ({{ skill_alias_rows() }}) as alias_rows
    )
{%- endmacro %}

{% macro skill_alias_map() -%}
    (
        select jsonb_object_agg(first_words.first_word, first_words.entries)
        from (
            select
                alias_rows.words[1] as first_word,
                jsonb_agg(
                    jsonb_build_object(
                        'skill_name', alias_rows.skill_name,
                        'padded_alias', case when cardinality(alias_rows.words) > 1 then alias_rows.padded_alias end
                    )
                ) as entries
            from ({{ skill_alias_rows() }}) as alias_rows
            group by alias_rows.words[1]
        ) as first_words
    )
{%- endmacro %}

{#- Returns a text[] expression: the sorted canonical skills found in text_sql (never null). -#}
{% macro extract_skills(text_sql) -%}
    (
        select coalesce(array_agg(distinct alias_entry.skill_name order by alias_entry.skill_name), cast(array[] as text []))
        from (
            select
                normalized.skill_text,
                -- Present first words = vocabulary minus (vocabulary minus tokens): two C-level
                -- passes of binary searches instead of one tuple per token.
                tsvector_to_array(
                    ts_delete(
                        {{ skill_first_words() }},
                        tsvector_to_array(ts_delete({{ skill_first_words() }}, string_to_array(normalized.skill_text, ' ')))
                    )
                ) as present_words
            from (select {{ normalize_skill_text(text_sql) }} as skill_text) as normalized
        ) as document
        cross join lateral unnest(document.present_words) as present (word)
        cross join lateral jsonb_to_recordset({{ skill_alias_map() }} -> present.word)
            as alias_entry (skill_name text, padded_alias text)
        where alias_entry.padded_alias is null or strpos(document.skill_text, alias_entry.padded_alias) > 0
    )
{%- endmacro %}
