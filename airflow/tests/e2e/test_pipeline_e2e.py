"""End to end: `airflow dags test jobs_etl_daily` on a fresh database, against the fake APIs and a
real SMTP sink. One DAG run serves every assertion: two healthy profiles and one whose searches all
fail (the fake API answers 500 to its query), so the same run shows success and a recorded failure.

Slow (a few minutes): it runs every CLI and every dbt model for real.
"""

import json
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from psycopg.rows import dict_row

from .services import AIRFLOW, API_KEY, dags_test, pipeline_services

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL"), reason="needs DATABASE_URL (run through make test / scripts/with-db)"
)

STEPS_WITH_ROWS = (
    "initialize_tables",
    "extract_job_postings",
    "extract_boards",
    "normalize_jobs",
    "extract_companies",
    "normalize_companies",
    "dbt_modelling",
    "rank_jobs",
    "dbt_tests",
    "notify_daily",
)


@dataclass
class PipelineRun:
    returncode: int
    log: str
    url: str
    profile_ids: dict[str, int]
    outbox: Path
    received: Path
    env: dict[str, str]

    def query(self, sql: str, *params) -> list[dict]:
        with psycopg.connect(self.url, row_factory=dict_row) as conn:
            return conn.execute(sql, params).fetchall()

    def scalar(self, sql: str, *params):
        return next(iter(self.query(sql, *params)[0].values()))

    @property
    def healthy(self) -> list[int]:
        return [pid for name, pid in self.profile_ids.items() if "broken" not in name]

    @property
    def broken(self) -> int:
        return self.profile_ids["e2e broken profile"]


@pytest.fixture(scope="module")
def pipeline_run(tmp_path_factory, fresh_manifest) -> Iterator[PipelineRun]:
    work = tmp_path_factory.mktemp("e2e")
    with pipeline_services(work, "jobs_e2e_airflow") as services:
        env = services.env
        subprocess.run([AIRFLOW, "db", "migrate"], env=env, check=True, capture_output=True, timeout=300)
        returncode, log = dags_test(env, work / "airflow-dags-test.log")
        yield PipelineRun(
            returncode, log, services.url, services.profile_ids, services.outbox, services.received, env
        )


def test_the_run_completes_despite_one_failing_profile(pipeline_run):
    assert pipeline_run.returncode == 0, pipeline_run.log[-5000:]
    steps = pipeline_run.query(
        "select task_id, run_status from marts.pipeline_run_metrics where profile_id is null"
    )
    assert {row["task_id"]: row["run_status"] for row in steps} == dict.fromkeys(STEPS_WITH_ROWS, "success")


@pytest.mark.parametrize(
    "table",
    [
        "raw.jsearch_job_postings",
        "raw.glassdoor_companies",
        "staging.jsearch_job_postings",
        "staging.glassdoor_companies",
        "marts.fact_jobs",
        "marts.dim_companies",
        "marts.bridge_profile_jobs",
        "marts.dim_ranking",
        # Built by rank_jobs after dim_ranking, for BI and the app's /insights page.
        "analytics.analytics_job_volumes_daily",
        "analytics.analytics_ranking_score_distribution",
    ],
)
def test_every_layer_has_data(pipeline_run, table):
    assert pipeline_run.scalar(f"select count(*) from {table}") > 0


def test_every_job_a_healthy_profile_found_is_ranked_with_its_reasons(pipeline_run):
    for profile_id in pipeline_run.healthy:
        found = pipeline_run.scalar(
            "select count(*) from marts.bridge_profile_jobs where profile_id = %s", profile_id
        )
        ranked = pipeline_run.query(
            "select rank_score, rank_explain from marts.dim_ranking where profile_id = %s", profile_id
        )
        assert found > 0
        assert len(ranked) >= found
        for row in ranked:
            assert 0 <= row["rank_score"] <= 100
            factors = row["rank_explain"]["factors"]
            assert abs(sum(float(points) for points in factors.values()) - float(row["rank_score"])) < 0.05
            assert set(row["rank_explain"]["reasons"]) <= set(factors)


def test_one_metrics_row_per_profile_and_step(pipeline_run):
    rows = pipeline_run.query(
        "select profile_id, task_id from marts.pipeline_run_metrics where profile_id is not null"
    )
    pairs = sorted((row["profile_id"], row["task_id"]) for row in rows)
    expected = sorted((pid, step) for pid in pipeline_run.profile_ids.values() for step in STEPS_WITH_ROWS)
    assert pairs == expected


def test_extraction_metrics_show_rows_and_api_calls(pipeline_run):
    for profile_id in pipeline_run.healthy:
        row = pipeline_run.query(
            """select * from marts.pipeline_run_metrics
               where profile_id = %s and task_id = 'extract_job_postings'""",
            profile_id,
        )[0]
        assert row["run_status"] == "success"
        assert row["rows_raw"] > 0 and row["jobs_found"] > 0 and row["api_calls"] > 0


def test_data_quality_summary_is_recorded(pipeline_run):
    row = pipeline_run.query(
        "select * from marts.pipeline_run_metrics where task_id = 'dbt_tests' and profile_id is null"
    )[0]
    assert row["dq_tests_passed"] > 0
    assert row["dq_tests_failed"] == 0


def test_healthy_profiles_statistics_are_updated(pipeline_run):
    for profile_id in pipeline_run.healthy:
        profile = pipeline_run.query(
            "select * from marts.profile_preferences where profile_id = %s", profile_id
        )[0]
        assert profile["last_run_status"] == "success"
        assert profile["total_run_count"] == 1
        assert profile["last_run_job_count"] > 0
        assert profile["last_run_at"] is not None


def test_the_failing_profile_shows_its_failure(pipeline_run):
    profile = pipeline_run.query(
        "select * from marts.profile_preferences where profile_id = %s", pipeline_run.broken
    )[0]
    assert profile["last_run_status"] == "failed"
    assert profile["total_run_count"] == 1
    assert profile["last_run_job_count"] == 0
    extract = pipeline_run.query(
        """select * from marts.pipeline_run_metrics
           where profile_id = %s and task_id = 'extract_job_postings'""",
        pipeline_run.broken,
    )[0]
    assert extract["run_status"] == "failed"
    assert extract["api_errors"] > 0
    assert extract["error_message"]


def test_digests_were_delivered_and_written_to_the_outbox(pipeline_run):
    received = list(pipeline_run.received.rglob("*"))
    assert any(path.is_file() for path in received)
    assert list(pipeline_run.outbox.rglob("*.eml"))
    assert list(pipeline_run.outbox.rglob("*.html"))
    for profile_id in pipeline_run.healthy:
        sent = pipeline_run.scalar(
            "select count(*) from marts.notification_log where profile_id = %s and delivery_status = 'sent'",
            profile_id,
        )
        assert sent > 0


def test_logs_are_structured_and_carry_no_secret(pipeline_run):
    assert API_KEY not in pipeline_run.log
    assert '"event": "profile_run_recorded"' in pipeline_run.log
    assert '"event": "run_finished"' in pipeline_run.log


# --- a second run, restricted to one profile (dag_run.conf), on the same day and data --------------
# Runs after every test above (file order), which check the first run's statistics.


@pytest.fixture(scope="module")
def second_run(pipeline_run, tmp_path_factory) -> tuple[PipelineRun, int, str]:
    chosen = pipeline_run.healthy[0]
    before = raw_rows_per_load_date(pipeline_run)
    log_file = tmp_path_factory.mktemp("e2e-second") / "airflow-dags-test.log"
    returncode, log = dags_test(pipeline_run.env, log_file, "-c", json.dumps({"profile_id": chosen}))
    assert returncode == 0, log[-5000:]
    run_id = pipeline_run.scalar(
        "select dag_run_id from marts.pipeline_run_metrics order by recorded_at desc limit 1"
    )
    # Same-day re-deliveries add nothing. Compared per load date, because a run that crosses
    # midnight UTC lands under the new date, which is a new daily snapshot and not a duplicate.
    after = raw_rows_per_load_date(pipeline_run)
    assert {load_date: after.get(load_date) for load_date in before} == before
    return pipeline_run, chosen, run_id


def raw_rows_per_load_date(run: PipelineRun) -> dict:
    rows = run.query(
        "select dwh_load_date, count(*) as n from raw.jsearch_job_postings group by dwh_load_date"
    )
    return {row["dwh_load_date"]: row["n"] for row in rows}


def test_a_run_restricted_to_one_profile_touches_only_that_profile(second_run):
    run, chosen, run_id = second_run
    profiles = run.query(
        "select distinct profile_id from marts.pipeline_run_metrics"
        " where dag_run_id = %s and profile_id is not null",
        run_id,
    )
    assert [row["profile_id"] for row in profiles] == [chosen]
    loads = run.query(
        "select distinct profile_id from raw.dwh_loads where dag_run_id = %s and profile_id is not null",
        run_id,
    )
    assert [row["profile_id"] for row in loads] == [chosen]
    counts = {
        row["profile_id"]: row["total_run_count"]
        for row in run.query("select profile_id, total_run_count from marts.profile_preferences")
    }
    assert counts[chosen] == 2
    assert all(count == 1 for profile_id, count in counts.items() if profile_id != chosen)


def test_a_rerun_the_same_day_mails_no_job_twice(second_run):
    run, _, _ = second_run
    duplicates = run.scalar(
        "select count(*) from (select profile_id, job_id from marts.notification_log"
        " group by profile_id, job_id having count(*) > 1) as twice"
    )
    assert duplicates == 0
