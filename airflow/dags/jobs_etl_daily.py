"""Daily job-postings pipeline: land JSearch and watched career-board postings, model them with
dbt, enrich companies, rank every job for every profile, test, and mail each profile its digest.

Trigger one profile only with: airflow dags test jobs_etl_daily -c '{"profile_id": 3}'
Configuration (paths, Cosmos configs, commands, metrics) lives in airflow/include/.
AIRFLOW__JOBS__EXECUTION_MODE=aws runs every step as an ECS task (include/execution.py).
"""

from itertools import pairwise

import pendulum
from airflow.providers.standard.operators.python import PythonOperator
from airflow.sdk import DAG, Param, TaskGroup, cross_downstream
from airflow.task.trigger_rule import TriggerRule
from cosmos import DbtTaskGroup
from include import dbt_groups, tasks
from include.callbacks import (
    finish_run,
    land_run_context,
    on_task_failure,
    on_task_success,
    record_dbt_test_results,
)
from include.logs import register_secrets_with_airflow
from include.pipeline import DAG_ID, FINAL_STEP, SCHEDULE, STEPS, TAGS, TIMEZONE, stages
from include.settings import task_defaults

register_secrets_with_airflow()

default_args = task_defaults(on_failure_callback=on_task_failure, on_success_callback=on_task_success)


def dbt_group(step: str) -> DbtTaskGroup:
    return DbtTaskGroup(
        group_id=step,
        project_config=dbt_groups.project_config(),
        profile_config=dbt_groups.PROFILE_CONFIG,
        execution_config=dbt_groups.execution_config(),
        render_config=dbt_groups.render_config(step),
        operator_args=dbt_groups.operator_args(),
    )


def initialize_tables() -> TaskGroup:
    with TaskGroup("initialize_tables") as group:
        # One `dbt seed` for every reference dictionary (skills, seniority, weights, currencies).
        tasks.create_tables_task() >> dbt_groups.seed_task("load_seeds")
    return group


def dbt_tests() -> DbtTaskGroup:
    return DbtTaskGroup(
        group_id="dbt_tests",
        project_config=dbt_groups.project_config(),
        profile_config=dbt_groups.PROFILE_CONFIG,
        execution_config=dbt_groups.execution_config(),
        render_config=dbt_groups.test_render_config(),
        # A failing data test is a finding, not a flaky call: report it once, do not retry.
        operator_args=dbt_groups.operator_args(retries=0, callback=record_dbt_test_results),
    )


def record_run_statistics() -> TaskGroup:
    """The final step, after everything whatever happened: land the run's context, let dbt build the
    run statistics (dbt/models/ops, whose post-hook publishes profile_preferences.last_run_*), then
    fail the DAG run if the run failed. Bookkeeping: no retries, no outcome callbacks."""
    bookkeeping = {"retries": 0, "on_success_callback": None, "on_failure_callback": None}
    with TaskGroup(FINAL_STEP) as group:
        land = PythonOperator(
            task_id="land_run_context",
            python_callable=land_run_context,
            trigger_rule=TriggerRule.ALL_DONE,
            **bookkeeping,
        )
        build = dbt_groups.run_statistics_task("build_run_statistics", **bookkeeping)
        finish = PythonOperator(task_id="finish_run", python_callable=finish_run, **bookkeeping)
        land >> build >> finish
    return group


def step_task(step: str):
    """The task (or task group) of one pipeline step."""
    if step == "initialize_tables":
        return initialize_tables()
    if step == "dbt_tests":
        return dbt_tests()
    if step in tasks.CLI_STEPS:
        return tasks.cli_task(step)
    return dbt_group(step)


with DAG(
    dag_id=DAG_ID,
    description="JSearch + Glassdoor -> raw -> dbt staging/marts -> ranking -> data tests -> digests",
    schedule=SCHEDULE,
    start_date=pendulum.datetime(2026, 1, 1, tz=TIMEZONE),
    catchup=False,
    max_active_runs=1,
    tags=TAGS,
    default_args=default_args,
    params={"profile_id": Param(None, type=["null", "integer"], description="Run for this profile only")},
    doc_md=__doc__,
) as dag:
    step_tasks = {step: step_task(step) for step in STEPS}
    record_statistics = record_run_statistics()

    # Each stage waits for the whole stage before it; include/pipeline.py holds the order.
    flow = [[step_tasks[step] for step in stage] for stage in stages()] + [[record_statistics]]
    for upstream, downstream in pairwise(flow):
        cross_downstream(upstream, downstream)
