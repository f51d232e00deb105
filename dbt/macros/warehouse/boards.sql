{#- Shared by the career-board staging models (one per ATS, models/staging/boards/). -#}

{#- The newest trusted raw row of every posting of one ATS: rows of the loads in
    stg_loader__finished_loads only, the latest load first (an edited posting lands again; the newest copy wins). -#}
{% macro board_latest_postings(ats) -%}
    (
        select distinct on (raw_postings.board_token, raw_postings.posting_id)
            raw_postings.board_token,
            raw_postings.posting_id,
            raw_postings.raw_payload,
            raw_postings.dwh_load_id,
            raw_postings.dwh_load_timestamp
        from {{ ref('raw_boards__job_postings') }} as raw_postings
        inner join {{ ref('stg_loader__finished_loads') }} as finished_loads
            on raw_postings.dwh_load_id = finished_loads.load_id
        where raw_postings.ats = '{{ ats }}'
        order by
            raw_postings.board_token asc,
            raw_postings.posting_id asc,
            raw_postings.dwh_load_timestamp desc,
            raw_postings.raw_board_posting_id asc
    )
{%- endmacro %}

{#- HTML entities to characters (&amp; last, so "&amp;lt;" becomes "&lt;", not "<"). -#}
{% macro decode_html_entities(text_sql) -%}
    replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
        {{ text_sql }},
        '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#39;', ''''), '&#x27;', ''''), '&apos;', ''''),
        '&nbsp;', ' '), '&ndash;', '–'), '&mdash;', '—'), '&rsquo;', '’'), '&amp;', '&')
{%- endmacro %}

{#- HTML to plain text: block ends become line breaks, tags go, entities are decoded, runs of
    spaces collapse. A text that is entity-escaped HTML (Greenhouse) is decoded first, then
    stripped: decode_html_entities(x) goes in, not x. -#}
{% macro html_to_text(html_sql) -%}
    nullif(btrim(regexp_replace(regexp_replace(
        {{ decode_html_entities(
            "regexp_replace(regexp_replace(regexp_replace(" ~ html_sql ~ ", '<(script|style)[^>]*>.*?</\\1>', ' ', 'gis'), '<(br|/p|/div|/li|/h[1-6]|/ul|/ol)[^>]*>', E'\\n', 'gi'), '<[^>]*>', ' ', 'g')"
        ) }},
        '[ \t\r\f\v]+', ' ', 'g'), '\s*\n\s*', E'\n', 'g'), E' \n'), '')
{%- endmacro %}

{#- "Seattle, WA", "Seattle, WA, United States", "London, United Kingdom", "Remote - US": the
    city, the region and the country of one location text (null when it names none). -#}
{% macro board_location_is_remote(text_sql) -%}
    coalesce({{ text_sql }} ~* '\mremote\M', false)
{%- endmacro %}

{% macro board_location_city(text_sql) -%}
    (case
        when {{ board_location_is_remote(text_sql) }} then null
        else nullif(btrim(split_part({{ text_sql }}, ',', 1)), '')
    end)
{%- endmacro %}

{% macro board_location_state(text_sql) -%}
    (case
        when {{ board_location_is_remote(text_sql) }} then null
        when btrim(split_part({{ text_sql }}, ',', 2)) ~ '^[A-Z]{2}$' then btrim(split_part({{ text_sql }}, ',', 2))
    end)
{%- endmacro %}

{#- ISO alpha-2 where the text makes it plain: a US state code, "United States"/"USA"/"US". -#}
{% macro board_location_country(text_sql) -%}
    (case
        when {{ text_sql }} ~* '(united states|\musa?\M)' then 'US'
        when {{ text_sql }} ~* '\mcanada\M' then 'CA'
        when {{ text_sql }} ~* '(united kingdom|\muk\M)' then 'GB'
        when btrim(split_part({{ text_sql }}, ',', 2)) ~ '^[A-Z]{2}$' then 'US'
    end)
{%- endmacro %}

{#- Free-text employment type (Lever commitment, Greenhouse custom field, Ashby enum) to the
    FULLTIME | PARTTIME | CONTRACTOR | INTERN words the rest of the warehouse uses. -#}
{% macro board_employment_types(text_sql) -%}
    (case
        when {{ text_sql }} ~* 'intern' then array['INTERN']
        when {{ text_sql }} ~* 'part' then array['PARTTIME']
        when {{ text_sql }} ~* '(contract|freelance|temporary|temp\M)' then array['CONTRACTOR']
        when {{ text_sql }} ~* 'full' then array['FULLTIME']
        else cast(array[] as text[])
    end)
{%- endmacro %}
