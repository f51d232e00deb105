"""The dbt project's layer rules (dbt/README.md "Layers"), checked on its manifest from `dbt parse`:
which layer may read which. A model that breaks one fails here with its name and the edge.

Layers are folders: `raw` (landing tables) and dbt sources are landing; `staging/base` and
`staging/boards` are base staging; a model directly in `staging/` is a published staging table;
then `intermediate`, `marts`, `analytics`; `ops` (the run statistics) beside them. App tables
(`config`) and seeds may be read anywhere.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
DBT_EXECUTABLE = REPO_ROOT / ".venv" / "dbt" / "bin" / "dbt"
DBT_DIR = REPO_ROOT / "dbt"
FINISHED_LOADS_MODEL = "model.jobs_platform.stg_loader__finished_loads"
# The "only finished loads" rule, however it is spelled: load_status = 'finished', in ('finished'), …
FINISHED_LOADS_RULE = re.compile(r"load_status\s*(=|!=|<>|in\s*\()\s*'finished'", re.IGNORECASE)


def layer(node: dict) -> str:
    if node["resource_type"] == "source":
        return "landing"
    if node["resource_type"] == "seed":
        return "seed"
    folder = node["fqn"][1]
    if folder == "raw":
        return "landing"
    if folder == "staging":
        return "published_staging" if len(node["fqn"]) == 3 else "base_staging"
    return folder


@pytest.fixture(scope="module")
def manifest(tmp_path_factory) -> dict:
    work = tmp_path_factory.mktemp("dbt_layers")
    result = subprocess.run(
        [str(DBT_EXECUTABLE), "parse", "--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR)],
        env={
            **os.environ,
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "DBT_TARGET_PATH": str(work / "target"),
            "DBT_LOG_PATH": str(work / "logs"),
        },
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    return json.loads((work / "target" / "manifest.json").read_text())


def model_edges(manifest: dict) -> list[tuple[str, str, str, str]]:
    """(model, its layer, a node it reads, that node's layer) for every model of the project."""
    nodes = {**manifest["nodes"], **manifest["sources"]}
    return [
        (model_id, layer(model), parent_id, layer(nodes[parent_id]))
        for model_id, model in manifest["nodes"].items()
        if model["resource_type"] == "model"
        for parent_id in model["depends_on"]["nodes"]
        if parent_id in nodes
    ]


def broken(manifest: dict, readers: set[str], forbidden: set[str]) -> list[str]:
    return [
        f"{model} ({model_layer}) reads {parent} ({parent_layer})"
        for model, model_layer, parent, parent_layer in model_edges(manifest)
        if model_layer in readers and parent_layer in forbidden
    ]


def test_the_project_has_every_layer(manifest):
    layers = {layer(node) for node in manifest["nodes"].values() if node["resource_type"] == "model"}
    assert {"landing", "base_staging", "intermediate", "published_staging", "marts"} <= layers


def test_only_base_staging_reads_landing_tables(manifest):
    readers = {"published_staging", "intermediate", "marts", "analytics", "ops"}
    assert broken(manifest, readers, {"landing"}) == []


def test_only_published_staging_reads_intermediate_models(manifest):
    assert broken(manifest, {"base_staging"}, {"intermediate"}) == []


def test_no_staging_or_intermediate_model_reads_a_mart(manifest):
    readers = {"base_staging", "published_staging", "intermediate"}
    assert broken(manifest, readers, {"marts", "analytics"}) == []


def test_marts_read_only_staging_intermediate_and_app_tables(manifest):
    assert broken(manifest, {"marts"}, {"landing", "analytics", "ops"}) == []


def test_only_the_run_statistics_read_the_run_statistics(manifest):
    # The ops views exist only once the DAG's final step has built them.
    readers = {"base_staging", "published_staging", "intermediate", "marts", "analytics"}
    assert broken(manifest, readers, {"ops"}) == []


def test_the_finished_loads_rule_lives_in_one_model(manifest):
    stating_it = sorted(
        unique_id
        for unique_id, node in [*manifest["nodes"].items(), *manifest["macros"].items()]
        if node.get("package_name") == "jobs_platform"
        and node["resource_type"] in {"model", "macro"}
        and FINISHED_LOADS_RULE.search(node.get("raw_code") or node.get("macro_sql") or "")
    )
    assert stating_it == [FINISHED_LOADS_MODEL]
