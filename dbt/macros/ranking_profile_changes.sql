{#- The per-profile ranking models (dim_ranking, int_ranking__profile_concepts) keep, on every row, the
    profile_updated_at of the settings it was made for, and all rows of a profile carry the same one
    (an edited profile's rows are removed before it is worked out again). So one row per profile
    tells which settings a profile's rows were made for: a skip scan of the model's profile_id index
    visits one row per profile instead of reading every row (dim_ranking holds millions). -#}
{% macro stored_profile_stamps() -%}
    with recursive stored_profiles as (
        (
            select
                stored.profile_id,
                stored.profile_updated_at
            from {{ this }} as stored
            order by stored.profile_id
            limit 1
        )
        union all
        select
            next_profile.profile_id,
            next_profile.profile_updated_at
        from stored_profiles
        cross join lateral (
            select
                stored.profile_id,
                stored.profile_updated_at
            from {{ this }} as stored
            where stored.profile_id > stored_profiles.profile_id
            order by stored.profile_id
            limit 1
        ) as next_profile
    )
{%- endmacro %}

{#- The profiles whose rows in this model were made for settings they no longer have, as
    {'to_rescore': [...], 'stale': [...]}, listed when the model runs so that the SQL gets them as
    literals (the planner then knows how few they are). to_rescore: the active ones to work out from
    scratch (new, or edited since). stale: the stored ones whose rows are out of date (edited, or gone
    from profile_preferences), which dim_ranking's pre-hook removes; it reads the same comparison, so
    the lists hold before and after the hook. -#}
{% macro ranking_profile_changes() -%}
    {%- set changes = {'to_rescore': [], 'stale': []} -%}
    {%- if not execute -%}
        {{- return(changes) -}}
    {%- endif -%}
    {%- set profiles_sql -%}
        {{ stored_profile_stamps() }}

        select
            coalesce(profiles.profile_id, stored_profiles.profile_id) as profile_id,
            coalesce(profiles.is_active, false) as is_active,
            stored_profiles.profile_id is not null as is_stored
        from {{ ref('profile_preferences') }} as profiles
        full join stored_profiles
            on profiles.profile_id = stored_profiles.profile_id
        where
            profiles.profile_id is null
            or stored_profiles.profile_id is null
            or profiles.updated_at is distinct from stored_profiles.profile_updated_at
        order by 1
    {%- endset -%}
    {%- for row in run_query(profiles_sql).rows -%}
        {%- if row[1] -%}{%- do changes['to_rescore'].append(row[0] | int) -%}{%- endif -%}
        {%- if row[2] -%}{%- do changes['stale'].append(row[0] | int) -%}{%- endif -%}
    {%- endfor -%}
    {{- return(changes) -}}
{%- endmacro %}
