"""Weekly analytics export: refresh the analytics views, test them, then write fact_jobs,
dim_companies, dim_ranking and the analytics models as Parquet under EXPORT_URL
(default file://out/exports), partitioned by the run's logical date (dt=YYYY-MM-DD).

Sundays at 06:00 (before the daily run); trigger on demand with: airflow dags test jobs_export_weekly
"""

import pendulum
from airflow.sdk import DAG
from include import exports
from include.callbacks import on_task_failure
from include.settings import task_defaults
from include.tasks import shell_task

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
    build_analytics = shell_task("build_analytics", exports.dbt_command("run"), exports.DBT_ENV)
    test_analytics = shell_task("test_analytics", exports.dbt_command("test"), exports.DBT_ENV)
    export_files = shell_task("export_files", exports.export_command(), exports.EXPORT_ENV)

    build_analytics >> test_analytics >> export_files
