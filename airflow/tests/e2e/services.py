"""Real processes the end-to-end tests run against: a fresh database, the fake APIs, the SMTP sink."""

import json
import os
import secrets
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

import psycopg

REPO_ROOT = Path(__file__).resolve().parents[3]
JOBCTL = ["npx", "--no-install", "jobctl"]


def database_env(url: str) -> dict[str, str]:
    """The PG* and DBT_* variables scripts/with-db would export for this URL."""
    parts = urlsplit(url)
    values = {
        "HOST": parts.hostname or "127.0.0.1",
        "PORT": str(parts.port or 5432),
        "USER": unquote(parts.username or "postgres"),
        "PASSWORD": unquote(parts.password or ""),
        "DATABASE": unquote(parts.path.lstrip("/")) or "postgres",
    }
    env = {"DATABASE_URL": url}
    for key, value in values.items():
        env[f"PG{key}"] = value
        env[f"DBT_{key}"] = value
    return env


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@contextmanager
def fresh_database(prefix: str) -> Iterator[str]:
    """A new, empty database on DATABASE_URL's server; dropped afterwards."""
    base = os.environ["DATABASE_URL"]
    name = f"{prefix}_{secrets.token_hex(4)}"
    admin = _with_database(base, "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    try:
        yield _with_database(base, name)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'drop database if exists "{name}" with (force)')


@dataclass
class Service:
    process: subprocess.Popen
    announcement: dict

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


@contextmanager
def background(args: list[str], log_dir: Path, name: str, env: dict[str, str]) -> Iterator[Service]:
    """Start a jobctl server in its own process group and wait for the JSON line it prints."""
    stderr = (log_dir / f"{name}.err").open("w")
    process = subprocess.Popen(
        [*JOBCTL, *args],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
        start_new_session=True,
    )
    service = Service(process, {})
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if line.startswith("{"):
                service.announcement = json.loads(line)
                break
            if not line and process.poll() is not None:
                break
        # Keep draining stdout so a chatty server never blocks on a full pipe.
        threading.Thread(target=process.stdout.read, daemon=True).start()
        if not service.announcement:
            stderr.flush()
            raise RuntimeError(f"{name} did not start: {(log_dir / f'{name}.err').read_text()[-2000:]}")
        yield service
    finally:
        service.stop()
        stderr.close()
