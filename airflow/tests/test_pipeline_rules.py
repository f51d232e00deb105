"""The pipeline's pure wiring: which step a task is, which steps a DAG has, what a CLI printed.
The status rules themselves are SQL, unit-tested in dbt (dbt/models/ops/_ops.yml,
dbt/tests/macros/test_run_statuses_over_literal_rows.sql) and run end to end in
e2e/test_run_metrics_db.py."""

import pytest
from include.pipeline import parse_cli_summary, step_of, steps_present
from include.run_metrics import dq_summary


@pytest.mark.parametrize(
    ("task_id", "step"),
    [
        ("initialize_tables", "initialize_tables"),
        ("normalize_jobs.stg_jsearch__job_postings_run", "normalize_jobs"),
        ("dbt_tests.dbt_test", "dbt_tests"),
        ("record_run_statistics.land_run_context", "record_run_statistics"),
    ],
)
def test_step_of_a_cosmos_task_is_its_group(task_id, step):
    assert step_of(task_id) == step


def test_steps_present_are_the_groups_with_tasks_in_flow_order():
    task_ids = ["notify_daily", "initialize_tables.create_tables", "normalize_jobs.stg_x_run", "other"]
    assert steps_present(task_ids) == ("initialize_tables", "normalize_jobs", "notify_daily")


def test_the_final_step_is_not_a_step_with_statistics():
    assert steps_present(["record_run_statistics.finish_run", "notify_daily"]) == ("notify_daily",)


def test_dq_summary_counts_dbt_test_outcomes():
    results = {"results": [{"status": s} for s in ("pass", "pass", "warn", "fail", "error", "skipped")]}
    summary = dq_summary(results)
    assert (summary.passed, summary.warned, summary.failed) == (2, 1, 2)
    assert dq_summary({}).passed == 0


def test_cli_summary_is_the_json_last_line_or_nothing():
    assert parse_cli_summary('{"command": "extract-jobs", "profiles": []}') == {
        "command": "extract-jobs",
        "profiles": [],
    }
    for output in (None, "", "Done.", "{not json", "[1, 2]", 42):
        assert parse_cli_summary(output) is None
