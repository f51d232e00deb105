{#- Posting-time rules (JSearch sends `job_posted_at_timestamp`, epoch seconds, and
    `job_posted_at_datetime_utc`, ISO-8601; either may be missing or null).

    epoch_seconds_from_json: the epoch as seconds. Values of 1e11 and more are read as
    milliseconds (1e11 s is the year 5138, 1e11 ms is March 1973), so both units work. -#}
{% macro epoch_seconds_from_json(jsonb_sql) -%}
    (case
        when abs({{ json_to_numeric(jsonb_sql) }}) >= 100000000000
            then {{ json_to_numeric(jsonb_sql) }} / 1000
        else {{ json_to_numeric(jsonb_sql) }}
    end)
{%- endmacro %}

{#- iso_text_to_epoch_seconds: ISO-8601 text to epoch seconds; text without an offset is UTC;
    text that does not look like a timestamp gives null instead of an error. -#}
{% macro iso_text_to_epoch_seconds(text_sql) -%}
    (case
        when
            btrim({{ text_sql }})
            ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])([T ][0-2][0-9]:[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?)?$'
            then extract(epoch from cast(btrim({{ text_sql }}) || '+00' as timestamptz))
        when
            btrim({{ text_sql }})
            ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[T ][0-2][0-9]:[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?(Z|[+-][0-2][0-9](:?[0-5][0-9])?)$'
            then extract(epoch from cast(btrim({{ text_sql }}) as timestamptz))
    end)
{%- endmacro %}

{#- posted_at_issue: why a posting time cannot be trusted, or null when it can.
    epoch_zero / negative_epoch: placeholder values; before_2000: older than job boards of this
    kind; far_future: more than two days after the row was loaded; unparseable: a value was sent
    but could not be read. -#}
{% macro posted_at_issue(epoch_seconds_sql, was_sent_sql, loaded_at_sql) -%}
    (case
        when {{ epoch_seconds_sql }} is null and {{ was_sent_sql }} then 'unparseable'
        when {{ epoch_seconds_sql }} is null then null
        when {{ epoch_seconds_sql }} = 0 then 'epoch_zero'
        when {{ epoch_seconds_sql }} < 0 then 'negative_epoch'
        when {{ epoch_seconds_sql }} < 946684800 then 'before_2000'
        when {{ epoch_seconds_sql }} > extract(epoch from {{ loaded_at_sql }}) + 2 * 86400 then 'far_future'
    end)
{%- endmacro %}
