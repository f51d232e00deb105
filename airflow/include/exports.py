"""The weekly export DAG's settings and shell commands. Values reach the commands through the
operator's environment (`env=`), never pasted into shell text."""

import os

from .paths import DBT_EXECUTABLE, DBT_PROJECT_DIR, JOBCTL

DAG_ID = "jobs_export_weekly"
# Sundays 06:00, an hour before the daily run starts.
SCHEDULE = "0 6 * * 0"
TIMEZONE = "America/Toronto"
TAGS = ["jobs", "export", "bi"]

# The analytics views' data tests are code checks the daily run leaves out (dbt_project.yml):
# this DAG runs them before it publishes.
DBT_ENV = {"DBT_ANALYTICS_TESTS": "true"}
EXPORT_ENV = {
    "EXPORT_URL": os.environ.get("EXPORT_URL", "file://out/exports"),
    # The partition is the run's logical date, so a re-run of the same week overwrites its own files.
    "EXPORT_DATE": "{{ ds }}",
}


def dbt_command(verb: str) -> str:
    return (
        f"'{DBT_EXECUTABLE}' {verb} --select path:models/analytics"
        f" --project-dir '{DBT_PROJECT_DIR}' --profiles-dir '{DBT_PROJECT_DIR}'"
        # Its own target folder: the daily DAG's Cosmos renders from target/manifest.json.
        " --target-path target/export-dag"
    )


def export_command() -> str:
    return f'{JOBCTL} export --format parquet --to "$EXPORT_URL" --date "$EXPORT_DATE"'
