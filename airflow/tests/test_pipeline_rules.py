"""Pure rules: how task and load outcomes become profile and run statuses."""

import pytest
from include.pipeline import (
    CLI_STATUSES,
    FAILED,
    PARTIAL,
    SKIPPED,
    STEPS,
    SUCCESS,
    LoadOutcome,
    parse_cli_summary,
    per_profile,
    profile_run_status,
    run_status,
    step_of,
    steps_present,
    worst,
)
from include.run_metrics import _digest, dq_summary

ALL_GOOD = dict.fromkeys(STEPS, SUCCESS)


@pytest.mark.parametrize(
    ("task_id", "step"),
    [
        ("initialize_tables", "initialize_tables"),
        ("normalize_jobs.stg_jsearch__job_postings_run", "normalize_jobs"),
        ("dbt_tests.dbt_test", "dbt_tests"),
    ],
)
def test_step_of_a_cosmos_task_is_its_group(task_id, step):
    assert step_of(task_id) == step


def test_worst_orders_failed_partial_success_skipped():
    assert worst([SUCCESS, PARTIAL, SKIPPED]) == PARTIAL
    assert worst([SUCCESS, FAILED, PARTIAL]) == FAILED
    assert worst([SKIPPED, SUCCESS]) == SUCCESS
    assert worst([]) == SUCCESS


@pytest.mark.parametrize(
    ("load", "status"),
    [
        (LoadOutcome(), SKIPPED),
        (LoadOutcome(loads=1, rows=10, api_calls=1), SUCCESS),
        (LoadOutcome(loads=2, failed_loads=2, api_calls=2, api_errors=2), FAILED),
        (LoadOutcome(loads=2, failed_loads=1, rows=10, api_calls=2, api_errors=1), PARTIAL),
        (LoadOutcome(loads=1, rows=10, api_calls=3, api_errors=2), PARTIAL),
    ],
)
def test_load_outcome_status(load, status):
    assert load.status == status


def test_a_clean_run_is_a_success_for_the_profile():
    assert profile_run_status(ALL_GOOD, SUCCESS) == SUCCESS
    assert run_status(ALL_GOOD) == SUCCESS


def test_a_profile_whose_api_calls_all_failed_has_failed_while_the_run_succeeds():
    load = LoadOutcome(loads=1, failed_loads=1, api_calls=1, api_errors=1, error_message="HTTP 500")
    assert profile_run_status(ALL_GOOD, load.status) == FAILED
    assert run_status(ALL_GOOD) == SUCCESS


def test_a_profile_without_any_extraction_has_failed():
    assert profile_run_status(ALL_GOOD, SKIPPED) == FAILED


def test_some_api_errors_or_a_failed_digest_leave_the_profile_partial():
    assert profile_run_status(ALL_GOOD, PARTIAL) == PARTIAL
    assert profile_run_status(ALL_GOOD, SUCCESS, own_failures=["notify_daily"]) == PARTIAL


def test_failing_before_data_fails_every_profile():
    steps = {**ALL_GOOD, "extract_job_postings": FAILED}
    assert profile_run_status(steps, SUCCESS) == FAILED
    assert run_status(steps) == FAILED


def test_failing_after_extraction_leaves_profiles_partial():
    steps = {**ALL_GOOD, "dbt_tests": FAILED, "notify_daily": SKIPPED}
    assert profile_run_status(steps, SUCCESS) == PARTIAL
    assert run_status(steps) == FAILED


def test_a_step_that_never_ran_fails_the_run():
    assert run_status({**ALL_GOOD, "notify_daily": SKIPPED}) == FAILED


def test_steps_present_are_the_groups_with_tasks_in_flow_order():
    task_ids = ["notify_daily", "initialize_tables.create_tables", "normalize_jobs.stg_x_run", "other"]
    assert steps_present(task_ids) == ("initialize_tables", "normalize_jobs", "notify_daily")


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


def test_per_profile_entries_are_keyed_by_profile_id():
    summary = {"results": [{"profile_id": 2, "status": "sent"}, {"profile_id": "x"}, "junk"]}
    assert per_profile(summary, "results") == {2: {"profile_id": 2, "status": "sent"}}
    assert per_profile(None, "profiles") == {}
    assert CLI_STATUSES["sent"] == SUCCESS and CLI_STATUSES["failed"] == FAILED


def test_the_digest_outcome_keeps_why_nothing_was_sent():
    # make demo prints this reason per profile instead of a bare "0 digests".
    skipped = _digest({"profile_id": 1, "status": "skipped", "reason": "no_new_jobs_already_mailed_today"})
    assert skipped["digest_status"] == "skipped"
    assert skipped["reason"] == "no_new_jobs_already_mailed_today"
    assert skipped["jobs_mailed"] == 0
    sent = _digest({"profile_id": 1, "status": "sent", "kind": "jobs", "jobs": ["a", "b"]})
    assert (sent["reason"], sent["jobs_mailed"]) == (None, 2)
