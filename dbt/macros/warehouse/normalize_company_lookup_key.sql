{#- The employer lookup key that joins postings, the enrichment queue and Glassdoor companies:
    lower-case; delete apostrophes (' and ’); '&' becomes ' and '; every run of characters outside
    [a-z0-9] becomes one space; trim; repeatedly drop a trailing legal suffix word that follows
    another word; blank becomes null.
    Its one implementation is the SQL function staging.company_lookup_key(name), defined by
    create_company_lookup_key_function() at the start of every dbt invocation (on-run-start).
    Models call it through normalize_company_lookup_key; the loaders call it too (extract-companies
    keys the employers it queues and the companies Glassdoor answers with). PostgreSQL inlines it
    (one immutable SQL expression), so a model pays what the expression costs. Cases: seed
    company_lookup_key_cases (tests/macros/test_normalize_company_lookup_key.sql). -#}
{% macro normalize_company_lookup_key(name_sql) -%}
    staging.company_lookup_key({{ name_sql }})
{%- endmacro %}

{% macro company_lookup_key_body() -%}
    select nullif(
        regexp_replace(
            btrim(
                regexp_replace(
                    replace(regexp_replace(lower(name), '[''’]', '', 'g'), '&', ' and '),
                    '[^a-z0-9]+', ' ', 'g'
                )
            ),
            '( ({{ company_legal_suffixes() | join("|") }}))+$',
            ''
        ),
        ''
    )
{%- endmacro %}

{#- (Re)defines the function only when its body changed, under an advisory lock, so dbt
    invocations running side by side (Airflow tasks) never replace it at the same time. -#}
{% macro create_company_lookup_key_function() -%}
    {%- set body = company_lookup_key_body() -%}
    do $do$
    begin
        perform pg_advisory_xact_lock(hashtext('staging.company_lookup_key'));
        if not exists (
            select
            from pg_proc
            where
                pronamespace = to_regnamespace('staging')
                and proname = 'company_lookup_key'
                and prosrc = $body${{ body }}$body$
        ) then
            create schema if not exists staging;
            create or replace function staging.company_lookup_key(name text) returns text
            language sql immutable parallel safe
            as $body${{ body }}$body$;
        end if;
    end
    $do$
{%- endmacro %}

{% macro company_legal_suffixes() -%}
    {{ return([
        'llc', 'inc', 'incorporated', 'ltd', 'limited', 'corp', 'corporation', 'co', 'company',
        'plc', 'llp', 'lp', 'gmbh', 'ag', 'sa', 'sas', 'srl', 'spa', 'bv', 'nv', 'pty', 'pvt',
        'pte', 'ulc', 'kg', 'oy', 'ab',
    ]) }}
{%- endmacro %}
