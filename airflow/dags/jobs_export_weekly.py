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
    build_analytics = BashOperator(
        task_id="build_analytics",
        bash_command=exports.dbt_command("run"),
        env=exports.DBT_ENV,
        append_env=True,
        cwd=exports.CWD,
    )
    test_analytics = BashOperator(
        task_id="test_analytics",
        bash_command=exports.dbt_command("test"),
        env=exports.DBT_ENV,
        append_env=True,
        cwd=exports.CWD,
    )
    export_files = BashOperator(
        task_id="export_files",
        bash_command=exports.export_command(),
        env=exports.EXPORT_ENV,
        append_env=True,
        cwd=exports.CWD,
    )

    build_analytics >> test_analytics >> export_files
