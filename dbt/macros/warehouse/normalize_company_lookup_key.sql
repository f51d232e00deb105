{#- The employer lookup key that joins postings, the enrichment queue and Glassdoor companies.
    Mirrors the loaders' companyLookupKey (loaders/src/pipeline/lookup-key.ts) step by step:
    lower-case; delete apostrophes (' and ’); '&' becomes ' and '; every run of characters outside
    [a-z0-9] becomes one space; trim; repeatedly drop a trailing legal suffix word that follows
    another word; blank becomes null. The shared pairs in loaders/test/fixtures/lookup_keys.json
    are checked by tests/macros/test_normalize_company_lookup_key.sql. -#}
{% macro normalize_company_lookup_key(name_sql) -%}
    nullif(
        regexp_replace(
            btrim(
                regexp_replace(
                    replace(regexp_replace(lower({{ name_sql }}), '[''’]', '', 'g'), '&', ' and '),
                    '[^a-z0-9]+', ' ', 'g'
                )
            ),
            '( ({{ company_legal_suffixes() | join("|") }}))+$',
            ''
        ),
        ''
    )
{%- endmacro %}

{% macro company_legal_suffixes() -%}
    {{ return([
        'llc', 'inc', 'incorporated', 'ltd', 'limited', 'corp', 'corporation', 'co', 'company',
        'plc', 'llp', 'lp', 'gmbh', 'ag', 'sa', 'sas', 'srl', 'spa', 'bv', 'nv', 'pty', 'pvt',
        'pte', 'ulc', 'kg', 'oy', 'ab',
    ]) }}
{%- endmacro %}
