"""Cosmos configuration: one place that says how dbt runs and which nodes each task group renders.

dbt runs from its own virtualenv (Airflow and dbt cannot share one), against the env-only
profiles.yml (scripts/with-db exports DBT_*). Cosmos renders from a manifest made by `dbt parse`
at setup (mk/airflow.mk), so parsing the DAG never starts dbt.
"""

from dataclasses import dataclass, field

from cosmos import ExecutionConfig, ProfileConfig, ProjectConfig, RenderConfig
from cosmos.constants import (
    DbtResourceType,
    ExecutionMode,
    InvocationMode,
    LoadMode,
    SeedRenderingBehavior,
    TestBehavior,
)

from . import execution
from .paths import DBT_EXECUTABLE, DBT_MANIFEST, DBT_PROFILES_YML, DBT_PROJECT_DIR

# Landing and config tables belong to initialize_tables (scripts/init-db.sh), never to a group.
NOT_TRANSFORMATIONS = ["tag:landing", "tag:config"]

# Elementary's on-run-end hook would upload every artifact from every Cosmos task (cosmos #1338,
# #1443); when the package is installed, switch the per-task uploads off. The project's data-quality
# report is built once from dbt's own artifacts instead. Without elementary there is no hook, and no
# --vars either, so each task can reuse the partial parse of the manifest.
ELEMENTARY_VARS = {
    "disable_dbt_artifacts_autoupload": True,
    "disable_run_results": True,
    "disable_tests_results": True,
    "disable_dbt_invocation_autoupload": True,
}


def dbt_vars() -> dict[str, bool] | None:
    """None (not {}) without elementary: Cosmos would pass `--vars {}` and void the partial parse."""
    return ELEMENTARY_VARS if (DBT_PROJECT_DIR / "dbt_packages" / "elementary").is_dir() else None


@dataclass(frozen=True)
class GroupSelection:
    """Which dbt nodes one pipeline step renders (dbt selector syntax, as Cosmos understands it)."""

    select: list[str]
    exclude: list[str] = field(default_factory=lambda: list(NOT_TRANSFORMATIONS))


# The marts dbt_modelling builds; rank_jobs builds dim_ranking on top of them.
MARTS_BEFORE_RANKING = ("fact_jobs", "dim_companies", "bridge_profile_jobs")

# Postings: base staging -> enrichment (skills, seniority) -> the published staging tables, for
# JSearch and the watched career boards, landed side by side.
POSTINGS = ["+stg_jsearch__job_postings", "+stg_boards__job_postings"]
# Base staging shared by postings and companies. normalize_jobs builds it; a second build in
# normalize_companies would drop its views over it with CASCADE. Named, because Cosmos's "+"
# exclusion of POSTINGS does not reach it (test_every_dbt_model_is_built_by_one_step_only).
SHARED_BASE_STAGING = ["stg_loader__finished_loads"]

SELECTIONS = {
    "normalize_jobs": GroupSelection(select=POSTINGS),
    # Companies landed by extract_companies.
    "normalize_companies": GroupSelection(
        select=["+stg_glassdoor__companies"],
        exclude=[*NOT_TRANSFORMATIONS, *POSTINGS, *SHARED_BASE_STAGING],
    ),
    # Facts and dimensions; independent marts have no edge between them and build side by side.
    # The employers of the postings are an intermediate step only dim_companies reads.
    "dbt_modelling": GroupSelection(
        select=["path:models/marts", "int_companies__posting_employers"],
        exclude=[*NOT_TRANSFORMATIONS, "dim_ranking+"],
    ),
    # Scores every job for every profile: dim_ranking and what only it needs, then the view of each
    # profile's top jobs that the notifier reads (rebuilding fact_jobs drops it, so it comes last),
    # and the analytics views (one per BI dashboard, read by the app's /insights page and jobs_bi).
    "rank_jobs": GroupSelection(
        select=["+dim_ranking", "profile_top_jobs", "path:models/analytics"],
        exclude=[*NOT_TRANSFORMATIONS, *(f"+{mart}" for mart in MARTS_BEFORE_RANKING)],
    ),
}
# What the final step builds for one run: the run statistics over the landed task outcomes
# (models/ops) and the one base view only they read. The run goes in as var dag_run_id.
RUN_STATISTICS = ["stg_loader__loads", "tag:ops"]

# Tests whose outcome only a code change can change (dbt_project.yml: the tests of the seeds, of the
# intermediate models and of views, which hold no data of their own; and, tagged in their yml, key
# tests that landing tables' primary keys decide). `make test` runs them.
CODE_CHECKS = ["tag:code_checks"]

# What dbt_tests tests: the data of every model and seed. Tests of macros over literal rows, dbt
# unit tests and the code checks check code, not data: they belong to `make test`.
TEST_SELECTION = GroupSelection(
    select=["path:models", "path:seeds"],
    exclude=["path:tests/macros", "resource_type:unit_test", *CODE_CHECKS],
)

PROFILE_CONFIG = ProfileConfig(
    profile_name="jobs_platform",
    target_name="default",
    profiles_yml_filepath=DBT_PROFILES_YML,
)

EXECUTION_CONFIG = ExecutionConfig(
    execution_mode=ExecutionMode.LOCAL,
    invocation_mode=InvocationMode.SUBPROCESS,
    dbt_executable_path=DBT_EXECUTABLE,
)
# On AWS every model is one ECS task of the dbt image (Cosmos AWS_ECS), so MWAA never installs dbt.
AWS_EXECUTION_CONFIG = ExecutionConfig(execution_mode=ExecutionMode.AWS_ECS)


def execution_config() -> ExecutionConfig:
    return AWS_EXECUTION_CONFIG if execution.mode() == execution.AWS else EXECUTION_CONFIG


def aws_operator_args() -> dict:
    """RunTask arguments Cosmos passes to each AWS_ECS operator; only plain variables, no secrets."""
    aws = execution.AwsSettings.from_env()
    return {
        **aws.run_task_args(aws.dbt_task_definition, "dbt"),
        "container_name": "dbt",
        "environment_variables": {"JOBS_IMAGE_TAG": aws.image_tag, "PIPELINE_RUN_ID": "{{ run_id }}"},
    }


def operator_args(**extra) -> dict:
    """Cosmos operator_args for a task group in the current execution mode."""
    return {**(aws_operator_args() if execution.mode() == execution.AWS else {}), **extra}


def project_config() -> ProjectConfig:
    return ProjectConfig(
        dbt_project_path=DBT_PROJECT_DIR,
        manifest_path=DBT_MANIFEST,
        install_dbt_deps=False,
        dbt_vars=dbt_vars(),
        partial_parse=True,
    )


def render_config(step: str) -> RenderConfig:
    """The models of one step, one task per model, no tests (dbt_tests runs them all at once)."""
    selection = SELECTIONS[step]
    return RenderConfig(
        load_method=LoadMode.DBT_MANIFEST,
        select=selection.select,
        exclude=selection.exclude,
        test_behavior=TestBehavior.NONE,
        # Seeds (reference dictionaries) are loaded once per run by initialize_tables (load_seeds).
        seed_rendering_behavior=SeedRenderingBehavior.NONE,
    )


def _not_rendered(**_: object) -> None:
    """Node converter that drops a node: the test group runs tests, not models again."""
    return None


def test_render_config() -> RenderConfig:
    """A single `dbt test` task over everything (Cosmos AFTER_ALL), with the models themselves not re-run."""
    return RenderConfig(
        load_method=LoadMode.DBT_MANIFEST,
        select=TEST_SELECTION.select,
        exclude=TEST_SELECTION.exclude,
        test_behavior=TestBehavior.AFTER_ALL,
        node_converters={
            DbtResourceType.MODEL: _not_rendered,
            DbtResourceType.SEED: _not_rendered,
            DbtResourceType.SNAPSHOT: _not_rendered,
        },
    )


def _dbt_task(command: str, task_id: str, **args):
    """One Cosmos task running a single dbt command ("seed" or "run"), locally or as an ECS task."""
    common = {
        "task_id": task_id,
        "project_dir": str(DBT_PROJECT_DIR),
        "profile_config": PROFILE_CONFIG,
        "install_deps": False,
        **args,
    }
    if execution.mode() == execution.AWS:
        from cosmos.operators.aws_ecs import DbtRunAwsEcsOperator, DbtSeedAwsEcsOperator

        aws_operators = {"seed": DbtSeedAwsEcsOperator, "run": DbtRunAwsEcsOperator}
        return aws_operators[command](**common, **aws_operator_args())
    from cosmos import DbtRunLocalOperator, DbtSeedLocalOperator

    local_operators = {"seed": DbtSeedLocalOperator, "run": DbtRunLocalOperator}
    return local_operators[command](**common, dbt_executable_path=str(DBT_EXECUTABLE))


def seed_task(task_id: str):
    """The one `dbt seed` task that loads every reference dictionary."""
    return _dbt_task("seed", task_id, vars=dbt_vars())


def run_statistics_task(task_id: str, **extra):
    """The final step's `dbt run` of RUN_STATISTICS for this DAG run."""
    run_vars = {**(dbt_vars() or {}), "dag_run_id": "{{ run_id }}"}
    return _dbt_task("run", task_id, select=RUN_STATISTICS, vars=run_vars, **extra)
