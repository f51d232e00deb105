"""The pipeline's steps and the pure rules that turn task and load outcomes into run statuses."""

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

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
# Runs after everything, whatever happened, and writes the profile run statistics.
FINAL_STEP = "record_run_statistics"
# Steps that happen before a profile has any data of its own: failing here fails every profile.
STEPS_BEFORE_DATA = ("initialize_tables", "extract_job_postings")

SUCCESS, PARTIAL, FAILED, SKIPPED = "success", "partial", "failed", "skipped"
_SEVERITY = {SKIPPED: 0, SUCCESS: 1, PARTIAL: 2, FAILED: 3}


def stages(steps: Iterable[str] = STEPS) -> Iterator[tuple[str, ...]]:
    """The flow as consecutive stages: each step with the steps that run beside it, in STEPS order."""
    steps = tuple(steps)
    for step in steps:
        if step not in SIDE_BY_SIDE:
            yield (step, *(other for other in steps if SIDE_BY_SIDE.get(other) == step))


def step_of(task_id: str) -> str:
    """The pipeline step a task belongs to: Cosmos tasks are `<group>.<node>_run`."""
    return task_id.split(".", 1)[0]


def worst(statuses: Iterable[str]) -> str:
    """The most severe status (failed > partial > success > skipped); success when empty."""
    return max(statuses, key=_SEVERITY.__getitem__, default=SUCCESS)


@dataclass(frozen=True)
class LoadOutcome:
    """One profile's extraction in this run, summed over its load batches (raw.dwh_loads)."""

    loads: int = 0
    failed_loads: int = 0
    rows: int = 0
    api_calls: int = 0
    api_errors: int = 0
    error_message: str | None = None

    @property
    def status(self) -> str:
        if self.loads == 0:
            return SKIPPED
        if self.failed_loads == self.loads:
            return FAILED
        if self.failed_loads or self.api_errors:
            return PARTIAL
        return SUCCESS


def profile_run_status(
    step_statuses: Mapping[str, str], extract_status: str, own_failures: Iterable[str] = ()
) -> str:
    """A profile's outcome for the whole run.

    failed  - the run broke before the profile had data, or its own extraction failed (or never ran);
    partial - it got data, but a later step failed (for everyone, or just for this profile, such as
              its digest), or some of its API calls errored;
    success - everything ran.
    """
    if any(step_statuses.get(step) == FAILED for step in STEPS_BEFORE_DATA):
        return FAILED
    if extract_status in (FAILED, SKIPPED):
        return FAILED
    later = [status for step, status in step_statuses.items() if step not in STEPS_BEFORE_DATA]
    if FAILED in later or SKIPPED in later or extract_status == PARTIAL or any(True for _ in own_failures):
        return PARTIAL
    return SUCCESS


# Per-profile statuses the CLIs print in their JSON summary, as run-metrics statuses.
CLI_STATUSES = {
    "success": SUCCESS, "partial": PARTIAL, "failed": FAILED, "skipped": SKIPPED,
    "sent": SUCCESS, "would_send": SUCCESS,
    # The SMTP outcome is unknown (the mail may be out): an alert, never a silent success.
    "unknown": FAILED,
}  # fmt: skip


def parse_cli_summary(output: object) -> dict | None:
    """The JSON summary a jobctl command prints as its last stdout line (BashOperator's XCom)."""
    if not isinstance(output, str) or not output.strip().startswith("{"):
        return None
    try:
        summary = json.loads(output)
    except ValueError:
        return None
    return summary if isinstance(summary, dict) else None


def per_profile(summary: dict | None, key: str) -> dict[int, dict]:
    """The summary's per-profile entries (extract-jobs: "profiles", notify: "results") by profile id."""
    entries = (summary or {}).get(key) or []
    return {
        int(entry["profile_id"]): entry
        for entry in entries
        if isinstance(entry, dict) and str(entry.get("profile_id", "")).isdigit()
    }


def run_status(step_statuses: Mapping[str, str]) -> str:
    """The run as a whole: failed when any step failed; a step that did not run (upstream failed)
    counts as failed. Only the steps given count (those the DAG has)."""
    statuses = list(step_statuses.values())
    if FAILED in statuses or SKIPPED in statuses:
        return FAILED
    return worst(statuses)


def steps_present(task_ids: Iterable[str]) -> tuple[str, ...]:
    """The pipeline steps that have at least one task, in flow order."""
    present = {step_of(task_id) for task_id in task_ids}
    return tuple(step for step in STEPS if step in present)
