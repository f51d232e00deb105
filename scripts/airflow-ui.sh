#!/usr/bin/env bash
# make airflow-ui: Airflow 3's UI (api-server) with a scheduler, dag-processor and triggerer, on
# loopback, against the project's Airflow home and database — for people who want to see the
# jobs_etl_daily DAG, its Cosmos task groups, trigger runs and read task logs.
# Runs inside scripts/with-db (DATABASE_URL, PG*, DBT_* are set); mk/airflow.mk prepared the dbt
# manifest and Airflow's metadata DB. Without JSEARCH_API_KEY it starts the bundled fake
# JSearch/Glassdoor API and an SMTP sink (as make demo does), so triggered runs work offline.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

export AIRFLOW_HOME="${AIRFLOW_HOME:-$root/.local/airflow/$PGDATABASE}"
export AIRFLOW__CORE__LOAD_EXAMPLES=False
export AIRFLOW__CORE__DAGS_FOLDER="$root/airflow/dags"
# The DAG files import airflow/include as `include`.
export PYTHONPATH="$root/airflow${PYTHONPATH:+:$PYTHONPATH}"
host="${AIRFLOW_UI_HOST:-127.0.0.1}"
port="${AIRFLOW_UI_PORT:-8080}"
export AIRFLOW__API__HOST="$host" AIRFLOW__API__PORT="$port" AIRFLOW__API__BASE_URL="http://$host:$port"
# The standalone runner starts its components as `airflow …` from PATH.
export PATH="$root/.venv/airflow/bin:$PATH"
state="$root/.local/airflow-ui"
mkdir -p "$state"

service_error=AirflowUiError
# shellcheck source=scripts/lib/services.sh
. "$root/scripts/lib/services.sh"

if [[ -z "${JSEARCH_API_KEY:-}" ]]; then
  start fake-api npx --no-install jobctl fake-api --port 0 --seed 42
  api_url=$(json_field "$announced" url)
  start smtp-sink npx --no-install jobctl smtp-sink --port 0 --dir "$root/out/mail-received/$PGDATABASE"
  sink_port=$(json_field "$announced" port)
  export JSEARCH_BASE_URL="$api_url" GLASSDOOR_BASE_URL="$api_url" JSEARCH_API_KEY=demo-key GLASSDOOR_API_KEY=demo-key
  unset JSEARCH_RAPIDAPI_HOST GLASSDOOR_RAPIDAPI_HOST
  export SMTP_URL="smtp://127.0.0.1:$sink_port" MAIL_FROM="${MAIL_FROM:-Job digest <digest@demo.localhost>}"
  echo "no JSEARCH_API_KEY: runs use the fake API at $api_url and the SMTP sink on 127.0.0.1:$sink_port"
fi
export JOBS_MAIL_OUTBOX="${JOBS_MAIL_OUTBOX:-$root/out/mail/$PGDATABASE}"

passwords="$AIRFLOW_HOME/simple_auth_manager_passwords.json.generated"
cat <<INFO

Airflow UI:  http://$host:$port   (loopback only; Ctrl-C stops every component)
Log in as:   admin — the password is generated on the first start and printed below by Airflow;
             later it is in $passwords
Database:    $PGDATABASE on $PGHOST:$PGPORT    Airflow home: $AIRFLOW_HOME
Trigger:     DAGs → jobs_etl_daily → Trigger (optional config {"profile_id": N} runs one profile)

INFO
# Not exec: the EXIT trap must stop the fake API and the sink when Airflow stops.
airflow standalone
