"""Where things live. Everything is derived from the repository root so the DAG runs from any clone."""

import os
from pathlib import Path

# On MWAA, include/ is a top-level package of the DAG bucket and the rest of the repository's files
# sit apart from it: the orchestration stack says where (jobs.repo_root, .github/workflows/deploy.yml).
REPO_ROOT = Path(
    os.environ.get("AIRFLOW__JOBS__REPO_ROOT")
    or os.environ.get("JOBS_REPO_ROOT")
    or Path(__file__).resolve().parents[2]
)
DBT_PROJECT_DIR = REPO_ROOT / "dbt"
DBT_PROFILES_YML = DBT_PROJECT_DIR / "profiles.yml"
# The manifest Cosmos renders from; produced by `dbt parse` in mk/airflow.mk (never at DAG parse time).
DBT_MANIFEST = Path(os.environ.get("JOBS_DBT_MANIFEST", DBT_PROJECT_DIR / "target" / "manifest.json"))
DBT_EXECUTABLE = Path(os.environ.get("DBT_EXECUTABLE", REPO_ROOT / ".venv" / "dbt" / "bin" / "dbt"))
INIT_DB_SCRIPT = REPO_ROOT / "scripts" / "init-db.sh"
JOBCTL = "npx --no-install jobctl"
# The last dbt_tests run's run_results.json + manifest.json, for the data-quality report.
DBT_TEST_ARTIFACTS = Path(
    os.environ.get(
        "JOBS_DBT_TEST_ARTIFACTS",
        Path(os.environ.get("AIRFLOW_HOME", REPO_ROOT / ".local" / "airflow")) / "dbt-test-artifacts",
    )
)
# Where notify_daily writes each digest as .eml + .html besides sending it.
MAIL_OUTBOX = Path(os.environ.get("JOBS_MAIL_OUTBOX", REPO_ROOT / "out" / "mail"))


def dbt_sources() -> list[Path]:
    """Every file whose change makes the manifest stale."""
    suffixes = {".sql", ".yml", ".yaml", ".csv", ".md"}
    skip = {"target", "dbt_packages", "logs"}
    found = []
    for path in DBT_PROJECT_DIR.rglob("*"):
        if path.suffix in suffixes and not skip.intersection(path.relative_to(DBT_PROJECT_DIR).parts):
            found.append(path)
    return found


def stale_dbt_sources() -> list[Path]:
    """dbt files newer than the manifest (all of them when there is no manifest)."""
    if not DBT_MANIFEST.exists():
        return dbt_sources()
    built = DBT_MANIFEST.stat().st_mtime
    return [path for path in dbt_sources() if path.stat().st_mtime > built]
