{#- The warehouse's data version (models/config/data_version.sql): one bigint that every writer of
    what the profile app's pages read moves in the same transaction as its write, so a reader that
    sees an unchanged version knows those tables have not changed (the app's page cache relies on
    it). Writes through SQL (the UI's profile edits, the DAG's run metrics) bump it by the
    statement-level triggers data_version_triggers() adds; dbt builds of the marts by the marts'
    post-hook bump_data_version(). Both update the one row, so concurrent writers queue on it
    briefly (from their write to their commit); readers never wait. -#}

{#- Post-hook of the marts (dbt_project.yml): runs inside the model's transaction, so the new
    version commits together with the rebuilt table. Does nothing before init-db has created the
    version table (then the app does not cache). -#}
{% macro bump_data_version() -%}
    do $$
    begin
        if to_regclass('marts.data_version') is not null then
            update marts.data_version set data_version = data_version + 1, changed_at = now();
        end if;
    end
    $$
{%- endmacro %}

{#- Post-hooks of the version table itself: the trigger function and, on each table written
    outside dbt that the pages read, a statement-level trigger calling it. Idempotent (create or
    replace). The function names the table without its database: test warehouses are clones of a
    template under another name. security definer: the writers (jobs_ui, the loaders) need no
    privilege on the version table, and cannot set it to anything but "changed". -#}
{% macro data_version_triggers(tables) -%}
    create or replace function {{ this.schema }}.bump_data_version() returns trigger
    language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
    begin
        -- A missing version table (dropped by hand) must not block the writers; the app then does not cache.
        if to_regclass('{{ this.schema }}.{{ this.identifier }}') is not null then
            update {{ this.schema }}.{{ this.identifier }} set data_version = data_version + 1, changed_at = now();
        end if;
        return null;
    end
    $$;
    {%- for table in tables %}
    create or replace trigger bump_data_version
        after insert or update or delete or truncate on {{ table }}
        for each statement execute function {{ this.schema }}.bump_data_version();
    {%- endfor %}
{%- endmacro %}
