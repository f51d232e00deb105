#!/usr/bin/env bash
# Create the schemas and the landing/configuration tables (the DAG's initialize_tables step).
# Idempotent; says which tables it created and which it found; exits non-zero if it cannot.
# Expects the PG*/DBT_* environment from scripts/with-db.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dbt="${DBT_EXECUTABLE:-$root/.venv/dbt/bin/dbt}"
tables=(raw.jsearch_job_postings raw.glassdoor_companies raw.dwh_loads raw.dwh_load_archives raw.quarantine
        raw.board_job_postings raw.board_fetches marts.board_sources
        marts.pipeline_task_outcomes marts.pipeline_run_metrics marts.notification_log
        staging.company_enrichment_queue marts.profile_preferences marts.job_feedback marts.data_version
        marts.app_users marts.app_sessions marts.app_sign_in_tokens marts.app_audit_log)

existing() {
  psql -XAtq -v ON_ERROR_STOP=1 -c "select string_agg(table_schema || '.' || table_name, ' ')
    from information_schema.tables where table_schema in ('raw', 'staging', 'marts')"
}

if ! psql -XAtq -c 'select 1' >/dev/null 2>&1; then
  echo "InitDbError: cannot connect to PostgreSQL at ${PGHOST}:${PGPORT}/${PGDATABASE}" >&2
  exit 1
fi
before=" $(existing) "
# "if not exists" answers every second run with NOTICEs ("schema … already exists, skipping"):
# noise, since this script reports created/verified itself. Warnings and errors still show.
PGOPTIONS="${PGOPTIONS:+$PGOPTIONS }-c client_min_messages=warning" \
  psql -XAtq -v ON_ERROR_STOP=1 -f "$root/docker/init/01_create_schemas.sql" >/dev/null
"$dbt" run --quiet --project-dir "$root/dbt" --profiles-dir "$root/dbt" --select tag:landing tag:config
after=" $(existing) "

status=0
for table in "${tables[@]}"; do
  if [[ "$after" != *" $table "* ]]; then
    echo "init-db: MISSING  $table" >&2
    status=1
  elif [[ "$before" == *" $table "* ]]; then
    echo "init-db: verified $table"
  else
    echo "init-db: created  $table"
  fi
done
[[ $status -eq 0 ]] || { echo "InitDbError: some tables could not be created" >&2; exit 1; }
