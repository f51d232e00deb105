{#- Coerce jsonb scalars to SQL types from safe spellings only; anything else becomes null
    (never an error, never a guess). -#}

{#- numbers: a JSON number, or a string such as " 113000 ", "113,000.50", "-4" -#}
{% macro json_to_numeric(jsonb_sql) -%}
    (case
        when jsonb_typeof({{ jsonb_sql }}) = 'number' then cast({{ jsonb_sql }} as numeric)
        when
            jsonb_typeof({{ jsonb_sql }}) = 'string'
            and btrim({{ jsonb_sql }} #>> '{}') ~ '^[-+]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)(\.[0-9]+)?$'
            then cast(replace(btrim({{ jsonb_sql }} #>> '{}'), ',', '') as numeric)
    end)
{%- endmacro %}

{#- booleans: JSON true/false, the numbers 1/0, or the strings true/false, yes/no, t/f, y/n, 1/0 -#}
{% macro json_to_boolean(jsonb_sql) -%}
    (case
        when jsonb_typeof({{ jsonb_sql }}) = 'boolean' then cast({{ jsonb_sql }} as boolean)
        when jsonb_typeof({{ jsonb_sql }}) = 'number' and cast({{ jsonb_sql }} as numeric) in (0, 1)
            then cast({{ jsonb_sql }} as numeric) = 1
        when jsonb_typeof({{ jsonb_sql }}) = 'string'
            then (case lower(btrim({{ jsonb_sql }} #>> '{}'))
                when 'true' then true when 'yes' then true when 't' then true when 'y' then true
                when '1' then true
                when 'false' then false when 'no' then false when 'f' then false when 'n' then false
                when '0' then false
            end)
    end)
{%- endmacro %}

{#- text: strings trimmed, empty becomes null; numbers/booleans as their JSON text; objects and
    arrays are not text and become null -#}
{% macro json_to_text(jsonb_sql) -%}
    (case
        when jsonb_typeof({{ jsonb_sql }}) in ('string', 'number', 'boolean')
            then nullif(btrim({{ jsonb_sql }} #>> '{}'), '')
    end)
{%- endmacro %}

{#- type_coercion_note: why an optional field was not taken as sent, or null when it was.
    The loader lands optional fields whatever their type (only identity and shape quarantine a
    posting), so staging says what it did with each one that was not of the expected JSON type:
    '<field>:<sent type>_coerced' when a safe spelling was read (salary "120000", job_is_remote
    "true" or 1), '<field>:<sent type>_unreadable' when the value was dropped (null). -#}
{% macro type_coercion_note(field_name, jsonb_sql, expected_type, coerced_sql) -%}
    (case
        when coalesce(jsonb_typeof({{ jsonb_sql }}), 'null') in ('null', '{{ expected_type }}') then null
        when ({{ coerced_sql }}) is not null then '{{ field_name }}:' || jsonb_typeof({{ jsonb_sql }}) || '_coerced'
        else '{{ field_name }}:' || jsonb_typeof({{ jsonb_sql }}) || '_unreadable'
    end)
{%- endmacro %}
