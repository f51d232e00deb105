"""Airflow environment for the DAG tests: project-local home, no examples, our DAGs folder.

Set before anything imports airflow. `make test` also runs `airflow-setup` (manifest + metadata DB).
"""

import os
import subprocess
import warnings
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
# mk/airflow.mk keeps one Airflow home per project database; the same default when run by hand.
os.environ.setdefault(
    "AIRFLOW_HOME", str(REPO_ROOT / ".local" / "airflow" / os.environ.get("PGDATABASE", "jobs"))
)
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(REPO_ROOT / "airflow" / "dags")

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def fresh_manifest() -> Path:
    """The dbt manifest Cosmos renders from, re-parsed when any dbt file is newer."""
    from include.paths import DBT_EXECUTABLE, DBT_MANIFEST, DBT_PROJECT_DIR, stale_dbt_sources

    if stale_dbt_sources():
        parse = subprocess.run(
            [str(DBT_EXECUTABLE), "parse", "--quiet"],
            cwd=DBT_PROJECT_DIR, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        if parse.returncode != 0:
            if not DBT_MANIFEST.exists():
                pytest.fail(f"dbt parse failed and there is no manifest:\n{parse.stdout}{parse.stderr}")
            warnings.warn(f"dbt parse failed, using the previous manifest:\n{parse.stdout}", stacklevel=1)
        else:
            DBT_MANIFEST.touch()
    return DBT_MANIFEST


@pytest.fixture(scope="session")
def dagbag(fresh_manifest):
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=os.environ["AIRFLOW__CORE__DAGS_FOLDER"])


@pytest.fixture(scope="session")
def dag(dagbag):
    return dagbag.dags["jobs_etl_daily"]
