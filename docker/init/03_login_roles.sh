#!/usr/bin/env bash
# Compose only, first start: one login role per service instead of the postgres superuser.
#   jobs_app  the pipeline (Airflow's tasks: loaders, dbt, notifier; the dbt and jobctl tools):
#             owns the raw/staging/marts schemas, so what dbt creates is its own
#   jobs_ui   the profile app: reads the marts, writes profiles (grants in 01 and the dbt hooks)
#   airflow   Airflow's metadata database
# jobs_loader and jobs_bi stay group roles; grant them to a login role of your own when needed.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v app_password="$JOBS_APP_PASSWORD" -v ui_password="$JOBS_UI_PASSWORD" \
    -v airflow_password="$AIRFLOW_DB_PASSWORD" <<'SQL'
alter role jobs_app with login password :'app_password';
alter role jobs_ui with login password :'ui_password';
select 'create role airflow login' where not exists (select from pg_roles where rolname = 'airflow')
\gexec
alter role airflow with login password :'airflow_password';
alter database airflow owner to airflow;
alter schema raw owner to jobs_app;
alter schema staging owner to jobs_app;
alter schema marts owner to jobs_app;
-- The owner's tables get the same grants as the postgres-created ones (01_create_schemas.sql).
set role jobs_app;
\i /docker-entrypoint-initdb.d/01_create_schemas.sql
reset role;
SQL
