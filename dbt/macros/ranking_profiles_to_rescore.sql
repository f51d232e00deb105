{#- The incremental runs of the per-profile ranking models (dim_ranking, int_ranking__profile_concepts):
    the active profiles to work out from scratch, new or edited since their rows in this model were
    made (dim_ranking's pre-hook removes an edited profile's old rows; this reads the same condition,
    so it holds before and after the hook). Listed when the model runs and written into its SQL as
    literals, so the planner knows how few they are. -#}
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
