"""Airflow's own state (metadata DB, run list, logs) is kept per project database, so switching
DATABASE_URL never shows another database's runs, and the UI's title names the database."""

import os
import subprocess
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def make_variables(database_url: str | None) -> dict[str, str]:
    """What mk/airflow.mk exports, read from make's database of rules without running anything."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("AIRFLOW", "PG"))}
    env.pop("DATABASE_URL", None)
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    printed = subprocess.run(
        ["make", "--no-print-directory", "-pn", "airflow-setup"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    values = {}
    for line in printed.splitlines():
        name, separator, value = line.partition(" := ")
        if separator and name in {"AIRFLOW_HOME", "AIRFLOW__API__INSTANCE_NAME"}:
            values[name] = value
    return values


def test_each_database_has_its_own_airflow_home_and_ui_title():
    first = make_variables("postgresql://postgres@127.0.0.1:5432/jobs_alpha")
    second = make_variables("postgresql://postgres@127.0.0.1:5432/jobs_beta?sslmode=disable")
    assert first["AIRFLOW_HOME"] == str(REPO_ROOT / ".local" / "airflow" / "jobs_alpha")
    assert second["AIRFLOW_HOME"] == str(REPO_ROOT / ".local" / "airflow" / "jobs_beta")
    assert first["AIRFLOW__API__INSTANCE_NAME"].endswith("database jobs_alpha")


def test_the_embedded_default_and_odd_names_map_to_safe_folders():
    assert make_variables(None)["AIRFLOW_HOME"] == str(REPO_ROOT / ".local" / "airflow" / "jobs")
    odd = make_variables("postgresql://postgres@127.0.0.1:5432/my%20db%2F..")
    assert odd["AIRFLOW_HOME"] == str(REPO_ROOT / ".local" / "airflow" / "my_db___")
