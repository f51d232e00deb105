{#- dim_ranking's incremental runs: the active profiles to score from scratch, new or edited since
    their rows were scored (the pre-hook removes an edited profile's old rows; this reads the same
    condition, so it holds before and after the hook). Listed when the model runs and written into
    its SQL as literals, so the planner knows how few they are. -#}
{% macro ranking_profiles_to_rescore() -%}
    {%- set profiles_sql -%}
        select profiles.profile_id
        from {{ ref('profile_preferences') }} as profiles
        where
            profiles.is_active
            and not exists (
                select 1
                from {{ this }} as ranked
                where
                    ranked.profile_id = profiles.profile_id
                    and ranked.profile_updated_at is not distinct from profiles.updated_at
            )
        order by profiles.profile_id
    {%- endset -%}
    {{- return(run_query(profiles_sql).columns[0].values() | map('int') | list if execute else []) -}}
{%- endmacro %}
