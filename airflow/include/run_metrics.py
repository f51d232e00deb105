"""Writes marts.pipeline_run_metrics and the profile run statistics (all SQL parameterised).

Run-wide rows (profile_id null) come from the task callbacks, one per pipeline step; a Cosmos task
group's tasks add up into their step's row. The final task then writes one row per profile and
step, and updates each profile's last_run_* / total_run_count, also when the run failed.
"""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import dict_row

from . import warehouse
from .pipeline import (
    CLI_STATUSES,
    FAILED,
    SKIPPED,
    STEPS,
    LoadOutcome,
    per_profile,
    profile_run_status,
    step_of,
)

_UPSERT_STEP = """
insert into marts.pipeline_run_metrics as metrics
    (dag_run_id, task_id, profile_id, run_status, duration_s, error_message, details, started_at,
     dq_tests_passed, dq_tests_warned, dq_tests_failed, recorded_at)
values (%(dag_run_id)s, %(step)s, null, %(status)s, %(duration_s)s, %(error)s, %(details)s, %(started_at)s,
        %(dq_passed)s, %(dq_warned)s, %(dq_failed)s, now())
on conflict (dag_run_id, task_id, coalesce(profile_id, -1)) do update set
    run_status = case
        when metrics.run_status = 'failed' or excluded.run_status = 'failed' then 'failed'
        when metrics.run_status = 'partial' or excluded.run_status = 'partial' then 'partial'
        else excluded.run_status
    end,
    duration_s = coalesce(metrics.duration_s, 0) + coalesce(excluded.duration_s, 0),
    error_message = coalesce(excluded.error_message, metrics.error_message),
    details = coalesce(metrics.details, '{}'::jsonb) || coalesce(excluded.details, '{}'::jsonb),
    started_at = least(metrics.started_at, excluded.started_at),
    dq_tests_passed = coalesce(excluded.dq_tests_passed, metrics.dq_tests_passed),
    dq_tests_warned = coalesce(excluded.dq_tests_warned, metrics.dq_tests_warned),
    dq_tests_failed = coalesce(excluded.dq_tests_failed, metrics.dq_tests_failed),
    recorded_at = now()
"""

_UPSERT_PROFILE_ROW = """
insert into marts.pipeline_run_metrics as metrics
    (dag_run_id, task_id, profile_id, run_status, rows_raw, rows_staging, rows_marts, jobs_found,
     api_calls, api_errors, duration_s, dq_tests_passed, dq_tests_warned, dq_tests_failed,
     error_message, details, started_at, recorded_at)
values (%(dag_run_id)s, %(step)s, %(profile_id)s, %(status)s, %(rows_raw)s, %(rows_staging)s,
        %(rows_marts)s, %(jobs_found)s, %(api_calls)s, %(api_errors)s, %(duration_s)s, %(dq_passed)s,
        %(dq_warned)s, %(dq_failed)s, %(error)s, %(details)s, %(started_at)s, now())
on conflict (dag_run_id, task_id, coalesce(profile_id, -1)) do update set
    run_status = excluded.run_status, rows_raw = excluded.rows_raw,
    rows_staging = excluded.rows_staging, rows_marts = excluded.rows_marts,
    jobs_found = excluded.jobs_found, api_calls = excluded.api_calls,
    api_errors = excluded.api_errors, duration_s = excluded.duration_s,
    dq_tests_passed = excluded.dq_tests_passed, dq_tests_warned = excluded.dq_tests_warned,
    dq_tests_failed = excluded.dq_tests_failed, error_message = excluded.error_message,
    details = excluded.details, started_at = excluded.started_at, recorded_at = now()
"""

_PROFILE_STATISTICS = """
update marts.profile_preferences set
    last_run_at = now(),
    last_run_status = %(status)s,
    last_run_job_count = %(jobs_found)s,
    total_run_count = coalesce(total_run_count, 0) + 1
where profile_id = %(profile_id)s
"""


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


def record_task_outcome(
    conn: psycopg.Connection,
    *,
    dag_run_id: str,
    task_id: str,
    status: str,
    started_at: datetime | None,
    duration_s: float | None,
    error: str | None = None,
    dq: DqSummary | None = None,
) -> None:
    """Add one task's outcome to its step's run-wide row (profile_id null)."""
    details = {task_id: {"status": status, "duration_s": duration_s}}
    conn.execute(
        _UPSERT_STEP,
        {
            "dag_run_id": dag_run_id,
            "step": step_of(task_id),
            "status": status,
            "duration_s": duration_s,
            "error": error,
            "details": json.dumps(details),
            "started_at": started_at,
            "dq_passed": dq.passed if dq else None,
            "dq_warned": dq.warned if dq else None,
            "dq_failed": dq.failed if dq else None,
        },
    )


def _table_exists(conn: psycopg.Connection, name: str) -> bool:
    return conn.execute("select to_regclass(%s) is not null as present", (name,)).fetchone()["present"]


def step_rows(conn: psycopg.Connection, dag_run_id: str) -> dict[str, dict[str, Any]]:
    rows = conn.execute(
        "select * from marts.pipeline_run_metrics where dag_run_id = %s and profile_id is null",
        (dag_run_id,),
    ).fetchall()
    return {row["task_id"]: row for row in rows}


def profiles_in_scope(conn: psycopg.Connection, profile_id: int | None) -> list[int]:
    if profile_id is not None:
        rows = conn.execute(
            "select profile_id from marts.profile_preferences where profile_id = %s", (profile_id,)
        )
    else:
        rows = conn.execute(
            "select profile_id from marts.profile_preferences where is_active order by profile_id"
        )
    return [row["profile_id"] for row in rows.fetchall()]


def load_outcomes(conn: psycopg.Connection, dag_run_id: str) -> dict[int, tuple[LoadOutcome, dict]]:
    """Per profile: its extraction batches in this run, summed, with timing."""
    rows = conn.execute(
        """
        select
            profile_id,
            count(*) as loads,
            count(*) filter (where load_status = 'failed') as failed_loads,
            coalesce(sum(row_count), 0) as rows,
            coalesce(sum(api_call_count), 0) as api_calls,
            coalesce(sum(api_error_count), 0) as api_errors,
            string_agg(error_message, '; ') as error_message,
            min(started_at) as started_at,
            extract(epoch from max(finished_at) - min(started_at)) as duration_s
        from raw.dwh_loads
        where dag_run_id = %s and profile_id is not null
        group by profile_id
        """,
        (dag_run_id,),
    ).fetchall()
    return {
        row["profile_id"]: (
            LoadOutcome(
                loads=row["loads"],
                failed_loads=row["failed_loads"],
                rows=row["rows"],
                api_calls=row["api_calls"],
                api_errors=row["api_errors"],
                error_message=row["error_message"],
            ),
            {"started_at": row["started_at"], "duration_s": row["duration_s"]},
        )
        for row in rows
    }


def _jobs_per_profile(conn: psycopg.Connection, dag_run_id: str) -> dict[int, dict[str, int]]:
    """Jobs each profile found in this run, and how many of them reached staging and the marts."""
    counts: dict[int, dict[str, int]] = {}
    run_jobs = """
        select distinct loads.profile_id, postings.job_id
        from raw.jsearch_job_postings as postings
        inner join raw.dwh_loads as loads on postings.dwh_load_id = loads.load_id
        where loads.dag_run_id = %(run)s and loads.profile_id is not null
    """
    for row in conn.execute(
        f"select profile_id, count(*) as jobs from ({run_jobs}) as found group by profile_id",
        {"run": dag_run_id},
    ).fetchall():
        counts.setdefault(row["profile_id"], {})["jobs_found"] = row["jobs"]
    if _table_exists(conn, "staging.jsearch_job_postings"):
        for row in conn.execute(
            f"""select found.profile_id, count(*) as staged from ({run_jobs}) as found
                inner join staging.jsearch_job_postings as staged on staged.job_id = found.job_id
                group by found.profile_id""",
            {"run": dag_run_id},
        ).fetchall():
            counts.setdefault(row["profile_id"], {})["rows_staging"] = row["staged"]
    if _table_exists(conn, "marts.bridge_profile_jobs"):
        for row in conn.execute(
            "select profile_id, count(*) as jobs from marts.bridge_profile_jobs group by profile_id"
        ).fetchall():
            counts.setdefault(row["profile_id"], {})["rows_marts"] = row["jobs"]
    if _table_exists(conn, "marts.dim_ranking"):
        for row in conn.execute(
            "select profile_id, count(*) as ranked from marts.dim_ranking group by profile_id"
        ).fetchall():
            counts.setdefault(row["profile_id"], {})["ranked"] = row["ranked"]
    return counts


def _notifications(conn: psycopg.Connection, since: datetime | None) -> dict[int, dict[str, int]]:
    rows = conn.execute(
        """
        select profile_id,
            count(*) filter (where delivery_status = 'sent') as sent,
            count(*) filter (where delivery_status = 'failed') as failed
        from marts.notification_log
        where notified_at >= coalesce(%s, now() - interval '1 day')
            -- chat alerts are logged per digest, not per job
            and job_id not like 'chat-alert:%%'
        group by profile_id
        """,
        (since,),
    ).fetchall()
    return {row["profile_id"]: {"sent": row["sent"], "failed": row["failed"]} for row in rows}


def record_run_statistics(
    conn: psycopg.Connection,
    *,
    dag_run_id: str,
    profile_id: int | None,
    run_started_at: datetime | None,
    steps_in_dag: tuple[str, ...] = STEPS,
    extract_summary: dict | None = None,
    notify_summary: dict | None = None,
) -> dict[str, Any]:
    """Per-profile rows for every step, then the profiles' run statistics. Returns a summary.

    steps_in_dag: the steps that have tasks (a dbt group renders none while its models do not exist).
    extract_summary / notify_summary: the JSON summaries `jobctl extract-jobs` and `jobctl notify`
    printed (None when the step did not get that far); the database tells the rest.
    """
    steps = step_rows(conn, dag_run_id)
    step_statuses = {
        step: steps[step]["run_status"] if step in steps else SKIPPED
        for step in STEPS
        if step in steps_in_dag
    }
    for step, status in step_statuses.items():
        if status == SKIPPED and step not in steps:
            conn.execute(
                _UPSERT_STEP,
                {
                    "dag_run_id": dag_run_id, "step": step, "status": SKIPPED, "duration_s": None,
                    "error": "did not run (an upstream step failed)", "details": None,
                    "started_at": None, "dq_passed": None, "dq_warned": None, "dq_failed": None,
                },
            )  # fmt: skip
    _fill_step_totals(conn, dag_run_id)
    loads = load_outcomes(conn, dag_run_id)
    jobs = _jobs_per_profile(conn, dag_run_id)
    mails = _notifications(conn, run_started_at)
    summary: dict[str, Any] = {"steps": step_statuses, "profiles": {}}
    extracted = per_profile(extract_summary, "profiles")
    notified = per_profile(notify_summary, "results")
    for profile in profiles_in_scope(conn, profile_id):
        load, timing = loads.get(profile, (LoadOutcome(), {}))
        counts = jobs.get(profile, {})
        mail = {**mails.get(profile, {"sent": 0, "failed": 0}), **_digest(notified.get(profile))}
        rows = [
            _profile_step_row(
                step, steps.get(step), step_statuses[step], load, timing, counts, mail, extracted.get(profile)
            )
            for step in step_statuses
        ]
        for row in rows:
            conn.execute(_UPSERT_PROFILE_ROW, {"dag_run_id": dag_run_id, "profile_id": profile, **row})
        by_step = {row["step"]: row for row in rows}
        extract_status = by_step.get("extract_job_postings", {}).get("status", SKIPPED)
        own_failures = [
            row["step"] for row in rows if row["status"] == FAILED and row["step"] != "extract_job_postings"
        ]
        status = profile_run_status(step_statuses, extract_status, own_failures)
        jobs_found = by_step.get("extract_job_postings", {}).get("jobs_found") or 0
        conn.execute(_PROFILE_STATISTICS, {"profile_id": profile, "status": status, "jobs_found": jobs_found})
        summary["profiles"][profile] = {"status": status, "jobs_found": jobs_found, "mail": mail}
    return summary


# Run-wide rows per layer: what the run landed, and what each layer holds after its step.
_STEP_TOTALS = {
    "extract_job_postings": """
        update marts.pipeline_run_metrics as metrics set
            rows_raw = loads.rows, api_calls = loads.api_calls, api_errors = loads.api_errors
        from (
            select coalesce(sum(row_count), 0) as rows, coalesce(sum(api_call_count), 0) as api_calls,
                coalesce(sum(api_error_count), 0) as api_errors
            from raw.dwh_loads where dag_run_id = %(run)s and dwh_source_system = 'jsearch'
        ) as loads
        where metrics.dag_run_id = %(run)s and metrics.task_id = %(step)s and metrics.profile_id is null
    """,
    # Career boards (issue 21): rows landed, and the postings each source's boards listed.
    "extract_boards": """
        update marts.pipeline_run_metrics as metrics set
            rows_raw = loads.rows, api_calls = loads.api_calls, api_errors = loads.api_errors,
            jobs_found = listed.postings,
            details = coalesce(metrics.details, '{}'::jsonb)
                || jsonb_build_object('postings_by_source', listed.by_source)
        from (
            select coalesce(sum(row_count), 0) as rows, coalesce(sum(api_call_count), 0) as api_calls,
                coalesce(sum(api_error_count), 0) as api_errors
            from raw.dwh_loads where dag_run_id = %(run)s and resource_name = 'board_job_postings'
        ) as loads,
        (
            select coalesce(sum(n), 0) as postings,
                coalesce(jsonb_object_agg(ats, n), '{}'::jsonb) as by_source
            from (
                select fetches.ats, sum(cardinality(fetches.posting_ids))::int as n
                from raw.board_fetches as fetches
                join raw.dwh_loads as loads on loads.load_id = fetches.load_id
                where loads.dag_run_id = %(run)s
                group by fetches.ats
            ) as per_source
        ) as listed
        where metrics.dag_run_id = %(run)s and metrics.task_id = %(step)s and metrics.profile_id is null
    """,
    # fact_jobs holds one row per source posting: how many from each source after this run.
    "dbt_modelling_by_source": """
        update marts.pipeline_run_metrics as metrics set
            details = coalesce(metrics.details, '{}'::jsonb)
                || jsonb_build_object('fact_jobs_by_source', counts.by_source)
        from (
            select coalesce(jsonb_object_agg(source, n), '{}'::jsonb) as by_source
            from (select source, count(*) as n from marts.fact_jobs group by source) as per_source
        ) as counts
        where metrics.dag_run_id = %(run)s and metrics.task_id = 'dbt_modelling'
            and metrics.profile_id is null
    """,
    "extract_companies": """
        update marts.pipeline_run_metrics as metrics set
            rows_raw = loads.rows, api_calls = loads.api_calls, api_errors = loads.api_errors
        from (
            select coalesce(sum(row_count), 0) as rows, coalesce(sum(api_call_count), 0) as api_calls,
                coalesce(sum(api_error_count), 0) as api_errors
            from raw.dwh_loads where dag_run_id = %(run)s and dwh_source_system = 'glassdoor'
        ) as loads
        where metrics.dag_run_id = %(run)s and metrics.task_id = %(step)s and metrics.profile_id is null
    """,
    "normalize_jobs": "staging.jsearch_job_postings",
    "normalize_companies": "staging.glassdoor_companies",
    "dbt_modelling": "marts.fact_jobs",
    "rank_jobs": "marts.dim_ranking",
}


_MAY_BE_MISSING = ("raw.board_fetches", "marts.fact_jobs")


def _fill_step_totals(conn: psycopg.Connection, dag_run_id: str) -> None:
    for step, source in _STEP_TOTALS.items():
        if source.lstrip().startswith("update"):
            # Tables an older warehouse, or a run that broke before dbt built anything, lacks.
            if any(table in source and not _table_exists(conn, table) for table in _MAY_BE_MISSING):
                continue
            conn.execute(source, {"run": dag_run_id, "step": step})
            continue
        if not _table_exists(conn, source):
            continue
        column = "rows_staging" if source.startswith("staging.") else "rows_marts"
        # Table and column names come from the constant above, never from input.
        conn.execute(
            f"""update marts.pipeline_run_metrics set {column} = (select count(*) from {source})
                where dag_run_id = %s and task_id = %s and profile_id is null""",
            (dag_run_id, step),
        )


def _digest(result: dict | None) -> dict[str, Any]:
    """The notifier's outcome for one profile, as stored in the notify_daily row's details."""
    if not result:
        return {}
    return {
        "digest_status": result.get("status"),
        "kind": result.get("kind"),
        "jobs_mailed": len(result.get("jobs") or []),
        # Why nothing was sent (e.g. no_new_jobs_already_mailed_today), for make demo's report.
        "reason": result.get("reason"),
        "files": result.get("files") or [],
        "error": result.get("error"),
    }


def _profile_step_row(
    step: str,
    step_row: dict[str, Any] | None,
    step_status: str,
    load: LoadOutcome,
    timing: dict[str, Any],
    counts: dict[str, int],
    mail: dict[str, Any],
    extracted: dict[str, Any] | None,
) -> dict[str, Any]:
    """What one step did for one profile: the step's own outcome, narrowed to the profile's numbers."""
    row: dict[str, Any] = {
        "step": step,
        "status": step_status,
        "rows_raw": None, "rows_staging": None, "rows_marts": None, "jobs_found": None,
        "api_calls": None, "api_errors": None,
        "duration_s": step_row["duration_s"] if step_row else None,
        "dq_passed": step_row["dq_tests_passed"] if step_row else None,
        "dq_warned": step_row["dq_tests_warned"] if step_row else None,
        "dq_failed": step_row["dq_tests_failed"] if step_row else None,
        "error": step_row["error_message"] if step_row else None,
        "details": None,
        "started_at": step_row["started_at"] if step_row else None,
    }  # fmt: skip
    if step == "extract_job_postings":
        if step_status == SKIPPED:
            status = SKIPPED
        elif extracted and extracted.get("status") in CLI_STATUSES:
            status = CLI_STATUSES[extracted["status"]]
        elif not load.loads:
            status = FAILED
        else:
            status = FAILED if step_status == FAILED else load.status
        extracted = extracted or {}
        row.update(
            status=status, rows_raw=load.rows,
            jobs_found=extracted.get("postings_received", counts.get("jobs_found", 0)),
            api_calls=extracted.get("api_calls", load.api_calls),
            api_errors=extracted.get("api_errors", load.api_errors),
            error=extracted.get("error") or load.error_message or row["error"],
            duration_s=extracted.get("duration_s", timing.get("duration_s", row["duration_s"])),
            started_at=timing.get("started_at", row["started_at"]),
            details=json.dumps({
                key: extracted[key]
                for key in ("load_id", "rows_landed", "duplicates_skipped", "quarantined", "retries", "notes")
                if key in extracted
            }),
        )  # fmt: skip
        if status == FAILED and not row["error"]:
            row["error"] = "no load was recorded for this profile"
    elif step == "normalize_jobs":
        row.update(rows_staging=counts.get("rows_staging", 0))
    elif step == "dbt_modelling":
        row.update(rows_marts=counts.get("rows_marts", 0))
    elif step == "rank_jobs":
        row.update(rows_marts=counts.get("ranked", 0))
    elif step == "notify_daily":
        row.update(details=json.dumps(mail))
        digest_status = CLI_STATUSES.get(mail.get("digest_status") or "")
        if step_status != SKIPPED and digest_status == FAILED:
            row.update(status=FAILED, error=mail.get("error") or "the digest could not be sent")
    return row
