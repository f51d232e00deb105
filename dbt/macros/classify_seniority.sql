{#-
    classify_seniority(title_sql, description_sql) -> text SQL expression, or null.
    Rules and their order are documented in _enrichment_macros.yml; tests in
    tests/macros/. Case-insensitive regexes with word boundaries (\m, \M); the title is
    short, and description rules are plain alternations (no backtracking-prone nesting).
-#}
{% macro seniority_title_rules() -%}
    {#- (level, pattern) in precedence order: the first rule that matches the title wins. -#}
    {{ return([
        ('intern', '\\m(intern|interns|internship|co-op|apprentice|apprenticeship|trainee)\\M'),
        ('executive', '\\m(chief|ceo|cto|cfo|coo|cio|ciso|cmo|cpo|president|vp|svp|evp|avp|vice[- ]president|managing director)\\M'),
        ('director', '\\m(director|head of)\\M'),
        ('principal', '\\mprincipal\\M|\\ml(7|8|9)\\M'),
        ('staff', '\\mstaff (software |data |ml |machine learning |backend |back-end |frontend |front-end |full[- ]stack |platform |infrastructure |security |site reliability |cloud |research |product |ux )?(engineer|developer|scientist|architect|designer|researcher|manager)|\\ml6\\M'),
        ('lead', '\\m(lead|leader)\\M(?! ?gen)'),
        ('manager', '\\m(manager|mgr|supervisor)\\M'),
        ('senior', '\\m(senior|sr|snr)\\M|\\ml5\\M|\\miii\\M'),
        ('junior', '\\m(junior|jr|entry[- ]level|graduate|new grad)\\M|\\massociate (software|data|engineer|developer|analyst|scientist|consultant)|\\ml3\\M|\\m(i|1)\\M *($|[-,(/|:])'),
        ('mid', '\\m(mid[- ]level|mid|intermediate)\\M|\\ml4\\M|\\m(ii|2)\\M *($|[-,(/|:])'),
        ('lead', '\\m(iv|v)\\M *($|[-,(/|:])'),
    ]) }}
{%- endmacro %}

{% macro seniority_description_rules() -%}
    {#- Explicit level phrases only: "work with senior engineers" must not make a posting senior. -#}
    {{ return([
        ('intern', 1, '\\m(internship|internships|co-op program)\\M'),
        ('junior', 2, '\\m(entry[- ]level|junior[- ]level|new grads?|recent graduates?)\\M'),
        ('mid', 3, '\\mmid[- ]level\\M'),
        ('senior', 4, '\\msenior[- ]level\\M'),
        ('executive', 8, '\\m(executive[- ]level|c-suite)\\M'),
    ]) }}
{%- endmacro %}

{#- Words of a perks or benefits sentence: a level phrase in one is not the job's level. -#}
{% macro seniority_perks_pattern() -%}
    \m(equity|stock|options?|benefits?|perks?|401 ?\(?k\)?|insurance|pto|paid time off|bonus(es)?|compensation|vacation|dental|medical|wellness|reimburse(ment|d)?|package)\M
{%- endmacro %}

{% macro classify_seniority(title_sql, description_sql) -%}
    {#- Each description regex runs once per posting (their hits are collected as rule numbers
        behind an offset-0 fence), and the years regex only when phrases conflict. -#}
    {%- set description_rules = seniority_description_rules() -%}
    {#- The rules' levels and ranks as SQL arrays, indexed by rule number. -#}
    {%- set rule_levels = "array['" ~ description_rules | map(attribute=0) | join("', '") ~ "']" -%}
    {%- set rule_ranks = "array[" ~ description_rules | map(attribute=1) | join(", ") ~ "]" -%}
    coalesce(
        case
            {%- for level, pattern in seniority_title_rules() %}
                when {{ title_sql }} ~* '{{ pattern }}' then '{{ level }}'
            {%- endfor %}
        end,
        (
            select
                case
                    when cardinality(description_hits.rule_numbers) = 1
                        then ({{ rule_levels }})[description_hits.rule_numbers[1]]
                    -- Conflicting phrases: the years of experience asked for break the tie.
                    when cardinality(description_hits.rule_numbers) > 1
                        then (
                            select candidate.level
                            from
                                unnest({{ rule_levels }}, {{ rule_ranks }})
                                    with ordinality as candidate (level, level_rank, rule_number)
                            cross join (
                                select
                                    cast(
                                        substring(
                                            {{ description_sql }}
                                            from '(?i)\m(\d{1,2})\+? *(?:-|to)? *(?:\d{1,2})? *\+? *(?:years?|yrs?)\M'
                                        )
                                        as integer
                                    ) as years
                            ) as experience
                            where
                                candidate.rule_number = any(description_hits.rule_numbers)
                                and experience.years is not null
                            order by
                                abs(
                                    candidate.level_rank
                                    - case
                                        when experience.years < 2 then 2
                                        when experience.years < 5 then 3
                                        when experience.years < 8 then 4
                                        else 5
                                    end
                                ),
                                candidate.level_rank desc
                            limit 1
                        )
                end
            from (
                select
                    array_remove(array[
                        {%- for level, level_rank, pattern in description_rules %}
                            case
                                when {{ description_sql }} ~* '{{ pattern }}'
                                    then case
                                        -- The sentence around the first hit: a perks sentence
                                        -- ("executive level equity options") says nothing of the job.
                                        when substring(
                                            {{ description_sql }}
                                            from '(?i)([^.!?;\n]*(?:{{ pattern }})[^.!?;\n]*)'
                                        ) !~* '{{ seniority_perks_pattern() }}'
                                            then {{ loop.index }}
                                    end
                            end
                            {{- "," if not loop.last }}
                        {%- endfor %}
                    ], null) as rule_numbers
                from (values (1)) as single_row (row_number)
                offset 0
            ) as description_hits
        )
    )
{%- endmacro %}
