{#- Row-level security of the profile app (issue 22). The app connects as a member of jobs_ui and
    runs each request in a transaction that first does
        select set_config('app.user_id', '<id>', true)
    The policies below read it through marts.app_user_id(). A jobs_ui session that never set it
    sees no owned row at all. Admins (app_users.role = 'admin', not disabled) see every row.
    The signed-token routes (ui/src/routes/t/: feedback, unsubscribe; nobody signed in) set
    'app.token_profile_id' instead, after verifying their token: they see that one profile.

    Who is not filtered: the tables' owner (jobs_app in compose: loaders, dbt, notifier) and
    superusers (the embedded/dev setup), because RLS is enabled but not forced; and the jobs_loader
    and jobs_bi group roles, which get a permissive read-everything policy (their grants still
    decide which tables they may read at all: jobs_bi none of the personal ones).

    Use: "{{ owner_row_security() }}" on a table with owner_user_id (profile_preferences);
    "{{ profile_row_security() }}" on any table or incremental mart keyed by profile_id (its rows
    are visible when the profile is, decided by profile_preferences' own policy).
    All idempotent: safe in every run's post-hook. -#}

{% macro app_user_functions() -%}
    create or replace function {{ this.schema }}.app_user_id() returns bigint
    language sql stable
    as $fn$ select nullif(current_setting('app.user_id', true), '')::bigint $fn$;
    create or replace function {{ this.schema }}.app_token_profile_id() returns bigint
    language sql stable
    as $fn$ select nullif(current_setting('app.token_profile_id', true), '')::bigint $fn$;
    create or replace function {{ this.schema }}.app_user_is_admin() returns boolean
    language sql stable
    as $fn$
        select exists (
            select from {{ this.schema }}.{{ this.identifier }}
            where user_id = {{ this.schema }}.app_user_id() and role = 'admin' and disabled_at is null
        )
    $fn$
{%- endmacro %}

{% macro _row_policies(visible) -%}
    do $rls$
    begin
        alter table {{ this }} enable row level security;
        drop policy if exists app_user_rows on {{ this }};
        if exists (select from pg_roles where rolname = 'jobs_ui') then
            create policy app_user_rows on {{ this }} to jobs_ui
                using ({{ visible }}) with check ({{ visible }});
        end if;
        drop policy if exists pipeline_reads_all on {{ this }};
        if exists (select from pg_roles where rolname = 'jobs_loader') then
            create policy pipeline_reads_all on {{ this }} for select to jobs_loader using (true);
        end if;
        -- BI keeps reading what its grants allow (dim_ranking, run metrics); the personal tables
        -- (profile_preferences, notification_log) stay revoked from it, policy or not.
        drop policy if exists bi_reads_all on {{ this }};
        if exists (select from pg_roles where rolname = 'jobs_bi') then
            create policy bi_reads_all on {{ this }} for select to jobs_bi using (true);
        end if;
    end
    $rls$
{%- endmacro %}

{% macro owner_row_security(owner_column='owner_user_id') -%}
    {{ _row_policies(owner_column ~ ' = marts.app_user_id() or marts.app_user_is_admin()'
        ~ ' or profile_id = marts.app_token_profile_id()') }}
{%- endmacro %}

{% macro profile_row_security(profile_column='profile_id', shared_when_null=false) -%}
    {%- set visible -%}
        {%- if shared_when_null %}{{ profile_column }} is null or {% endif -%}
        {{ profile_column }} in (select profile_id from marts.profile_preferences)
    {%- endset -%}
    {{ _row_policies(visible) }}
{%- endmacro %}

{#- Profiles made before accounts existed (or by the pipeline, the demo, a script) belong to the
    first admin once there is one. Safe to run twice: only rows without an owner change. -#}
{% macro assign_unowned_profiles() -%}
    update {{ this }}
    set owner_user_id = (select min(user_id) from marts.app_users where role = 'admin')
    where owner_user_id is null
        and exists (select from marts.app_users where role = 'admin')
{%- endmacro %}
