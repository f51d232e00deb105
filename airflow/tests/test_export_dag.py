"""The weekly export DAG parses and has the agreed schedule, tags, retries and flow; its commands
run dbt from the dbt venv on the analytics models only and jobctl export with the run's date."""

import pytest
from include import exports
from include.paths import DBT_EXECUTABLE


@pytest.fixture(scope="module")
def export_dag(dagbag):
    assert dagbag.import_errors == {}
    return dagbag.dags["jobs_export_weekly"]


def test_runs_sundays_in_toronto_without_catchup(export_dag):
    assert export_dag.timetable.expression == "0 6 * * 0"
    assert export_dag.timezone.name == "America/Toronto"
    assert export_dag.catchup is False
    assert {"jobs", "export", "bi"} <= set(export_dag.tags)


def test_every_task_retries_at_least_twice_with_a_failure_callback(export_dag):
    for task in export_dag.tasks:
        assert task.retries >= 2, task.task_id
        assert task.on_failure_callback, task.task_id


def test_flow_builds_then_tests_then_exports(export_dag):
    assert export_dag.get_task("build_analytics").downstream_task_ids == {"test_analytics"}
    assert export_dag.get_task("test_analytics").downstream_task_ids == {"export_files"}
    assert export_dag.get_task("export_files").downstream_task_ids == set()


def test_commands_select_the_analytics_models_and_pass_the_run_date(export_dag):
    build = export_dag.get_task("build_analytics")
    assert str(DBT_EXECUTABLE) in build.bash_command
    assert "--select path:models/analytics" in build.bash_command
    assert export_dag.get_task("test_analytics").env["DBT_ANALYTICS_TESTS"] == "true"
    export = export_dag.get_task("export_files")
    assert export.bash_command == exports.export_command()
    assert '--date "$EXPORT_DATE"' in export.bash_command
    assert export.env["EXPORT_DATE"] == "{{ ds }}"
