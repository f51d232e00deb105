"""Weekly analytics export: refresh the analytics views, test them, then write fact_jobs,
dim_companies, dim_ranking and the analytics models as Parquet under EXPORT_URL
(default file://out/exports), partitioned by the run's logical date (dt=YYYY-MM-DD).

Sundays at 06:00 (before the daily run); trigger on demand with: airflow dags test jobs_export_weekly
"""

import sys
from pathlib import Path

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # makes airflow/include importable

from include import exports
from include.callbacks import on_task_failure
from include.settings import task_defaults

default_args = task_defaults(on_failure_callback=on_task_failure)


def shell_task(task_id: str, command: str, env: dict[str, str]) -> BashOperator:
    """One step as a shell command from the repository root, with the worker's environment plus env."""
    return BashOperator(task_id=task_id, bash_command=command, env=env, append_env=True, cwd=exports.CWD)


with DAG(
    dag_id=exports.DAG_ID,
    description="analytics views -> their data tests -> Parquet export of marts and analytics",
    schedule=exports.SCHEDULE,
    start_date=pendulum.datetime(2026, 1, 4, tz=exports.TIMEZONE),
    catchup=False,
    max_active_runs=1,
    tags=exports.TAGS,
    default_args=default_args,
    doc_md=__doc__,
) as dag:
    build_analytics = shell_task("build_analytics", exports.dbt_command("run"), exports.DBT_ENV)
    test_analytics = shell_task("test_analytics", exports.dbt_command("test"), exports.DBT_ENV)
    export_files = shell_task("export_files", exports.export_command(), exports.EXPORT_ENV)

    build_analytics >> test_analytics >> export_files
