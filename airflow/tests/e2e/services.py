"""Real processes the end-to-end tests run against: a fresh database, the fake APIs, the SMTP sink."""

import json
import os
import secrets
import signal
import socket
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
AIRFLOW = str(REPO_ROOT / ".venv" / "airflow" / "bin" / "airflow")

# The pipeline runs' fixture: two healthy profiles and one whose searches all fail (the fake API
# answers 500 to its query), so one run shows success and a recorded failure.
BROKEN_QUERY = "e2e-broken-profile engineer"
API_KEY = "e2e-key-" + "7f3a9c1d5b"  # must never show up in a log
PROFILES = [
    # name, query, location, country, email
    ("e2e data engineer", "data engineer", "Toronto, ON", "ca", "data@e2e.localhost"),
    ("e2e python developer", "python developer", None, "us", "python@e2e.localhost"),
    ("e2e broken profile", BROKEN_QUERY, None, "us", "broken@e2e.localhost"),
]


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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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


def _insert_profiles(url: str) -> dict[str, int]:
    ids = {}
    with psycopg.connect(url, autocommit=True) as conn:
        for name, query, location, country, email in PROFILES:
            row = conn.execute(
                """insert into marts.profile_preferences
                       (profile_name, query, location, country, email, preferred_skills, employment_types)
                   values (%s, %s, %s, %s, %s, array['Python', 'SQL'], array['FULLTIME'])
                   returning profile_id""",
                (name, query, location, country, email),
            ).fetchone()
            ids[name] = row[0]
    return ids


@dataclass
class PipelineServices:
    url: str
    env: dict[str, str]
    profile_ids: dict[str, int]
    outbox: Path
    received: Path


@contextmanager
def pipeline_services(work: Path, prefix: str) -> Iterator[PipelineServices]:
    """What one jobs_etl_daily run needs: a fresh, initialised warehouse with PROFILES, the fake
    APIs (seed 7, BROKEN_QUERY failing) and the SMTP sink; `env` points the DAG's CLIs at them."""
    outbox, received, airflow_home = work / "outbox", work / "received", work / "airflow"
    for folder in (outbox, received, airflow_home):
        folder.mkdir(exist_ok=True)
    with fresh_database(prefix) as url:
        env = {
            **os.environ,
            **database_env(url),
            "AIRFLOW_HOME": str(airflow_home),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__DAGS_FOLDER": str(REPO_ROOT / "airflow" / "dags"),
            # The DAG files import airflow/include as `include` (as mk/airflow.mk sets it).
            "PYTHONPATH": str(REPO_ROOT / "airflow"),
            "PIPELINE_RETRY_DELAY_S": "1",
            "JOBS_MAIL_OUTBOX": str(outbox),
            "JSEARCH_API_KEY": API_KEY,
            "GLASSDOOR_API_KEY": API_KEY,
            "MAIL_FROM": "Job digest <digest@e2e.localhost>",
        }
        env.pop("JSEARCH_RAPIDAPI_HOST", None)
        env.pop("GLASSDOOR_RAPIDAPI_HOST", None)
        subprocess.run(["bash", "scripts/init-db.sh"], cwd=REPO_ROOT, env=env, check=True, timeout=300)
        profile_ids = _insert_profiles(url)
        fake_args = ["fake-api", "--port", "0", "--seed", "7", "--require-key", API_KEY,
                     "--faults", f"500:query={BROKEN_QUERY.split()[0]}"]  # fmt: skip
        with (
            background(fake_args, work, "fake-api", env) as api,
            background(["smtp-sink", "--port", "0", "--dir", str(received)], work, "smtp-sink", env) as sink,
        ):
            env |= {
                "JSEARCH_BASE_URL": api.announcement["url"],
                "GLASSDOOR_BASE_URL": api.announcement["url"],
                "SMTP_URL": f"smtp://127.0.0.1:{sink.announcement['port']}",
            }
            yield PipelineServices(url, env, profile_ids, outbox, received)


def dags_test(env: dict[str, str], log_file: Path, *extra: str) -> tuple[int, str]:
    """`airflow dags test jobs_etl_daily` in one process (the local path), its output kept in log_file."""
    done = subprocess.run(
        [AIRFLOW, "dags", "test", "jobs_etl_daily", *extra],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=1500,
    )  # fmt: skip
    log = done.stdout + done.stderr
    log_file.write_text(log)
    return done.returncode, log
