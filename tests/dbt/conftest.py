"""A fresh warehouse database per session for the dbt suite: created on the DATABASE_URL server,
initialised with `scripts/init-db.sh`, dropped at the end."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
DBT_EXECUTABLE = REPO_ROOT / ".venv" / "dbt" / "bin" / "dbt"
DBT_DIR = REPO_ROOT / "dbt"


@dataclass
class Warehouse:
    url: str
    env: dict[str, str]
    target_path: Path
    log_path: Path
    runs: list[subprocess.CompletedProcess] = field(default_factory=list)

    def connect(self):
        connection = psycopg2.connect(self.url)
        connection.autocommit = True
        return connection

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self.connect() as connection, connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else []

    def dbt(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [str(DBT_EXECUTABLE), *args, "--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR)],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        self.runs.append(result)
        if check and result.returncode != 0:
            raise AssertionError(
                f"dbt {' '.join(args)} failed:\n{result.stdout[-6000:]}\n{result.stderr[-2000:]}"
            )
        return result


def server_url() -> str:
    return os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def libpq_env(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    values = {
        "HOST": parts.hostname or "127.0.0.1",
        "PORT": str(parts.port or 5432),
        "USER": parts.username or "postgres",
        "PASSWORD": parts.password or "",
        "DATABASE": parts.path.lstrip("/"),
    }
    env = {f"PG{key}": value for key, value in values.items()}
    env |= {f"DBT_{key}": value for key, value in values.items()}
    env["DATABASE_URL"] = url
    return env


@contextmanager
def fresh_warehouse(work: Path) -> Iterator[Warehouse]:
    """A new database on the DATABASE_URL server, initialised with scripts/init-db.sh, dropped after."""
    name = f"jobs_test_dbt_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(with_database(server_url(), "postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'create database "{name}"')
    url = with_database(server_url(), name)
    # Own target and log folders: other dbt runs in the same checkout keep theirs.
    env = {
        **os.environ,
        **libpq_env(url),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_TARGET_PATH": str(work / "target"),
        "DBT_LOG_PATH": str(work / "logs"),
    }
    warehouse = Warehouse(url=url, env=env, target_path=work / "target", log_path=work / "logs")
    try:
        init = subprocess.run(
            ["bash", str(REPO_ROOT / "scripts" / "init-db.sh")],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert init.returncode == 0, init.stdout + init.stderr
        yield warehouse
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'drop database if exists "{name}" with (force)')
        admin.close()


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory) -> Iterator[Warehouse]:
    with fresh_warehouse(tmp_path_factory.mktemp("dbt")) as session_warehouse:
        yield session_warehouse
