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

{#- Incremental runs: the active profiles to work out from scratch, new or edited since their rows in
    this model were made (dim_ranking's pre-hook removes an edited profile's old rows; this reads the
    same condition, so it holds before and after the hook). Listed when the model runs and written
    into its SQL as literals, so the planner knows how few they are. -#}
{% macro ranking_profiles_to_rescore() -%}
    {%- set profiles_sql -%}
        {{ stored_profile_stamps() }}

        select profiles.profile_id
        from {{ ref('profile_preferences') }} as profiles
        where
            profiles.is_active
            and not exists (
                select 1
                from stored_profiles
                where
                    stored_profiles.profile_id = profiles.profile_id
                    and stored_profiles.profile_updated_at is not distinct from profiles.updated_at
            )
        order by profiles.profile_id
    {%- endset -%}
    {{- return(run_query(profiles_sql).columns[0].values() | map('int') | list if execute else []) -}}
{%- endmacro %}

{#- dim_ranking's pre-hook: the profiles whose stored rows were made for settings they no longer have
    (edited, or gone from profile_preferences). -#}
{% macro ranking_stale_profiles() -%}
    {%- set profiles_sql -%}
        {{ stored_profile_stamps() }}

        select stored_profiles.profile_id
        from stored_profiles
        where not exists (
            select 1
            from {{ ref('profile_preferences') }} as profiles
            where
                profiles.profile_id = stored_profiles.profile_id
                and profiles.updated_at is not distinct from stored_profiles.profile_updated_at
        )
        order by stored_profiles.profile_id
    {%- endset -%}
    {{- return(run_query(profiles_sql).columns[0].values() | map('int') | list if execute else []) -}}
{%- endmacro %}
