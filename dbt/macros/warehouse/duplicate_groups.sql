{#- One job, many boards (issue 17): the same role at the same employer posted under several
    job_ids (LinkedIn, Indeed, the company's site, ...) shares one duplicate_group_key. The rule,
    for postings of any source:
      same employer lookup key, same normalised title, same city (and country) or both remote, and
      posted within board_copy_window_days (default 14) of the previous copy.
    A posting missing any of these (no employer key, title, place or posting time) is a group of
    its own, keyed like its job_posting_key. -#}

{#- The title as boards vary it: lower case; work-mode words ("- Remote", "(Hybrid)") and
    punctuation dropped; whitespace collapsed. -#}
{% macro board_copy_title(title_sql) -%}
    nullif(
        btrim(
            regexp_replace(
                regexp_replace(lower({{ title_sql }}), '\m(remote|hybrid|on-?site)\M', ' ', 'g'),
                '[^[:alnum:]+#]+', ' ', 'g'
            )
        ),
        ''
    )
{%- endmacro %}

{#- Everything but the posting time: the partition a posting's board copies are looked for in.
    Null when the posting cannot be matched (it is then a group of its own). -#}
{% macro board_copy_match_key(lookup_key_sql, title_sql, city_sql, country_sql, is_remote_sql) -%}
    case
        when
            {{ lookup_key_sql }} is not null
            and {{ board_copy_title(title_sql) }} is not null
            and (coalesce({{ is_remote_sql }}, false) or {{ city_sql }} is not null)
            then {{ surrogate_key([
                lookup_key_sql,
                board_copy_title(title_sql),
                "case when coalesce(" ~ is_remote_sql ~ ", false) then 'remote' else lower("
                    ~ city_sql ~ ") || ',' || coalesce(lower(" ~ country_sql ~ "), '') end",
            ]) }}
    end
{%- endmacro %}

{#- duplicate_group_key over a relation (or CTE) with job_id, board_copy_match_key and posted_at:
    within one match key, sorted by posting time, a copy posted more than the window after the
    previous one starts a new group; a group is keyed by its match key and its first posting time.
    Needs every posting of a match key in the relation (fact_jobs_stored re-decides whole match
    keys). Returns job_id, duplicate_group_key. -#}
{% macro board_copy_groups(relation) -%}
    select
        job_id,
        case
            when board_copy_match_key is null or posted_at is null
                then {{ surrogate_key(['job_id']) }}
            else {{ surrogate_key([
                'board_copy_match_key',
                'min(posted_at) over (partition by board_copy_match_key, group_number)',
            ]) }}
        end as duplicate_group_key
    from (
        select
            job_id,
            board_copy_match_key,
            posted_at,
            sum(starts_group) over (
                partition by board_copy_match_key
                order by posted_at, job_id
                rows between unbounded preceding and current row
            ) as group_number
        from (
            select
                job_id,
                board_copy_match_key,
                posted_at,
                case
                    when
                        posted_at - lag(posted_at) over (
                            partition by board_copy_match_key order by posted_at, job_id
                        ) <= interval '{{ var("board_copy_window_days") }} days'
                        then 0
                    else 1
                end as starts_group
            from {{ relation }}
        ) as gaps
    ) as numbered
{%- endmacro %}
