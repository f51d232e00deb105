{#- Salary rules. Periods are normalised to JSearch's upper-case words; synonyms map onto them. -#}
{% macro normalize_salary_period(text_sql) -%}
    (case upper(btrim({{ text_sql }}))
        when 'HOUR' then 'HOUR' when 'HOURLY' then 'HOUR' when 'HR' then 'HOUR'
        when 'DAY' then 'DAY' when 'DAILY' then 'DAY'
        when 'WEEK' then 'WEEK' when 'WEEKLY' then 'WEEK'
        when 'MONTH' then 'MONTH' when 'MONTHLY' then 'MONTH'
        when 'YEAR' then 'YEAR' when 'YEARLY' then 'YEAR' when 'ANNUAL' then 'YEAR'
        when 'ANNUALLY' then 'YEAR' when 'ANNUM' then 'YEAR'
        else nullif(upper(btrim({{ text_sql }})), '')
    end)
{%- endmacro %}

{#- How many of a period make a year: 40 h x 52 weeks = 2080 hours, 5 days x 52 = 260 days,
    52 weeks, 12 months. Unknown periods give null, so nothing is annualised by guesswork. -#}
{% macro annualisation_factor(period_sql) -%}
    (case {{ period_sql }}
        when 'HOUR' then 2080
        when 'DAY' then 260
        when 'WEEK' then 52
        when 'MONTH' then 12
        when 'YEAR' then 1
    end)
{%- endmacro %}

{#- Why one salary amount was dropped: non_positive (zero or less), absurd (its annual value
    lies outside the currency's plausible range from the `salary_currency_bounds` seed). -#}
{% macro salary_amount_issue(amount_sql, factor_sql, min_annual_sql, max_annual_sql) -%}
    (case
        when {{ amount_sql }} is null then null
        when {{ amount_sql }} <= 0 then 'non_positive'
        when {{ factor_sql }} is null then null
        when {{ amount_sql }} * {{ factor_sql }} < {{ min_annual_sql }} then 'absurd_low'
        when {{ amount_sql }} * {{ factor_sql }} > {{ max_annual_sql }} then 'absurd_high'
    end)
{%- endmacro %}
