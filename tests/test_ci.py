"""The CI entry points: .ci/run and the GitHub workflow run the same `make test`, non-interactively,
against an existing PostgreSQL (never the embedded one)."""

import os
import subprocess
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
CI_RUN = REPO_ROOT / ".ci" / "run"
WORKFLOW = REPO_ROOT / ".github" / "workflows" / "ci.yml"


def test_ci_run_is_strict_bash_that_calls_make_test():
    text = CI_RUN.read_text()
    assert os.access(CI_RUN, os.X_OK), ".ci/run must be executable"
    assert text.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in text
    assert "exec </dev/null" in text, "CI has no stdin; nothing may wait for input"
    assert "make --no-print-directory test" in text
    assert 'DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/jobs_ci}"' in text
    syntax = subprocess.run(["bash", "-n", str(CI_RUN)], capture_output=True, text=True)
    assert syntax.returncode == 0, syntax.stderr


def test_workflow_runs_ci_run_against_a_postgres_15_service():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    # PyYAML reads the bare key `on` as True.
    triggers = workflow.get("on", workflow.get(True))
    assert "pull_request" in triggers
    job = workflow["jobs"]["test"]
    assert job["services"]["postgres"]["image"].startswith("postgres:15-bookworm@sha256:")
    assert job["services"]["redis"]["ports"] == ["6379:6379"]  # test-celery's broker
    assert job["env"]["DATABASE_URL"].startswith("postgresql://postgres@127.0.0.1:5432/")
    steps = job["steps"]
    uses = {step.get("uses", "").split("@")[0]: step for step in steps}
    assert uses["actions/setup-node"]["with"]["node-version"] == "20"
    assert uses["actions/setup-python"]["with"]["python-version"] == "3.11"
    for path in uses["actions/setup-python"]["with"]["cache-dependency-path"].split():
        assert (REPO_ROOT / path).is_file(), f"pip cache keyed on missing {path}"
    assert any(step.get("run", "").strip() == ".ci/run" for step in steps)
    assert job["timeout-minutes"] <= 45
