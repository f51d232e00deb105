"""The DAG parses cleanly and has exactly the agreed shape, schedule, retries and tags."""

import itertools
from datetime import timedelta

from include.pipeline import FINAL_STEP, STEPS
from include.settings import RETRIES


def test_dag_imports_without_errors(dagbag):
    assert dagbag.import_errors == {}
    assert "jobs_etl_daily" in dagbag.dags


def test_schedule_is_seven_in_the_morning_toronto_time(dag):
    assert dag.timetable.expression == "0 7 * * *"
    assert dag.timetable.timezone.name == "America/Toronto"
    assert dag.timezone.name == "America/Toronto"
    assert dag.catchup is False


def test_tags_are_set(dag):
    assert {"jobs", "etl", "dbt"} <= set(dag.tags)


def test_every_task_retries_with_exponential_backoff(dag):
    assert RETRIES >= 3
    # The final bookkeeping task and the data tests deliberately run once.
    retried = [task for task in dag.tasks if step_of(task.task_id) not in (FINAL_STEP, "dbt_tests")]
    for task in retried:
        assert task.retries >= 3, task.task_id
        assert task.retry_exponential_backoff, task.task_id
        assert task.retry_delay > timedelta(0), task.task_id
        assert task.on_failure_callback, task.task_id


def step_of(task_id: str) -> str:
    return task_id.split(".", 1)[0]


def test_every_step_has_tasks_and_nothing_else_exists(dag):
    steps = {step_of(task.task_id) for task in dag.tasks}
    assert steps == {*STEPS, FINAL_STEP}


def test_dbt_groups_render_the_agreed_models(dag):
    task_ids = set(dag.task_ids)
    expected = {
        "initialize_tables.create_tables",
        "initialize_tables.load_seeds",
        "normalize_jobs.stg_jsearch__job_postings_cleaned_run",
        "normalize_jobs.int_job_postings__skills_run",
        "normalize_jobs.stg_jsearch__job_postings_run",
        "normalize_companies.stg_glassdoor__companies_run",
        "dbt_modelling.fact_jobs_stored_run",
        "dbt_modelling.fact_jobs_run",
        "dbt_modelling.int_companies__posting_employers_run",
        "dbt_modelling.dim_companies_run",
        "dbt_modelling.bridge_profile_jobs_run",
        "rank_jobs.int_ranking__profile_concepts_run",
        "rank_jobs.dim_ranking_run",
        # The BI views the app's /insights page reads, built after the marts they are views over.
        "rank_jobs.analytics_skills_demand_weekly_run",
        "rank_jobs.analytics_salary_by_location_company_role_run",
        "rank_jobs.analytics_job_volumes_daily_run",
        "rank_jobs.analytics_company_rating_distribution_run",
        "rank_jobs.analytics_ranking_score_distribution_run",
        "dbt_tests.dbt_test",
    }
    assert expected <= task_ids


def test_the_daily_tests_leave_out_the_code_checks(dag):
    # Seeds' and views' tests check code: make test runs them (dbt/README "Which tests the daily run runs").
    excluded = dag.get_task("dbt_tests.dbt_test").exclude
    excluded = excluded.split() if isinstance(excluded, str) else list(excluded)
    assert {"tag:code_checks", "resource_type:unit_test", "path:tests/macros"} <= set(excluded)


def test_boards_are_extracted_beside_jsearch_and_both_feed_normalize_jobs(dag):
    boards = dag.get_task("extract_boards")
    jsearch = dag.get_task("extract_job_postings")
    assert boards.task_id not in jsearch.get_flat_relative_ids(upstream=False)
    assert jsearch.task_id not in boards.get_flat_relative_ids(upstream=False)
    first_normalize = {task.task_id for task in dag.tasks if step_of(task.task_id) == "normalize_jobs"}
    for extract in (boards, jsearch):
        assert extract.downstream_task_ids & first_normalize, extract.task_id
        assert "initialize_tables.load_seeds" in extract.upstream_task_ids
    assert "extract-boards" in boards.bash_command
    assert "normalize_jobs.stg_boards__job_postings_run" in dag.task_ids
    assert "normalize_jobs.stg_ashby__job_postings_run" in dag.task_ids


def test_analytics_views_build_after_ranking(dag):
    downstream = dag.get_task("rank_jobs.dim_ranking_run").get_flat_relative_ids(upstream=False)
    assert "rank_jobs.analytics_ranking_score_distribution_run" in downstream


def test_independent_marts_build_side_by_side(dag):
    """dim_companies and bridge_profile_jobs share no edge, so a scheduler runs them in parallel."""
    dim = dag.get_task("dbt_modelling.dim_companies_run")
    bridge = dag.get_task("dbt_modelling.bridge_profile_jobs_run")
    assert bridge.task_id not in dim.get_flat_relative_ids(upstream=False)
    assert dim.task_id not in bridge.get_flat_relative_ids(upstream=False)


def test_dbt_tasks_use_the_dbt_virtualenv_without_deps(dag):
    from include.paths import DBT_EXECUTABLE

    dbt_tasks = [task for task in dag.tasks if hasattr(task, "dbt_executable_path")]
    assert dbt_tasks
    for task in dbt_tasks:
        assert str(task.dbt_executable_path) == str(DBT_EXECUTABLE)
        assert task.install_deps is False


# Steps that run beside another at the same place in the flow (own test above).
SIDE_BY_SIDE = {"extract_boards": "extract_job_postings"}


def flow_step(task_id: str) -> str:
    step = step_of(task_id)
    return SIDE_BY_SIDE.get(step, step)


def test_dependencies_follow_the_flow_exactly(dag):
    """Each step's tasks depend only on their own step or the nearest earlier step that has tasks."""
    present = [
        step
        for step in (*STEPS, FINAL_STEP)
        if step not in SIDE_BY_SIDE and any(flow_step(t.task_id) == step for t in dag.tasks)
    ]
    for task in dag.tasks:
        step = flow_step(task.task_id)
        previous = present[present.index(step) - 1] if present.index(step) > 0 else None
        upstream_steps = {flow_step(task_id) for task_id in task.upstream_task_ids}
        assert upstream_steps <= {step, previous}, (task.task_id, upstream_steps)
        if previous and step not in upstream_steps:
            assert upstream_steps == {previous}, task.task_id
    # The whole chain is connected: every present step reaches the next one.
    for earlier, later in itertools.pairwise(present):
        later_tasks = [t for t in dag.tasks if flow_step(t.task_id) == later]
        assert any(flow_step(upstream) == earlier for t in later_tasks for upstream in t.upstream_task_ids), (
            earlier,
            later,
        )


def test_run_statistics_are_recorded_even_after_a_failure(dag):
    land = dag.get_task(f"{FINAL_STEP}.land_run_context")
    build = dag.get_task(f"{FINAL_STEP}.build_run_statistics")
    finish = dag.get_task(f"{FINAL_STEP}.finish_run")
    assert land.trigger_rule == "all_done"
    assert build.upstream_task_ids == {land.task_id}
    assert finish.upstream_task_ids == {build.task_id}
    assert dag.leaves == [finish]
    # The final step is bookkeeping: it lands no outcome of its own and runs once.
    for task in (land, build, finish):
        assert task.retries == 0 and not task.on_failure_callback and not task.on_success_callback


def test_the_final_step_builds_the_run_statistics_for_its_run(dag):
    from include.dbt_groups import RUN_STATISTICS

    build = dag.get_task(f"{FINAL_STEP}.build_run_statistics")
    assert build.select == RUN_STATISTICS
    assert build.vars["dag_run_id"] == "{{ run_id }}"


def test_a_run_can_be_restricted_to_one_profile(dag):
    assert "profile_id" in dag.params
    assert dag.params["profile_id"] is None


def test_every_dbt_model_is_built_by_one_step_only(dag):
    # A view rebuilt in a second step is dropped with CASCADE first, and every view over it that
    # this step does not rebuild goes with it (the career-board views did, once).
    steps_of_model: dict[str, set[str]] = {}
    for task_id in dag.task_ids:
        step, _, node = task_id.partition(".")
        if node.endswith("_run"):
            steps_of_model.setdefault(node.removesuffix("_run"), set()).add(step)
    assert steps_of_model["stg_loader__finished_loads"] == {"normalize_jobs"}
    assert {model: steps for model, steps in steps_of_model.items() if len(steps) > 1} == {}
