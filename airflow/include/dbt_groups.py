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

from .paths import DBT_EXECUTABLE, DBT_MANIFEST, DBT_PROFILES_YML, DBT_PROJECT_DIR

# Landing and config tables belong to initialize_tables (scripts/init-db.sh), never to a group.
NOT_TRANSFORMATIONS = ["tag:landing", "tag:config"]

# Elementary's on-run-end hook would upload every artifact from every Cosmos task; the data-quality
# report is built once from dbt's own artifacts instead, so switch the per-task uploads off.
DBT_VARS = {
    "disable_dbt_artifacts_autoupload": True,
    "disable_run_results": True,
    "disable_tests_results": True,
    "disable_dbt_invocation_autoupload": True,
}


@dataclass(frozen=True)
class GroupSelection:
    """Which dbt nodes one pipeline step renders (dbt selector syntax, as Cosmos understands it)."""

    select: list[str]
    exclude: list[str] = field(default_factory=lambda: list(NOT_TRANSFORMATIONS))


SELECTIONS = {
    # Postings: cleaned -> skills -> staging view with seniority (enrichment sits here).
    "normalize_jobs": GroupSelection(select=["+stg_jsearch__job_postings"]),
    # Companies landed by extract_companies.
    "normalize_companies": GroupSelection(
        select=["+stg_glassdoor__companies"],
        exclude=[*NOT_TRANSFORMATIONS, "+stg_jsearch__job_postings"],
    ),
    # Facts and dimensions; independent marts have no edge between them and build side by side.
    "dbt_modelling": GroupSelection(
        select=["path:models/marts"],
        exclude=[*NOT_TRANSFORMATIONS, "dim_ranking+"],
    ),
    # Scores every job for every profile.
    "rank_jobs": GroupSelection(
        select=["+dim_ranking"],
        exclude=[
            *NOT_TRANSFORMATIONS,
            "+stg_jsearch__job_postings",
            "+stg_glassdoor__companies",
            "path:models/marts",
        ],
    ),
}
# What dbt_tests tests: every transformation the run built, plus the landing tables' own tests.
TEST_SELECTION = GroupSelection(select=["path:models", "path:seeds"], exclude=[])

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


def project_config() -> ProjectConfig:
    return ProjectConfig(
        dbt_project_path=DBT_PROJECT_DIR,
        manifest_path=DBT_MANIFEST,
        install_dbt_deps=False,
        dbt_vars=DBT_VARS,
        partial_parse=True,
    )


def render_config(step: str) -> RenderConfig:
    """Models and seeds of one step, one task per node, no tests (dbt_tests runs them all at once)."""
    selection = SELECTIONS[step]
    return RenderConfig(
        load_method=LoadMode.DBT_MANIFEST,
        select=selection.select,
        exclude=selection.exclude,
        test_behavior=TestBehavior.NONE,
        # Always reload seeds: Cosmos' WHEN_SEED_CHANGES remembers checksums per DAG, not per
        # database, so a fresh warehouse (tests, a new demo database) would miss its dictionaries.
        seed_rendering_behavior=SeedRenderingBehavior.ALWAYS,
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
