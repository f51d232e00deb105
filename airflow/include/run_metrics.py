"""Lands task outcomes in marts.pipeline_task_outcomes and reads back a run's statistics.

Insert only: the callbacks land one row per task outcome, the final step one row with the run's
context. The dbt models in dbt/models/ops turn them into marts.pipeline_run_metrics and the
profiles' last_run_* (dbt/macros/run_statuses.sql holds the status rules).
"""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import dict_row

from . import warehouse
from .pipeline import FINAL_STEP, step_of

_LAND = """
insert into marts.pipeline_task_outcomes
    (dag_run_id, task_id, step, try_number, status, started_at, duration_s, error_message,
     dq_tests_passed, dq_tests_warned, dq_tests_failed, details)
values (%(dag_run_id)s, %(task_id)s, %(step)s, %(try_number)s, %(status)s, %(started_at)s, %(duration_s)s,
        %(error)s, %(dq_passed)s, %(dq_warned)s, %(dq_failed)s, %(details)s)
"""


def _land(conn: psycopg.Connection, **row: Any) -> None:
    """Insert one row into the task outcomes; the columns not given are null."""
    columns = (
        "try_number",
        "status",
        "started_at",
        "duration_s",
        "error",
        "dq_passed",
        "dq_warned",
        "dq_failed",
        "details",
    )
    conn.execute(_LAND, {**dict.fromkeys(columns), **row})


def connect() -> psycopg.Connection:
    """The warehouse: DATABASE_URL here, the RDS secret on MWAA (include/warehouse.py)."""
    return psycopg.connect(warehouse.conninfo(), autocommit=True, row_factory=dict_row)


@dataclass(frozen=True)
class DqSummary:
    passed: int
    warned: int
    failed: int


def dq_summary(run_results: dict[str, Any]) -> DqSummary:
    """Count dbt test results by outcome (dbt's run_results.json shape)."""
    statuses = [result.get("status") for result in run_results.get("results", [])]
    return DqSummary(
        passed=statuses.count("pass"),
        warned=statuses.count("warn"),
        failed=statuses.count("fail") + statuses.count("error"),
    )


def land_task_outcome(
    conn: psycopg.Connection,
    *,
    dag_run_id: str,
    task_id: str,
    status: str,
    started_at: datetime | None,
    duration_s: float | None,
    try_number: int | None = None,
    error: str | None = None,
    dq: DqSummary | None = None,
) -> None:
    """One task's outcome, as one row."""
    _land(
        conn,
        dag_run_id=dag_run_id,
        task_id=task_id,
        step=step_of(task_id),
        try_number=try_number,
        status=status,
        started_at=started_at,
        duration_s=duration_s,
        error=error,
        dq_passed=dq.passed if dq else None,
        dq_warned=dq.warned if dq else None,
        dq_failed=dq.failed if dq else None,
    )


def land_run_context(
    conn: psycopg.Connection,
    *,
    dag_run_id: str,
    task_id: str,
    profile_id: int | None,
    run_started_at: datetime | None,
    steps_in_dag: tuple[str, ...],
    extract_summary: dict | None,
    notify_summary: dict | None,
) -> None:
    """The final step's row: what the models need that only Airflow knows.

    steps_in_dag: the steps that have tasks (a dbt group renders none while its models do not exist).
    extract_summary / notify_summary: the JSON summaries `jobctl extract-jobs` and `jobctl notify`
    printed (None when the step did not get that far); the database tells the rest.
    """
    context = {
        "profile_id": profile_id,
        "run_started_at": run_started_at.isoformat() if run_started_at else None,
        "steps": list(steps_in_dag),
        "extract_summary": extract_summary,
        "notify_summary": notify_summary,
    }
    _land(
        conn,
        dag_run_id=dag_run_id,
        task_id=task_id,
        step=FINAL_STEP,
        status="success",
        details=json.dumps(context),
    )


@dataclass(frozen=True)
class RunOutcome:
    status: str
    failed_steps: list[str]
    steps: dict[str, str]
    profiles: dict[int, dict[str, Any]]


def run_outcome(conn: psycopg.Connection, dag_run_id: str) -> RunOutcome:
    """The run's status and each profile's, as the ops models decided them."""
    run = conn.execute(
        "select run_status, failed_steps, step_statuses from marts.ops_runs where dag_run_id = %s",
        (dag_run_id,),
    ).fetchone()
    profiles = conn.execute(
        "select profile_id, profile_run_status, jobs_found from marts.ops_profile_runs"
        " where dag_run_id = %s order by profile_id",
        (dag_run_id,),
    ).fetchall()
    if run is None:
        raise LookupError(f"no statistics for run {dag_run_id}: its context was not landed")
    return RunOutcome(
        status=run["run_status"],
        failed_steps=list(run["failed_steps"]),
        steps=dict(run["step_statuses"] or {}),
        profiles={
            row["profile_id"]: {"status": row["profile_run_status"], "jobs_found": row["jobs_found"]}
            for row in profiles
        },
    )
