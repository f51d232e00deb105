"""make init-db and the protected tables, on a fresh database of the DATABASE_URL server:
init-db is idempotent, a dbt --full-refresh keeps landed and profile rows, and the
least-privilege roles can do what their part needs and nothing more. Also, on the same tables:
make demo's per-profile digest lines (scripts/demo/digests.sql)."""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
LANDING_AND_CONFIG_TABLES = {
    "raw.jsearch_job_postings",
    "raw.glassdoor_companies",
    "raw.dwh_loads",
    "raw.dwh_load_archives",
    "raw.quarantine",
    "raw.board_job_postings",
    "raw.board_fetches",
    "marts.board_sources",
    "staging.company_enrichment_queue",
    "marts.profile_preferences",
    "marts.job_feedback",
    "marts.pipeline_task_outcomes",
    "marts.pipeline_run_metrics",
    "marts.notification_log",
    "marts.data_version",
    "marts.app_users",
    "marts.app_sessions",
    "marts.app_sign_in_tokens",
    "marts.app_audit_log",
    # BI's views over app-written tables are built with them.
    "marts.bi_profiles",
    "marts.bi_notifications_daily",
}


INSERT_PROFILE = "insert into marts.profile_preferences (profile_name, query, email) values ('x', 'y', 'z')"
# What the profile app does for a signed-in user: set app.user_id in the transaction, then write.
SIGNED_IN_AS_NEW_USER = (
    "insert into marts.app_users (email, role, created_at) values ('ui@example.com', 'user', now()); "
    "select set_config('app.user_id', (select user_id::text from marts.app_users"
    " where email = 'ui@example.com'), true); "
)
INSERT_OWN_PROFILE = (
    "insert into marts.profile_preferences (profile_name, query, email, owner_user_id)"
    " values ('x', 'y', 'z', marts.app_user_id())"
)


def database_url(name: str) -> str:
    parts = urlsplit(os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"))
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def run_with_db(url: str, *command: str, tmp: Path) -> subprocess.CompletedProcess:
    # scripts/with-db derives PG*/DBT_* from DATABASE_URL exactly as make does.
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DBT_TARGET_PATH": str(tmp / "target"),
        "DBT_LOG_PATH": str(tmp / "logs"),
    }
    return subprocess.run(
        [str(REPO_ROOT / "scripts" / "with-db"), *command],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=REPO_ROOT,
    )


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    name = f"jobs_test_initdb_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(database_url("postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'create database "{name}"')
    try:
        yield database_url(name), tmp_path_factory.mktemp("initdb")
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'drop database if exists "{name}" with (force)')
        admin.close()


def query(url: str, sql: str, params: tuple = ()) -> list[tuple]:
    with psycopg2.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def ensure_initialised(url: str, tmp: Path) -> None:
    if not query(url, "select 1 from information_schema.tables where table_schema = 'raw'"):
        result = run_with_db(url, "scripts/init-db.sh", tmp=tmp)
        assert result.returncode == 0, result.stdout + result.stderr


def table_shapes(url: str) -> list[tuple]:
    return query(
        url,
        """select table_schema, table_name, column_name, data_type, column_default, is_nullable
        from information_schema.columns where table_schema in ('raw', 'staging', 'marts')
        order by 1, 2, 3""",
    )


def test_init_db_creates_then_only_verifies(database):
    url, tmp = database
    first = run_with_db(url, "scripts/init-db.sh", tmp=tmp)
    assert first.returncode == 0, first.stdout + first.stderr
    created = {line.split()[-1] for line in first.stdout.splitlines() if "created" in line}
    assert created == LANDING_AND_CONFIG_TABLES
    shapes = table_shapes(url)

    second = run_with_db(url, "scripts/init-db.sh", tmp=tmp)
    assert second.returncode == 0, second.stdout + second.stderr
    verified = {line.split()[-1] for line in second.stdout.splitlines() if "verified" in line}
    assert verified == LANDING_AND_CONFIG_TABLES
    assert "created" not in second.stdout
    # The second run finds every schema: no "NOTICE: schema … already exists" noise (make ui runs this).
    assert "NOTICE" not in second.stderr, second.stderr
    assert table_shapes(url) == shapes


def test_init_db_fails_clearly_without_a_server(tmp_path):
    unreachable = "postgresql://postgres@127.0.0.1:1/jobs"
    result = run_with_db(unreachable, "scripts/init-db.sh", tmp=tmp_path)
    assert result.returncode != 0
    assert "cannot reach" in result.stderr or "InitDbError" in result.stderr


def test_full_refresh_keeps_landed_and_profile_rows(database):
    url, tmp = database
    ensure_initialised(url, tmp)
    query(
        url,
        """insert into raw.jsearch_job_postings (raw_job_posting_id, job_id, raw_payload, profile_id,
            dwh_load_id, dwh_load_date, dwh_load_timestamp, dwh_source_system)
        values ('r1', 'job-1', '{"job_id": "job-1"}', 1, 'load-1', current_date, now(), 'jsearch')""",
    )
    query(url, "insert into marts.profile_preferences (profile_name, query, email) values ('p', 'q', 'a@b')")
    # A built warehouse has its seeds; then exactly the operator's make dbt ARGS="run --full-refresh".
    for args in ("ARGS=seed --quiet", "ARGS=run --full-refresh --quiet"):
        result = run_with_db(url, "make", "--no-print-directory", "dbt", args, tmp=tmp)
        assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert query(url, "select job_id from raw.jsearch_job_postings") == [("job-1",)]
    assert query(url, "select profile_name, is_active, country from marts.profile_preferences") == [
        ("p", True, "us")
    ]


@pytest.mark.parametrize(
    ("role", "statement", "allowed"),
    [
        ("jobs_loader", "select count(*) from marts.profile_preferences", True),
        ("jobs_loader", "insert into staging.company_enrichment_queue (company_lookup_key) values ('k')", 1),
        ("jobs_loader", "update raw.dwh_loads set load_status = 'finished'", True),
        ("jobs_loader", INSERT_PROFILE, False),
        # Row-level security (issue 22): jobs_ui writes a profile only as a signed-in user who owns it.
        ("jobs_ui", INSERT_PROFILE, False),
        ("jobs_ui", SIGNED_IN_AS_NEW_USER + INSERT_OWN_PROFILE, True),
        ("jobs_ui", "delete from raw.jsearch_job_postings", False),
        # BI reads profiles and deliveries through views without personal data, never the tables
        # that hold e-mail addresses or which job was mailed to whom.
        ("jobs_bi", "select email from marts.profile_preferences", False),
        ("jobs_bi", "select count(*) from marts.profile_preferences", False),
        ("jobs_bi", "select count(*) from marts.notification_log", False),
        ("jobs_bi", "select profile_id, last_run_status from marts.bi_profiles", True),
        ("jobs_bi", "select email from marts.bi_profiles", "UndefinedColumn"),
        ("jobs_bi", "select profile_name from marts.bi_profiles", "UndefinedColumn"),
        ("jobs_bi", "select profile_id, digest_count from marts.bi_notifications_daily", True),
        ("jobs_bi", "update marts.profile_preferences set is_active = false", False),
        ("jobs_bi", "select count(*) from marts.app_users", False),
        ("jobs_bi", "select count(*) from marts.app_sessions", False),
        ("jobs_bi", "select count(*) from marts.app_audit_log", False),
        ("jobs_ui", "delete from marts.app_audit_log", False),
        # The task outcomes the run metrics are built from are the pipeline's own.
        ("jobs_ui", "select count(*) from marts.pipeline_task_outcomes", False),
        ("jobs_bi", "select count(*) from marts.pipeline_task_outcomes", False),
    ],
)
def test_roles_have_least_privilege(database, role, statement, allowed):
    url, tmp = database
    ensure_initialised(url, tmp)
    connection = psycopg2.connect(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"set role {role}")
            if isinstance(allowed, str):
                with pytest.raises(getattr(psycopg2.errors, allowed)):
                    cursor.execute(statement)
            elif allowed:
                cursor.execute(statement)
            else:
                with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                    cursor.execute(statement)
    finally:
        connection.rollback()
        connection.close()


def test_demo_says_per_profile_why_no_digest_was_sent(database):
    url, tmp = database
    ensure_initialised(url, tmp)
    ids = [
        query(url, "insert into marts.profile_preferences (profile_name, query, email) values (%s, 'q', %s) "
              "returning profile_id", (name, f"{name}@example.com"))[0][0]
        for name in ("mailed", "quiet", "opted-out", "broken")
    ]  # fmt: skip
    outcomes = [
        {"digest_status": "sent", "kind": "jobs", "jobs_mailed": 3},
        {"digest_status": "skipped", "reason": "no_new_jobs_already_mailed_today", "jobs_mailed": 0},
        {"digest_status": "skipped", "reason": "no_new_jobs_opted_out", "jobs_mailed": 0},
        {"digest_status": "failed", "error": "SmtpError: 550 mailbox unavailable", "jobs_mailed": 0},
    ]
    for profile_id, details in zip(ids, outcomes, strict=True):
        query(
            url,
            """insert into marts.pipeline_run_metrics (dag_run_id, task_id, profile_id, run_status, details,
                   recorded_at)
               values ('demo-run', 'notify_daily', %s, 'success', %s::jsonb, now())""",
            (profile_id, json.dumps(details)),
        )
    result = run_with_db(url, "psql", "-XAtq", "-F", "|", "-f", "scripts/demo/digests.sql", tmp=tmp)
    assert result.returncode == 0, result.stderr
    lines = {
        line.split("|")[1]: line.split("|")[2] for line in result.stdout.splitlines() if line.count("|") == 2
    }
    assert lines == {
        "mailed": "sent: 3 new job(s)",
        "quiet": "not sent: no new jobs, and this profile already got its message today",
        "opted-out": 'not sent: no new jobs, and the profile asked for no "nothing new" notes',
        "broken": "FAILED: SmtpError: 550 mailbox unavailable",
    }
