#!/usr/bin/env bash
# make demo: run the real jobs_etl_daily DAG once, end to end, against the bundled fake JSearch and
# Glassdoor APIs and a local SMTP sink, then print what it made and where to look.
# Runs inside scripts/with-db (DATABASE_URL, PG*, DBT_* are set); mk/airflow.mk prepared the dbt
# manifest and Airflow's metadata DB. Safe to run again: profiles are reused, dbt is incremental,
# and only new jobs are mailed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

export AIRFLOW_HOME="${AIRFLOW_HOME:-$root/.local/airflow/$PGDATABASE}"
export AIRFLOW__CORE__LOAD_EXAMPLES=False
export AIRFLOW__CORE__DAGS_FOLDER="$root/airflow/dags"
# The DAG files import airflow/include as `include`.
export PYTHONPATH="$root/airflow${PYTHONPATH:+:$PYTHONPATH}"
# Short retry backoff for a demo (production default: 60 s doubling up to 15 min).
export PIPELINE_RETRY_DELAY_S="${PIPELINE_RETRY_DELAY_S:-5}"
airflow="$root/.venv/airflow/bin/airflow"
jobctl=(npx --no-install jobctl)
state="$root/.local/demo"
# out/ is shared by every DATABASE_URL: what depends on the database goes in a folder named after it.
outbox="$root/out/mail/$PGDATABASE"
received="$root/out/mail-received/$PGDATABASE"
export JOBS_MAIL_OUTBOX="$outbox"
mkdir -p "$state" "$outbox" "$received" "$root/out/demo"
started=$SECONDS

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

# --- background services, stopped on exit ----------------------------------------------------
service_error=DemoError
# shellcheck source=scripts/lib/services.sh
. "$root/scripts/lib/services.sh"

say "Starting the fake JSearch/Glassdoor API and the SMTP sink"
# --showcase: a blocked employer, a dismissed job, an expired posting and one job on three boards.
start fake-api "${jobctl[@]}" fake-api --port 0 --seed 42 --showcase
api_url=$(json_field "$announced" url)
start smtp-sink "${jobctl[@]}" smtp-sink --port 0 --dir "$received"
sink_port=$(json_field "$announced" port)
# Chat alerts go to a local webhook sink (a Slack-compatible endpoint on loopback).
chat_received="$root/out/chat-received/$PGDATABASE"
start chat-sink "${jobctl[@]}" chat-sink --port 0 --dir "$chat_received"
chat_url=$(json_field "$announced" url)
echo "fake APIs: $api_url    SMTP sink: 127.0.0.1:$sink_port (writes $received)    chat sink: $chat_url (writes $chat_received)"

export JSEARCH_BASE_URL="$api_url" GLASSDOOR_BASE_URL="$api_url"
# The fake API serves every career-board ATS too (issue 21).
export GREENHOUSE_BASE_URL="$api_url" LEVER_BASE_URL="$api_url" ASHBY_BASE_URL="$api_url"
export JSEARCH_API_KEY=demo-key GLASSDOOR_API_KEY=demo-key
unset JSEARCH_RAPIDAPI_HOST GLASSDOOR_RAPIDAPI_HOST
export SMTP_URL="smtp://127.0.0.1:$sink_port" MAIL_FROM="Job digest <digest@demo.localhost>"
export UI_PUBLIC_URL="${UI_PUBLIC_URL:-http://127.0.0.1:3000}"

say "Database ${PGHOST}:${PGPORT}/${PGDATABASE}: schemas, landing tables, demo profiles"
# The DAG's initialize_tables creates/verifies the tables too; here only the profile table must
# exist before the demo profiles go in, so a warm demo skips this dbt run.
if [[ "$(psql -XAtq -c "select to_regclass('marts.profile_preferences') is not null")" != t ]]; then
  bash scripts/init-db.sh
fi
psql -XAq -v ON_ERROR_STOP=1 -P pager=off -F ' | ' -f scripts/demo/profiles.sql
# The demo admin of the profile app (issue 22); it owns the demo profiles (unowned ones go to the
# first admin). Idempotent.
demo_admin="${DEMO_ADMIN_EMAIL:-admin@demo.localhost}"
"${jobctl[@]}" users invite "$demo_admin" --admin >"$root/out/demo/users-invite.json"
echo "profile app admin: $demo_admin ($(cat "$root/out/demo/users-invite.json"))"
# The Toronto profile also alerts a chat channel: this run's sink (its port changes every run).
psql -XAq -v ON_ERROR_STOP=1 -v hook="$chat_url/services/demo/data-engineer" <<<"update marts.profile_preferences
  set chat_webhook_url = :'hook' where profile_name = 'Demo: data engineer in Toronto';"
# Two watched career boards on the fake API, one Greenhouse and one Lever (re-adding keeps them).
"${jobctl[@]}" boards add --ats greenhouse --board acme-analytics --company "Acme Analytics" >/dev/null
"${jobctl[@]}" boards add --ats lever --board northwind-traders --company "Northwind Traders" >/dev/null
echo "watched boards: greenhouse/acme-analytics, lever/northwind-traders (jobctl boards list)"

say "Running the DAG: airflow dags test jobs_etl_daily (log: out/demo/airflow-dags-test.log)"
dag_started=$SECONDS
touch "$state/dag-started"
status=0
"$airflow" dags test jobs_etl_daily >"$root/out/demo/airflow-dags-test.log" 2>&1 || status=$?
echo "DAG run finished in $((SECONDS - dag_started)) s with exit code $status (database $PGDATABASE)"
# Airflow's own run list lives in $AIRFLOW_HOME, one per project database (mk/airflow.mk).
echo "Airflow's run history for $PGDATABASE: $AIRFLOW_HOME"
if [[ $status -ne 0 ]]; then
  echo "DemoError: the DAG run failed. Last error lines of out/demo/airflow-dags-test.log:" >&2
  grep -E '"event": "task_failed"|Error:|ERROR' "$root/out/demo/airflow-dags-test.log" | tail -n 15 >&2 || true
fi

psql -X -q -P pager=off -f scripts/demo/report.sql

say "Raw archive (gzip NDJSON + manifest per load; restore with jobctl archive-restore)"
node scripts/demo/archive.mjs || echo "(the archive summary could not be read)"

say "Analytics exports (jobctl export: Parquet per table, see Project Documentation/exports.md)"
exports="$root/out/exports/$PGDATABASE"
if "${jobctl[@]}" export --to "file://$exports" >"$root/out/demo/export.json" 2>"$root/out/demo/export.log"; then
  echo "export location: file://$exports"
  node scripts/demo/exports.mjs "$root/out/demo/export.json" || echo "(the exported files could not be read back)"
else
  echo "(jobctl export failed: $(tail -n 1 "$root/out/demo/export.log"))"
fi

say "Emails"
eml=$(find "$outbox" -maxdepth 1 -name '*.eml' | wc -l)
html=$(find "$outbox" -maxdepth 1 -name '*.html' | wc -l)
fresh=$(find "$outbox" -maxdepth 1 -name '*.eml' -newer "$state/dag-started" | wc -l)
echo "outbox of database $PGDATABASE: $outbox ($eml .eml, $html .html in all; $fresh digest(s) from this run — only new jobs are mailed)"
find "$outbox" -maxdepth 1 -type f \( -name '*.eml' -o -name '*.html' \) -printf '%T@ %p\n' | sort -rn | head -n 6 | cut -d' ' -f2-
echo "delivered to the SMTP sink: $received ($(find "$received" -type f | wc -l) files)"
# Per profile: sent, or why not (the reason is otherwise only in the Airflow log).
psql -X -q -P pager=off -f scripts/demo/digests.sql
echo "chat alerts delivered to the chat sink: $chat_received ($(find "$chat_received" -type f -newer "$state/dag-started" | wc -l) from this run, $(find "$chat_received" -type f | wc -l) in all; each is recorded first in marts.notification_log as chat-alert:<digest>, so it is posted once)"

say "dbt docs and data-quality report"
# The report reads the artifacts of the run's own `dbt test` (kept by the dbt_tests task).
artifacts="$AIRFLOW_HOME/dbt-test-artifacts"
if [[ -f "$artifacts/run_results.json" ]] \
  && DBT_TARGET_PATH="$artifacts" make --no-print-directory docs >"$root/out/demo/docs.log" 2>&1; then
  echo "dbt docs site:       $root/out/docs/index.html"
  echo "data-quality report: $root/out/dq-report/index.html (runs of database $PGDATABASE only)"
else
  echo "(make docs did not complete; see out/demo/docs.log)"
fi

say "Sign in to the profile app"
echo "1. make ui        (serves http://127.0.0.1:3000; sign-in mails go to out/mail/$PGDATABASE/sign-in/)"
echo "2. open http://127.0.0.1:3000/login and ask for a link for $demo_admin"
echo "3. open the newest out/mail/$PGDATABASE/sign-in/sign-in-*.html (or .eml) and follow its link (once, within 15 min)"
echo "   More accounts: npx jobctl users invite someone@example.com [--admin], or the app's Users page."

say "Done in $((SECONDS - started)) s. Run make demo again for an incremental run."
exit "$status"
