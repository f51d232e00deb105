"""Task callbacks and the final step's Python tasks: log each outcome with run context and land it in
marts.pipeline_task_outcomes; the run statistics are dbt models over those rows (dbt/models/ops)."""

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import run_metrics
from .logs import log_event, redact
from .paths import DBT_TEST_ARTIFACTS
from .pipeline import FAILED, SUCCESS, parse_cli_summary, steps_present


def _profile_id(context: dict[str, Any]) -> int | None:
    params = context.get("params") or {}
    return params.get("profile_id")


def _duration_s(started_at: datetime | None) -> float | None:
    if started_at is None:
        return None
    return round((datetime.now(UTC) - started_at).total_seconds(), 3)


def _record(context: dict[str, Any], status: str, error: str | None) -> None:
    ti = context["ti"]
    started_at = getattr(ti, "start_date", None)
    fields = {
        "dag_run_id": context["run_id"],
        "task_id": ti.task_id,
        "try_number": getattr(ti, "try_number", None),
        "profile_id": _profile_id(context),
        "status": status,
        "duration_s": _duration_s(started_at),
        "error": error,
    }
    log_event("task_" + status, **fields)
    try:
        with run_metrics.connect() as conn:
            run_metrics.land_task_outcome(
                conn,
                dag_run_id=context["run_id"],
                task_id=ti.task_id,
                status=status,
                started_at=started_at,
                duration_s=fields["duration_s"],
                try_number=fields["try_number"],
                error=error,
            )
    except Exception as exc:  # the metrics store must never turn a task outcome into another failure
        log_event("run_metrics_unavailable", dag_run_id=context["run_id"], error=redact(repr(exc)))


def on_task_success(context: dict[str, Any]) -> None:
    _record(context, SUCCESS, None)


def on_task_failure(context: dict[str, Any]) -> None:
    exception = context.get("exception")
    message = redact(f"{type(exception).__name__}: {exception}") if exception else "task failed"
    _record(context, FAILED, message[:2000])


def record_dbt_test_results(project_dir: str, context: dict[str, Any] | None = None, **_: Any) -> None:
    """Cosmos callback after `dbt test`: land the pass/warn/fail counts for the dbt_tests step."""
    results_file = Path(project_dir) / "target" / "run_results.json"
    if context is None or not results_file.exists():
        return
    keep_test_artifacts(Path(project_dir) / "target")
    summary = run_metrics.dq_summary(json.loads(results_file.read_text()))
    log_event("dbt_tests_summary", dag_run_id=context["run_id"], **summary.__dict__)
    with run_metrics.connect() as conn:
        run_metrics.land_task_outcome(
            conn,
            dag_run_id=context["run_id"],
            task_id=context["ti"].task_id,
            status=SUCCESS,
            started_at=None,
            duration_s=None,  # the task's own callback that follows lands its duration
            dq=summary,
        )


def keep_test_artifacts(target: Path) -> None:
    """Cosmos runs dbt in a throwaway copy of the project: keep the test run's artifacts where the
    data-quality report reads them (`DBT_TARGET_PATH=<this dir> make docs`)."""
    DBT_TEST_ARTIFACTS.mkdir(parents=True, exist_ok=True)
    # partial_parse.msgpack lets `dbt docs generate` in that directory skip a full parse.
    for name in ("run_results.json", "manifest.json", "partial_parse.msgpack"):
        if (target / name).exists():
            shutil.copyfile(target / name, DBT_TEST_ARTIFACTS / name)


class PipelineRunFailed(RuntimeError):
    """Raised by the final step so the DAG run ends failed after its statistics were recorded."""


def land_run_context(**context: Any) -> None:
    """Final step, first task (trigger rule all_done): land what only Airflow knows about the run."""
    dag_run, ti = context["dag_run"], context["ti"]
    with run_metrics.connect() as conn:
        run_metrics.land_run_context(
            conn,
            dag_run_id=context["run_id"],
            task_id=ti.task_id,
            profile_id=_profile_id(context),
            run_started_at=getattr(dag_run, "start_date", None),
            steps_in_dag=steps_present(context["dag"].task_ids),
            extract_summary=parse_cli_summary(ti.xcom_pull(task_ids="extract_job_postings")),
            notify_summary=parse_cli_summary(ti.xcom_pull(task_ids="notify_daily")),
        )


def finish_run(**context: Any) -> dict[str, Any]:
    """Final step, last task (after dbt built the run's statistics): log them, and fail the DAG
    run when the run failed."""
    with run_metrics.connect() as conn:
        outcome = run_metrics.run_outcome(conn, context["run_id"])
    for profile_id, profile in outcome.profiles.items():
        log_event("profile_run_recorded", dag_run_id=context["run_id"], profile_id=profile_id, **profile)
    log_event("run_finished", dag_run_id=context["run_id"], status=outcome.status, steps=outcome.steps)
    if outcome.status == FAILED:
        where = ", ".join(outcome.failed_steps) or "an upstream step"
        raise PipelineRunFailed(f"run {context['run_id']} failed at {where}")
    return {
        "status": outcome.status,
        "profiles": {str(key): value for key, value in outcome.profiles.items()},
    }
