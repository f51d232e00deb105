{#- The employer lookup key that joins postings, the enrichment queue and Glassdoor companies.
    Must equal the loaders' TypeScript normalisation: the shared pairs in
    loaders/test/fixtures/lookup_keys.json are checked by tests/macros/test_normalize_company_lookup_key.sql.
    Lower case, '&' read as 'and', punctuation to spaces, whitespace collapsed, trailing legal
    suffixes (inc, llc, ltd, gmbh …) removed; blank becomes null. -#}
{% macro normalize_company_lookup_key(name_sql) -%}
    nullif(
        btrim(
            regexp_replace(
                btrim(regexp_replace(
                    regexp_replace(replace(lower({{ name_sql }}), '&', ' and '), '[^[:alnum:]]+', ' ', 'g'),
                    '\s+', ' ', 'g'
                )),
                '( (inc|incorporated|llc|l l c|ltd|limited|corp|corporation|co|company|gmbh|plc|sa|ag|bv|nv|pty|lp|llp|sarl|srl|spa|oy|ab|as|kg|pte))+$',
                '',
                'g'
            )
        ),
        ''
    )
{%- endmacro %}
