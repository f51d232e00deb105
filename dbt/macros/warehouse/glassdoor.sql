{#- A Glassdoor 1-5 star rating, or null when it is unknown: 0 is never a real rating on that
    scale (Glassdoor sends 0 for "no data", e.g. every rating of a company with 0 reviews), and
    values outside 1..5 are not ratings either. -#}
{% macro glassdoor_star_rating(jsonb_sql) -%}
    (case
        when {{ json_to_numeric(jsonb_sql) }} between 1 and 5 then {{ json_to_numeric(jsonb_sql) }}
    end)
{%- endmacro %}

{#- US state and territory codes, so "Irvine, CA" reads as region CA in the United States
    rather than as Canada. -#}
{% macro us_state_codes() -%}
    array[
        'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA',
        'KS', 'KY', 'LA', 'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM',
        'NY', 'NC', 'ND', 'OH', 'OK', 'OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA',
        'WV', 'WI', 'WY', 'PR', 'GU', 'VI'
    ]
{%- endmacro %}
