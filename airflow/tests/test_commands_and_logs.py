"""CLI commands carry the run and profile only through the environment; logs carry no secrets."""

import json
import logging
import subprocess

import pytest
from airflow.providers.common.compat.sdk import AirflowException, AirflowFailException
from include import commands, execution, tasks
from include.logs import log_event, redact, secrets_in_environment


def run_shell(command: str, **env: str) -> list[str]:
    """Run a command with `jobctl` swapped for echo, returning the arguments it would get."""
    shell = command.replace(commands.JOBCTL, "printf '%s\\n'")
    done = subprocess.run(["bash", "-c", shell], env=env, capture_output=True, text=True, check=True)
    return done.stdout.splitlines()


def test_extract_passes_the_run_id_and_no_profile_by_default():
    args = run_shell(commands.extract_job_postings(), PIPELINE_RUN_ID="manual__2026-01-01T07:00:00+00:00")
    assert args == ["extract-jobs", "--run-id", "manual__2026-01-01T07:00:00+00:00"]


def test_extract_restricted_to_one_profile():
    args = run_shell(commands.extract_job_postings(), PIPELINE_RUN_ID="r1", PIPELINE_PROFILE_ID="7")
    assert args == ["extract-jobs", "--run-id", "r1", "--profile", "7"]


def test_a_hostile_run_id_stays_one_argument():
    args = run_shell(
        commands.extract_job_postings(), PIPELINE_RUN_ID="x; rm -rf / $(id)", PIPELINE_PROFILE_ID=""
    )
    assert args == ["extract-jobs", "--run-id", "x; rm -rf / $(id)"]


def test_notify_writes_an_outbox_and_keeps_the_profile_filter():
    args = run_shell(commands.notify_daily(), PIPELINE_RUN_ID="r1", PIPELINE_PROFILE_ID="3")
    assert args[:2] == ["notify", "--outbox"]
    assert args[3:] == ["--run-id", "r1", "--profile", "3"]


def test_profile_env_template_is_empty_without_a_profile():
    assert "params.profile_id" in commands.CLI_ENV["PIPELINE_PROFILE_ID"]
    assert commands.CLI_ENV["PIPELINE_RUN_ID"] == "{{ run_id }}"


def test_secrets_are_found_in_urls_and_key_variables():
    environ = {
        "DATABASE_URL": "postgresql://app:s3cret-pw@db:5432/jobs",
        "SMTP_URL": "smtp://mailer:m41l-pw@smtp:587",
        "JSEARCH_API_KEY": "key-123456",
        "PGPASSWORD": "",
        "HOME": "/root",
    }
    secrets = secrets_in_environment(environ)
    assert {"s3cret-pw", "m41l-pw", "key-123456", environ["DATABASE_URL"]} <= set(secrets)
    assert "/root" not in secrets
    text = f"connect {environ['DATABASE_URL']} failed; key key-123456"
    assert redact(text, secrets) == "connect *** failed; key ***"


def test_airflow_and_app_secrets_go_to_airflows_secret_masker(monkeypatch):
    from airflow.sdk.log import _secrets_masker
    from include.logs import register_secrets_with_airflow

    values = {
        "AIRFLOW__API_AUTH__JWT_SECRET": "jwt-signing-secret-4f9a",
        "AIRFLOW__CORE__FERNET_KEY": "fernet-key-8c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b=",
        "UI_ADMIN_TOKEN": "ui-admin-token-of-more-than-32-characters",
        "UI_SESSION_SECRET": "ui-session-secret-of-more-than-32-characters",
        "LINK_SIGNING_SECRET": "link-signing-secret-of-more-than-32-characters",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    register_secrets_with_airflow()
    line = "task env: " + " ".join(f"{name}={value}" for name, value in values.items())
    masked = _secrets_masker().redact(line)
    for value in values.values():
        assert value not in masked
    assert masked.count("***") == len(values)


def test_a_url_without_password_is_no_secret():
    assert secrets_in_environment({"DATABASE_URL": "postgresql://postgres@127.0.0.1/jobs"}) == []


def test_log_event_is_one_json_line_without_secrets(caplog, monkeypatch):
    monkeypatch.setenv("JSEARCH_API_KEY", "very-secret-key")
    with caplog.at_level(logging.INFO, logger="jobs_etl"):
        log_event("task_failed", dag_run_id="r1", profile_id=2, error="401 for very-secret-key", skipped=None)
    record = json.loads(caplog.records[-1].getMessage())
    assert record == {"event": "task_failed", "dag_run_id": "r1", "profile_id": 2, "error": "401 for ***"}


@pytest.mark.parametrize(
    ("exit_code", "final"),
    [(tasks.EXIT_API_GAVE_UP, True), (1, False), (137, False)],
)
def test_a_cli_step_is_retried_for_a_crash_but_not_when_the_api_gave_up(exit_code, final):
    # Real bash: exit 3 is jobctl's "every request failed after the loaders' retries".
    operator = tasks.CliOperator(task_id=f"exit_{exit_code}", bash_command=f"exit {exit_code}")
    with pytest.raises(AirflowException) as raised:
        operator.execute({})
    assert isinstance(raised.value, AirflowFailException) is final
    assert (f"jobctl exited {exit_code}" in str(raised.value)) is final


def test_every_jobctl_step_runs_as_a_cli_operator(monkeypatch):
    monkeypatch.setenv(f"{execution._PREFIX}EXECUTION_MODE", execution.LOCAL)
    for step in tasks.CLI_STEPS:
        assert isinstance(tasks.cli_task(step), tasks.CliOperator), step
