-- Schemas for the warehouse layers, plus least-privilege roles (architecture.md, "Roles and least privilege").
-- Safe to run any number of times; compose mounts it at /docker-entrypoint-initdb.d.
-- Tables are created by dbt, never here. Also runs as jobs_app (the schemas' owner in compose,
-- docker/init/03_login_roles.sh): whatever exists is left alone, so no superuser right is needed.
do $$
declare
    layer text;
begin
    foreach layer in array array['raw', 'staging', 'marts', 'analytics'] loop
        if not exists (select from pg_namespace where nspname = layer) then
            execute format('create schema %I', layer);
        end if;
    end loop;
end
$$;

do $$
begin
    -- jobs_app: owner-level application role used by the pipeline (loaders, dbt, notifier).
    if not exists (select from pg_roles where rolname = 'jobs_app') then
        create role jobs_app nologin;
    end if;
    -- jobs_loader: lands raw data and works the enrichment queue; reads profiles and staging.
    if not exists (select from pg_roles where rolname = 'jobs_loader') then
        create role jobs_loader nologin;
    end if;
    -- jobs_ui: reads the marts, writes profiles only.
    if not exists (select from pg_roles where rolname = 'jobs_ui') then
        create role jobs_ui nologin;
    end if;
    -- jobs_bi: reads the marts only.
    if not exists (select from pg_roles where rolname = 'jobs_bi') then
        create role jobs_bi nologin;
    end if;
end
$$;

grant usage, create on schema raw, staging, marts to jobs_app;
-- Loaders read active profiles and employers to look up, and work the enrichment queue.
grant usage on schema raw, staging, marts to jobs_loader;
grant usage on schema marts to jobs_ui, jobs_bi;
grant usage on schema staging to jobs_ui;

-- Tables dbt creates later inherit these grants (those created by whoever runs this file: postgres
-- on a host, jobs_app in compose).
alter default privileges in schema raw grant select, insert, update on tables to jobs_loader;
alter default privileges in schema marts grant select on tables to jobs_ui, jobs_bi;
alter default privileges in schema staging grant select on tables to jobs_ui, jobs_loader;
alter default privileges in schema raw, staging, marts grant all on tables to jobs_app;

-- BI: the analytics models (one per dashboard, aggregates without personal data) for jobs_bi.
grant usage, create on schema analytics to jobs_app;
grant usage on schema analytics to jobs_bi;
alter default privileges in schema analytics grant select on tables to jobs_bi;
alter default privileges in schema analytics grant all on tables to jobs_app;

-- The profile app's /insights page reads the analytics views as jobs_ui.
grant usage on schema analytics to jobs_ui;
alter default privileges in schema analytics grant select on tables to jobs_ui;
