{#- Per-transaction settings for the models that need them (used as pre-hooks; `set local`
    ends with the model's transaction). -#}

{#- Hash joins and aggregates over a few hundred thousand (job, profile) pairs spill to disk at
    the server's default 4 MB and the planner falls back to index nested loops; a model that joins
    them raises its own limit. -#}
{% macro raise_work_mem(size='256MB') -%}
    set local work_mem = '{{ size }}'
{%- endmacro %}

{#- Long texts (descriptions, highlights, term vectors) are TOAST-compressed as they are written:
    lz4 compresses several times faster than the default pglz (half the CPU of writing a postings
    table) and reads back faster. A server built without lz4 keeps its default. -#}
{% macro prefer_lz4_compression() -%}
    do $$
    begin
        perform set_config('default_toast_compression', 'lz4', true);
    exception
        when invalid_parameter_value then null;
    end
    $$
{%- endmacro %}
