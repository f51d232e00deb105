"""Structured task logs (one JSON object per line) that never carry a secret."""

import json
import logging
import os
from typing import Any
from urllib.parse import urlsplit

log = logging.getLogger("jobs_etl")

# Environment variables that are secrets themselves, and URLs that may embed a password.
# Airflow masks its own connections and variables, but not these: the api-server's JWT signing
# secret, the Fernet key and the profile app's secrets reach the tasks' environment through compose.
SECRET_VARIABLES = (
    "PGPASSWORD",
    "DBT_PASSWORD",
    "JSEARCH_API_KEY",
    "GLASSDOOR_API_KEY",
    "AIRFLOW__API_AUTH__JWT_SECRET",
    "AIRFLOW__CORE__FERNET_KEY",
    "AIRFLOW_JWT_SECRET",
    "AIRFLOW_FERNET_KEY",
    "UI_ADMIN_TOKEN",
    "UI_SESSION_SECRET",
    "LINK_SIGNING_SECRET",
)
URL_VARIABLES = ("DATABASE_URL", "SMTP_URL", "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN")


def secrets_in_environment(environ: dict[str, str] | None = None) -> list[str]:
    """Every secret value the pipeline's environment holds (URLs and their passwords)."""
    environ = dict(os.environ if environ is None else environ)
    found = [environ[name] for name in SECRET_VARIABLES if environ.get(name)]
    for name in URL_VARIABLES:
        url = environ.get(name)
        if not url:
            continue
        password = urlsplit(url).password
        if password:
            found += [url, password]
    # Longest first, so a URL is replaced whole before its password alone.
    return sorted(set(found), key=len, reverse=True)


def redact(text: str, secrets: list[str] | None = None) -> str:
    for secret in secrets_in_environment() if secrets is None else secrets:
        text = text.replace(secret, "***")
    return text


def register_secrets_with_airflow() -> None:
    """Let Airflow's masker hide the same values in every task log line (dbt and CLI output included)."""
    from airflow.sdk.log import mask_secret

    for secret in secrets_in_environment():
        mask_secret(secret)


def log_event(event: str, level: int = logging.INFO, **fields: Any) -> None:
    """One JSON line: the event, then run/profile/task context and measures."""
    payload = {"event": event, **{key: value for key, value in fields.items() if value is not None}}
    log.log(level, redact(json.dumps(payload, default=str, sort_keys=False)))
