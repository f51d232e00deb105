"""Run statistics against a real database and real dbt, without a DAG run: outcomes landed the way
the callbacks and the final step land them, then the final step's `dbt run` of the ops models. The
failure paths (a run that breaks early, a group whose second task fails, a digest that fails) that
the happy end-to-end run never takes."""

import json
import os
import subprocess
from datetime import UTC, datetime

import psycopg
import pytest
from include import run_metrics
from include.dbt_groups import RUN_STATISTICS
from include.paths import DBT_EXECUTABLE, DBT_PROJECT_DIR
from include.pipeline import FINAL_STEP, STEPS
from psycopg.rows import dict_row

from .services import REPO_ROOT, database_env, fresh_database

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL"), reason="needs DATABASE_URL (run through make test / scripts/with-db)"
)

RUN = "manual__2026-01-02T07:00:00+00:00"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    work = tmp_path_factory.mktemp("run_metrics_dbt")
    with fresh_database("jobs_e2e_metrics") as url:
        env = {
            **os.environ,
            **database_env(url),
            # Not the project's target/: Cosmos renders the DAG from the manifest there.
            "DBT_TARGET_PATH": str(work / "target"),
            "DBT_LOG_PATH": str(work / "logs"),
        }
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
            yield connection, env


@pytest.fixture(scope="module")
def conn(warehouse):
    return warehouse[0]


def record(warehouse, dag_run_id: str, *, profile_id=None, extract_summary=None, notify_summary=None):
    """The final step: land the run's context, then the `dbt run` its build task runs."""
    connection, env = warehouse
    run_metrics.land_run_context(
        connection, dag_run_id=dag_run_id, task_id=f"{FINAL_STEP}.land_run_context", profile_id=profile_id,
        run_started_at=datetime.now(UTC), steps_in_dag=STEPS, extract_summary=extract_summary,
        notify_summary=notify_summary,
    )  # fmt: skip
    run_vars = json.dumps({"dag_run_id": dag_run_id})
    build = subprocess.run(
        [str(DBT_EXECUTABLE), "run", "--select", *RUN_STATISTICS, "--vars", run_vars],
        cwd=DBT_PROJECT_DIR, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert build.returncode == 0, build.stdout[-4000:]
    return run_metrics.run_outcome(connection, dag_run_id)


def land(conn, dag_run_id: str, task_id: str, status: str, seconds: float = 1.0, error: str | None = None):
    run_metrics.land_task_outcome(
        conn, dag_run_id=dag_run_id, task_id=task_id, status=status, started_at=datetime.now(UTC),
        duration_s=seconds, try_number=1, error=error,
    )  # fmt: skip


def ids(conn) -> dict[str, int]:
    rows = conn.execute("select profile_name, profile_id from marts.profile_preferences").fetchall()
    return {row["profile_name"]: row["profile_id"] for row in rows}


def stats(conn) -> dict[str, dict]:
    rows = conn.execute("select * from marts.profile_preferences").fetchall()
    return {row["profile_name"]: row for row in rows}


def test_a_run_that_breaks_at_extraction_fails_every_active_profile_and_counts_the_run(warehouse, conn):
    profile = ids(conn)
    land(conn, RUN, "initialize_tables.create_tables", "success")
    land(conn, RUN, "extract_job_postings", "failed", error="AirflowException: Bash command failed")
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
    outcome = record(warehouse, RUN, extract_summary=extract_summary)
    assert outcome.status == "failed"
    assert outcome.failed_steps == ["extract_job_postings"]
    assert outcome.steps["notify_daily"] == "skipped"
    assert {pid: p["status"] for pid, p in outcome.profiles.items()} == {
        profile["ok"]: "failed",
        profile["api down"]: "failed",
    }
    after = stats(conn)
    for name in ("ok", "api down"):
        assert after[name]["last_run_status"] == "failed"
        assert after[name]["total_run_count"] == 1
        assert after[name]["last_run_job_count"] == 0
        assert after[name]["last_run_at"] is not None
    assert after["paused"]["total_run_count"] == 0
    rows = conn.execute(
        "select task_id, profile_id, run_status, rows_raw, api_calls, api_errors, error_message"
        " from marts.pipeline_run_metrics where dag_run_id = %s",
        (RUN,),
    ).fetchall()
    per_profile = [row for row in rows if row["profile_id"] is not None]
    assert len(per_profile) == 2 * len(STEPS)
    down = next(
        row for row in per_profile
        if row["profile_id"] == profile["api down"] and row["task_id"] == "extract_job_postings"
    )  # fmt: skip
    assert down["run_status"] == "failed" and down["api_errors"] == 3 and "500" in down["error_message"]
    run_wide = {row["task_id"]: row for row in rows if row["profile_id"] is None}
    assert set(run_wide) == set(STEPS)
    assert run_wide["extract_job_postings"]["run_status"] == "failed"
    assert run_wide["extract_job_postings"]["api_calls"] == 3
    skipped = {task_id for task_id, row in run_wide.items() if row["run_status"] == "skipped"}
    assert skipped == set(STEPS) - {"initialize_tables", "extract_job_postings"}


def test_recording_the_same_run_again_replaces_its_rows_instead_of_duplicating(warehouse, conn):
    before = conn.execute("select count(*) as n from marts.pipeline_run_metrics").fetchone()["n"]
    record(warehouse, RUN)
    after = conn.execute("select count(*) as n from marts.pipeline_run_metrics").fetchone()["n"]
    assert after == before


def test_a_groups_tasks_add_up_and_a_failure_wins(warehouse, conn):
    run = "group-run"
    for task_id, status, seconds in [
        ("normalize_jobs.a_run", "success", 2.0),
        ("normalize_jobs.b_run", "failed", 3.0),
        ("normalize_jobs.c_run", "success", 1.0),
    ]:
        land(conn, run, task_id, status, seconds, error="boom" if status == "failed" else None)
    outcome = record(warehouse, run, profile_id=ids(conn)["ok"])
    assert "normalize_jobs" in outcome.failed_steps
    row = conn.execute(
        "select * from marts.pipeline_run_metrics"
        " where dag_run_id = %s and task_id = 'normalize_jobs' and profile_id is null",
        (run,),
    ).fetchone()
    assert row["run_status"] == "failed"
    assert float(row["duration_s"]) == 6.0
    assert row["error_message"] == "boom"
    assert set(row["details"]) == {"normalize_jobs.a_run", "normalize_jobs.b_run", "normalize_jobs.c_run"}


def test_a_run_restricted_to_a_paused_profile_records_it_alone(warehouse, conn):
    profile = ids(conn)
    outcome = record(warehouse, "paused-run", profile_id=profile["paused"])
    assert list(outcome.profiles) == [profile["paused"]]
    assert stats(conn)["paused"]["total_run_count"] == 1


def test_a_healthy_profile_whose_digest_failed_is_partial_and_the_run_succeeds(warehouse, conn):
    run, profile = "digest-run", ids(conn)
    for step in STEPS:
        land(conn, run, step, "success")
    conn.execute(
        """insert into raw.dwh_loads (load_id, dwh_source_system, resource_name, profile_id, load_status,
               row_count, api_call_count, api_error_count, started_at, finished_at, dag_run_id)
           values ('l2', 'jsearch', 'job_postings', %s, 'finished', 7, 2, 0, now(), now(), %s)""",
        (profile["ok"], run),
    )
    extracted = {"profile_id": profile["ok"], "status": "success", "postings_received": 7, "api_calls": 2,
                 "api_errors": 0, "retries": 1}  # fmt: skip
    # An SMTP outcome nobody knows is an alert, never a silent success.
    notified = {"profile_id": profile["ok"], "status": "unknown", "error": "SMTP timeout"}
    outcome = record(
        warehouse,
        run,
        profile_id=profile["ok"],
        extract_summary={"profiles": [extracted]},
        notify_summary={"results": [notified]},
    )
    assert outcome.status == "success"
    assert outcome.profiles[profile["ok"]] == {"status": "partial", "jobs_found": 7}
    rows = {
        row["task_id"]: row
        for row in conn.execute(
            "select * from marts.pipeline_run_metrics where dag_run_id = %s and profile_id = %s",
            (run, profile["ok"]),
        ).fetchall()
    }
    extract = rows["extract_job_postings"]
    assert (extract["run_status"], extract["rows_raw"], extract["jobs_found"]) == ("success", 7, 7)
    assert extract["details"] == {"retries": 1}
    notify = rows["notify_daily"]
    assert notify["run_status"] == "failed" and notify["error_message"] == "SMTP timeout"
    assert notify["details"]["digest_status"] == "unknown"
    ok = stats(conn)["ok"]
    assert (ok["last_run_status"], ok["last_run_job_count"]) == ("partial", 7)
