"""The pipeline's steps, in flow order, and how tasks map onto them: the DAG's wiring. The rules that
turn task and load outcomes into run statuses are SQL (dbt/models/ops, dbt/macros/run_statuses.sql)."""

import json
from collections.abc import Iterable, Iterator

DAG_ID = "jobs_etl_daily"
SCHEDULE = "0 7 * * *"
TIMEZONE = "America/Toronto"
TAGS = ["jobs", "etl", "dbt", "cosmos"]

# The flow, in order. Cosmos task groups carry the step name as their group id.
STEPS = (
    "initialize_tables",
    "extract_job_postings",
    # Runs beside extract_job_postings (SIDE_BY_SIDE); both feed normalize_jobs.
    "extract_boards",
    "normalize_jobs",
    "extract_companies",
    "normalize_companies",
    "dbt_modelling",
    "rank_jobs",
    "dbt_tests",
    "notify_daily",
)
# Steps that run side by side with the step named, at its place in the flow.
SIDE_BY_SIDE = {"extract_boards": "extract_job_postings"}
# Runs after everything, whatever happened: lands the run's context, builds the run statistics
# (dbt/models/ops) and publishes them. Its step name is also the landing row's step in SQL.
FINAL_STEP = "record_run_statistics"

# A task's outcome, as the callbacks land it.
SUCCESS, FAILED = "success", "failed"


def stages(steps: Iterable[str] = STEPS) -> Iterator[tuple[str, ...]]:
    """The flow as consecutive stages: each step with the steps that run beside it, in STEPS order."""
    steps = tuple(steps)
    for step in steps:
        if step not in SIDE_BY_SIDE:
            yield (step, *(other for other in steps if SIDE_BY_SIDE.get(other) == step))


def step_of(task_id: str) -> str:
    """The pipeline step a task belongs to: Cosmos tasks are `<group>.<node>_run`."""
    return task_id.split(".", 1)[0]


def parse_cli_summary(output: object) -> dict | None:
    """The JSON summary a jobctl command prints as its last stdout line (BashOperator's XCom)."""
    if not isinstance(output, str) or not output.strip().startswith("{"):
        return None
    try:
        summary = json.loads(output)
    except ValueError:
        return None
    return summary if isinstance(summary, dict) else None


def steps_present(task_ids: Iterable[str]) -> tuple[str, ...]:
    """The pipeline steps that have at least one task, in flow order."""
    present = {step_of(task_id) for task_id in task_ids}
    return tuple(step for step in STEPS if step in present)
