{#-
    Skill extraction in plain SQL, built for speed on long texts (see _enrichment_macros.yml).

    Separators: whitespace and , ; : ! ? ( ) [ ] { } < > " ' / \ | * = ~ ^ ` $ % @ become spaces;
    + # . - & _ stay inside tokens, so c++, c#, .net, node.js, scikit-learn, go-getter and r&d
    stay whole. One replace() per separator: a single-byte search in C is an order of magnitude
    cheaper than one regexp_replace over a character class (PostgreSQL's regex engine restarts at
    every match).
-#}
{% macro skill_separator_literals() -%}
    {{ return([
        "E'\\n'", "E'\\t'", "E'\\r'", "E'\\x0b'", "E'\\x0c'",
        "','", "';'", "':'", "'!'", "'?'", "'('", "')'", "'['", "']'", "'{'", "'}'", "'<'", "'>'",
        "'\"'", "''''", "'/'", "E'\\\\'", "'|'", "'*'", "'='", "'~'", "'^'", "'`'", "'$'", "'%'", "'@'",
    ]) }}
{%- endmacro %}

{#- Lower-cased (C collation: ASCII fast path; every alias is ASCII), separators turned into
    spaces, padded with a space at both ends. Sentence-ending dots are kept. The replace() chain
    is split in two nested stages only to keep the nesting shallow enough for sqlfluff's parser;
    each stage is evaluated once per row. -#}
{% macro skill_token_text(text_sql) -%}
    {%- set separators = skill_separator_literals() -%}
    {%- set half = (separators | length) // 2 -%}
    (
        select {{ replace_each('first_stage.token_text', separators[half:]) }}
        from (
            select {{ replace_each("lower((' ' || coalesce(" ~ text_sql ~ ", '') || ' ') collate \"C\")", separators[:half]) }}
                as token_text
            from (values (1)) as single_row (row_number)
        ) as first_stage
    )
{%- endmacro %}

{#- replace(...replace(text_sql, literal_1, ' ')..., literal_n, ' ') -#}
{% macro replace_each(text_sql, literals) -%}
    {%- set ns = namespace(sql=text_sql) -%}
    {%- for literal in literals -%}
        {%- set ns.sql = "replace(" ~ ns.sql ~ ", " ~ literal ~ ", ' ')" -%}
    {%- endfor -%}
    {{ ns.sql }}
{%- endmacro %}

{#- The same text with sentence-ending dots removed: words for keyword matching (text_terms). -#}
{% macro normalize_skill_text(text_sql) -%}
    replace({{ skill_token_text(text_sql) }}, '. ', '  ')
{%- endmacro %}

{#- An alias normalised exactly like skill_token_text + normalize_skill_text, with one translate()
    (fine on a few characters; on long texts translate is slower than the replace() chain). -#}
{% macro normalize_alias_text(alias_sql) -%}
    {%- set separators = skill_separator_literals() -%}
    replace(translate(lower((' ' || {{ alias_sql }} || ' ') collate "C"), {{ separators | join(' || ') }}, '{{ ' ' * (separators | length) }}'), '. ', '  ')
{%- endmacro %}

{#-
    The dictionary as lookup entries, one row per (lexeme, skill, phrase):
    - a one-word alias under its word and under word + '.' (a sentence-ending token), no phrase;
    - a multi-word alias under its key word, with the phrase ' w1 w2 ' to confirm in the text
      with sentence dots removed. The key is the alias word that the fewest aliases share (then
      the longest), so a generic first word such as "data" or "microsoft" does not make every
      posting a candidate; an English function word (the "on" of "ruby on rails") is never the
      key while the alias has another word, since every posting holds it. The key only changes
      speed: every candidate is confirmed against the text. A key that is the alias's last word
      is also entered as word + '.' (the alias at a sentence end).
    is_canonical: the lexeme means exactly the skill of the same name (python, python.).
-#}
{% macro skill_lookup_entries() -%}
    with
    aliases as (
        select
            dictionary.skill_name,
            alias_words.words
        from {{ ref('skills_dictionary') }} as dictionary
        cross join lateral unnest(string_to_array(dictionary.aliases, '|')) as alias_list (alias)
        cross join lateral (
            select array_remove(string_to_array({{ normalize_alias_text('alias_list.alias') }}, ' '), '') as words
        ) as alias_words
        where cardinality(alias_words.words) > 0
    ),

    word_use as (
        select
            alias_word.word,
            count(*) as alias_count
        from aliases
        cross join lateral unnest(aliases.words) as alias_word (word)
        group by alias_word.word
    ),

    phrases as (
        select distinct
            aliases.skill_name,
            aliases.words,
            ' ' || array_to_string(aliases.words, ' ') || ' ' as phrase,
            (
                select word_use.word
                from unnest(aliases.words) as phrase_word (word)
                inner join word_use on phrase_word.word = word_use.word
                order by
                    word_use.word = any(
                        array['a', 'an', 'and', 'as', 'at', 'by', 'for', 'in', 'of', 'on', 'or', 'the', 'to', 'with']
                    ),
                    word_use.alias_count,
                    length(word_use.word) desc,
                    word_use.word
                limit 1
            ) as key_word
        from aliases
        where cardinality(aliases.words) > 1
    ),

    entries as (
        select
            aliases.words[1] || ending.suffix as lexeme,
            aliases.skill_name,
            cast(null as text) as phrase,
            aliases.words[1] = aliases.skill_name as is_canonical
        from aliases
        cross join (values (''), ('.')) as ending (suffix)
        where cardinality(aliases.words) = 1
        union
        select
            phrases.key_word || ending.suffix,
            phrases.skill_name,
            phrases.phrase,
            false
        from phrases
        cross join (values (''), ('.')) as ending (suffix)
        where ending.suffix = '' or phrases.key_word = phrases.words[cardinality(phrases.words)]
    )

    select
        entries.*,
        bool_and(entries.is_canonical) over (partition by entries.lexeme) as lexeme_is_canonical,
        row_number() over (order by entries.lexeme, entries.skill_name, entries.phrase) as entry_id
    from entries
{%- endmacro %}

{#- Sub-select of a tsvector of the entries' lexemes (filtered), each carrying its entry ids as
    positions (a position is needed for setweight to mark a lexeme). -#}
{% macro skill_lexicon(filter_sql) -%}
    (
        select cast(string_agg(quote_literal(lexicon.lexeme) || ':' || lexicon.entry_ids, ' ') as tsvector)
        from (
            select
                lookup.lexeme,
                string_agg(cast(lookup.entry_id as text), ',') as entry_ids
            from ({{ skill_lookup_entries() }}) as lookup
            where {{ filter_sql }}
            group by lookup.lexeme
        ) as lexicon
    )
{%- endmacro %}

{#- Sub-select of a jsonb array of one entry column, indexed by entry_id - 1 (O(1) look-ups). -#}
{% macro skill_entry_column(column) -%}
    (
        select jsonb_agg(lookup.{{ column }} order by lookup.entry_id)
        from ({{ skill_lookup_entries() }}) as lookup
    )
{%- endmacro %}

{#-
    Returns a text[] expression: the sorted canonical skills found in text_sql (never null).
    1. Vocabulary words present: one setweight() over the whole token array marks them in the
       lexicon (binary searches in C, no row per token), ts_filter keeps the marked ones.
    2. Canonical words (python, python.) are the answer as they are: joined, sentence dots
       dropped, split again.
    3. Other words (k8s, golang, phrase keys) go through their entries: a skill name, or a
       phrase confirmed by one search of the text with sentence dots removed (replace() finds it
       with Boyer-Moore-Horspool and, unlike strpos, does not count characters up to the match).
    4. array_to_tsvector sorts and de-duplicates the names.
    Uncorrelated sub-selects run once per query (InitPlans); offset 0 keeps the token text and
    the present words computed once per row.
-#}
{% macro extract_skills(text_sql) -%}
    (
        select tsvector_to_array(array_to_tsvector(array_remove(
            string_to_array(
                replace(
                    array_to_string(
                        tsvector_to_array(ts_filter(
                            setweight({{ skill_lexicon('lookup.lexeme_is_canonical') }}, 'a', present.words), '{a}'
                        )),
                        ' '
                    ) || ' ',
                    '. ',
                    ' '
                ),
                ' '
            )
            || coalesce(
                (
                    select array_agg({{ skill_entry_column('skill_name') }} ->> (mapped.entry_id - 1))
                    from (
                        select unnest(marked.positions) as entry_id
                        from unnest(ts_filter(
                            setweight({{ skill_lexicon('not lookup.lexeme_is_canonical') }}, 'a', present.words), '{a}'
                        )) as marked
                    ) as mapped
                    where
                        {{ skill_entry_column('phrase') }} ->> (mapped.entry_id - 1) is null
                        or octet_length(replace(present.phrase_text, {{ skill_entry_column('phrase') }} ->> (mapped.entry_id - 1), ''))
                        < octet_length(present.phrase_text)
                ),
                cast(array[] as text [])
            ),
            ''
        )))
        from (
            select
                replace(tokens.token_text, '. ', '  ') as phrase_text,
                tsvector_to_array(ts_filter(
                    setweight({{ skill_lexicon('true') }}, 'a', string_to_array(tokens.token_text, ' ')), '{a}'
                )) as words
            from (select {{ skill_token_text(text_sql) }} as token_text from (values (1)) as single_row (row_number) offset 0) as tokens
            offset 0
        ) as present
    )
{%- endmacro %}
