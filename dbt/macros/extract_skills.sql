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
    The dictionary, flattened once per query (uncorrelated sub-selects become InitPlans that run
    once, not once per posting). Skills are numbered by name (skill_id), multi-word aliases by
    alias (multi_alias_id).
    - skill_vocabulary: a tsvector whose lexemes are the first words of all aliases; positions
      carry the mapping: weight A position = skill_id of a one-word alias, weight B position =
      1000 + multi_alias_id of a multi-word alias starting with that word.
    - skill_names / multi_alias_skill_names / multi_alias_padded: arrays indexed by those ids.
-#}
{% macro skill_alias_rows() -%}
    select
        dictionary.skill_name,
        dense_rank() over (order by dictionary.skill_name) as skill_id,
        alias_words.words,
        ' ' || array_to_string(alias_words.words, ' ') || ' ' as padded_alias
    from {{ ref('skills_dictionary') }} as dictionary
    cross join lateral unnest(string_to_array(dictionary.aliases, '|')) as alias_list (alias)
    cross join lateral (
        select array_remove(string_to_array({{ normalize_skill_text('alias_list.alias') }}, ' '), '') as words
    ) as alias_words
    where cardinality(alias_words.words) > 0
{%- endmacro %}

{% macro skill_multi_alias_rows() -%}
    select
        alias_rows.skill_name,
        alias_rows.words,
        alias_rows.padded_alias,
        row_number() over (order by alias_rows.padded_alias, alias_rows.skill_name) as multi_alias_id
    from ({{ skill_alias_rows() }}) as alias_rows
    where cardinality(alias_rows.words) > 1
{%- endmacro %}

{% macro skill_vocabulary() -%}
    (
        select cast(string_agg('''' || vocabulary_words.first_word || ''':' || vocabulary_words.positions, ' ') as tsvector)
        from (
            select
                entries.first_word,
                string_agg(entries.position_label, ',') as positions
            from (
                select distinct
                    alias_rows.words[1] as first_word,
                    alias_rows.skill_id || 'A' as position_label
                from ({{ skill_alias_rows() }}) as alias_rows
                where cardinality(alias_rows.words) = 1
                union all
                select
                    multi_rows.words[1] as first_word,
                    (1000 + multi_rows.multi_alias_id) || 'B' as position_label
                from ({{ skill_multi_alias_rows() }}) as multi_rows
            ) as entries
            group by entries.first_word
        ) as vocabulary_words
    )
{%- endmacro %}

{% macro skill_names() -%}
    (
        select array_agg(distinct alias_rows.skill_name order by alias_rows.skill_name)
        from ({{ skill_alias_rows() }}) as alias_rows
    )
{%- endmacro %}

{% macro multi_alias_skill_names() -%}
    (
        select array_agg(multi_rows.skill_name order by multi_rows.multi_alias_id)
        from ({{ skill_multi_alias_rows() }}) as multi_rows
    )
{%- endmacro %}

{% macro multi_alias_padded() -%}
    (
        select array_agg(multi_rows.padded_alias order by multi_rows.multi_alias_id)
        from ({{ skill_multi_alias_rows() }}) as multi_rows
    )
{%- endmacro %}

{#- Returns a text[] expression: the sorted canonical skills found in text_sql (never null). -#}
{% macro extract_skills(text_sql) -%}
    (
        select coalesce(array_agg(distinct found.skill_name order by found.skill_name), cast(array[] as text []))
        from (
            select
                normalized.skill_text,
                -- Vocabulary words present in the text = vocabulary minus (vocabulary minus tokens):
                -- two C-level passes of binary searches instead of one row per token.
                ts_delete(
                    {{ skill_vocabulary() }},
                    tsvector_to_array(ts_delete({{ skill_vocabulary() }}, string_to_array(normalized.skill_text, ' ')))
                ) as present
            -- offset 0: the normalised text is computed once, not re-inlined wherever it is used.
            from (
                select {{ normalize_skill_text(text_sql) }} as skill_text
                from (values (1)) as single_row (row_number)
                offset 0
            ) as normalized
            offset 0
        ) as document
        cross join lateral (
            -- One-word aliases: the A position is the skill id.
            select ({{ skill_names() }})[single_word.positions[1]] as skill_name
            from unnest(ts_filter(document.present, '{a}')) as single_word
            union all
            -- Multi-word aliases starting with a present word: confirmed with one strpos each.
            select ({{ multi_alias_skill_names() }})[multi_alias.alias_position - 1000] as skill_name
            from unnest(ts_filter(document.present, '{b}')) as first_word
            cross join lateral unnest(first_word.positions) as multi_alias (alias_position)
            where strpos(document.skill_text, ({{ multi_alias_padded() }})[multi_alias.alias_position - 1000]) > 0
        ) as found
    )
{%- endmacro %}
