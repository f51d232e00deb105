"""Run metrics and profile statistics against a real database, without a DAG run: the failure paths
(a run that breaks early, a group whose second task fails) that the happy end-to-end run never takes."""

import os
import subprocess
from datetime import UTC, datetime

import psycopg
import pytest
from include import run_metrics
from include.pipeline import STEPS
from psycopg.rows import dict_row

from .services import REPO_ROOT, database_env, fresh_database

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL"), reason="needs DATABASE_URL (run through make test / scripts/with-db)"
)

RUN = "manual__2026-01-02T07:00:00+00:00"


@pytest.fixture(scope="module")
def conn():
    with fresh_database("jobs_e2e_metrics") as url:
        env = {**os.environ, **database_env(url)}
        subprocess.run(["bash", "scripts/init-db.sh"], cwd=REPO_ROOT, env=env, check=True, timeout=300)
        with psycopg.connect(url, autocommit=True, row_factory=dict_row) as connection:
            for name in ("ok", "api down"):
                connection.execute(
                    "insert into marts.profile_preferences (profile_name, query, email)"
                    " values (%s, 'x', 'a@b.c')",
                    (name,),
                )
            connection.execute(
                "insert into marts.profile_preferences (profile_name, query, email, is_active)"
                " values ('paused', 'x', 'a@b.c', false)"
            )
            yield connection


def ids(conn) -> dict[str, int]:
    rows = conn.execute("select profile_name, profile_id from marts.profile_preferences").fetchall()
    return {row["profile_name"]: row["profile_id"] for row in rows}


def test_a_groups_tasks_add_up_and_a_failure_wins(conn):
    now = datetime.now(UTC)
    for task_id, status, seconds in [
        ("normalize_jobs.a_run", "success", 2.0),
        ("normalize_jobs.b_run", "failed", 3.0),
        ("normalize_jobs.b_run_retry_note", "success", 1.0),
    ]:
        run_metrics.record_task_outcome(
            conn, dag_run_id="group-run", task_id=task_id, status=status, started_at=now,
            duration_s=seconds, error="boom" if status == "failed" else None,
        )  # fmt: skip
    row = conn.execute(
        "select * from marts.pipeline_run_metrics where dag_run_id = 'group-run' and profile_id is null"
    ).fetchall()
    assert len(row) == 1
    assert row[0]["task_id"] == "normalize_jobs"
    assert row[0]["run_status"] == "failed"
    assert float(row[0]["duration_s"]) == 6.0
    assert row[0]["error_message"] == "boom"
    assert set(row[0]["details"]) == {
        "normalize_jobs.a_run",
        "normalize_jobs.b_run",
        "normalize_jobs.b_run_retry_note",
    }


def test_a_run_that_breaks_at_extraction_fails_every_active_profile_and_counts_the_run(conn):
    profile = ids(conn)
    now = datetime.now(UTC)
    run_metrics.record_task_outcome(
        conn, dag_run_id=RUN, task_id="initialize_tables.create_tables", status="success",
        started_at=now, duration_s=1.0,
    )  # fmt: skip
    run_metrics.record_task_outcome(
        conn, dag_run_id=RUN, task_id="extract_job_postings", status="failed", started_at=now,
        duration_s=1.0, error="AirflowException: Bash command failed",
    )  # fmt: skip
    conn.execute(
        """insert into raw.dwh_loads (load_id, dwh_source_system, resource_name, profile_id, load_status,
               row_count, api_call_count, api_error_count, error_message, started_at, finished_at, dag_run_id)
           values ('l1', 'jsearch', 'job_postings', %s, 'failed', 0, 3, 3, 'HTTP 500', now(), now(), %s)""",
        (profile["api down"], RUN),
    )
    extract_summary = {
        "profiles": [
            {"profile_id": profile["api down"], "status": "failed", "postings_received": 0,
             "api_calls": 3, "api_errors": 3, "error": "HttpError: 500"},
        ]
    }  # fmt: skip
    summary = run_metrics.record_run_statistics(
        conn, dag_run_id=RUN, profile_id=None, run_started_at=now, steps_in_dag=STEPS,
        extract_summary=extract_summary,
    )  # fmt: skip
    assert summary["steps"]["extract_job_postings"] == "failed"
    assert summary["steps"]["notify_daily"] == "skipped"
    stats = {
        row["profile_name"]: row for row in conn.execute("select * from marts.profile_preferences").fetchall()
    }
    for name in ("ok", "api down"):
        assert stats[name]["last_run_status"] == "failed"
        assert stats[name]["total_run_count"] == 1
        assert stats[name]["last_run_job_count"] == 0
    assert stats["paused"]["total_run_count"] == 0
    rows = conn.execute(
        "select task_id, profile_id, run_status, api_errors, error_message from marts.pipeline_run_metrics"
        " where dag_run_id = %s",
        (RUN,),
    ).fetchall()
    per_profile = [row for row in rows if row["profile_id"] is not None]
    assert len(per_profile) == 2 * len(STEPS)
    down = next(
        row for row in per_profile
        if row["profile_id"] == profile["api down"] and row["task_id"] == "extract_job_postings"
    )  # fmt: skip
    assert down["run_status"] == "failed" and down["api_errors"] == 3 and "500" in down["error_message"]
    skipped = [row for row in rows if row["profile_id"] is None and row["run_status"] == "skipped"]
    assert {row["task_id"] for row in skipped} == set(STEPS) - {"initialize_tables", "extract_job_postings"}


def test_recording_the_same_run_again_updates_rows_instead_of_duplicating(conn):
    before = conn.execute("select count(*) as n from marts.pipeline_run_metrics").fetchone()["n"]
    run_metrics.record_run_statistics(conn, dag_run_id=RUN, profile_id=ids(conn)["ok"], run_started_at=None)
    after = conn.execute("select count(*) as n from marts.pipeline_run_metrics").fetchone()["n"]
    assert after == before
