"""Every linter `make lint` runs really fails on a planted violation, and passes the same kind of
file once it is clean (so a failure means the violation, not a missing tool or a broken config).

Violations are planted in temporary directories with copies of the project's own configuration,
never in the working tree, where other people's `make lint` could trip over them.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
RUFF = REPO_ROOT / ".venv" / "dbt" / "bin" / "ruff"
SQLFLUFF = REPO_ROOT / ".venv" / "dbt" / "bin" / "sqlfluff"
BIOME = REPO_ROOT / "node_modules" / ".bin" / "biome"
TSC = REPO_ROOT / "node_modules" / ".bin" / "tsc"


def run(command: list, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(part) for part in command], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def write(directory: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_ruff_check_fails_on_planted_violation(tmp_path):
    shutil.copy(REPO_ROOT / "ruff.toml", tmp_path / "ruff.toml")
    write(tmp_path, {"clean.py": "ANSWER = 42\n", "planted.py": "import os\n\nANSWER = 42\n"})

    assert run([RUFF, "check", "clean.py"], tmp_path).returncode == 0
    planted = run([RUFF, "check", "planted.py"], tmp_path)
    assert planted.returncode != 0
    assert "F401" in planted.stdout  # `os` imported but unused


def test_ruff_format_check_fails_on_unformatted_file(tmp_path):
    shutil.copy(REPO_ROOT / "ruff.toml", tmp_path / "ruff.toml")
    write(tmp_path, {"clean.py": 'ANSWER = {"a": 1}\n', "planted.py": "ANSWER = {'a':1}\n"})

    assert run([RUFF, "format", "--check", "clean.py"], tmp_path).returncode == 0
    planted = run([RUFF, "format", "--check", "planted.py"], tmp_path)
    assert planted.returncode != 0
    assert "planted.py" in planted.stdout


def test_biome_fails_on_lint_and_format_violations(tmp_path):
    # biome.json reads .gitignore (vcs.useIgnoreFile), so both travel together.
    shutil.copy(REPO_ROOT / "biome.json", tmp_path / "biome.json")
    shutil.copy(REPO_ROOT / ".gitignore", tmp_path / ".gitignore")
    write(
        tmp_path,
        {
            "clean.ts": "export const answer = 42;\n",
            "lint.ts": "debugger;\nexport const answer = 42;\n",
            "format.ts": 'export const answer = "forty-two"\n',
        },
    )

    assert run([BIOME, "check", "clean.ts"], tmp_path).returncode == 0
    lint = run([BIOME, "check", "lint.ts"], tmp_path)
    assert lint.returncode != 0
    assert "noDebugger" in lint.stdout + lint.stderr
    formatting = run([BIOME, "check", "format.ts"], tmp_path)
    assert formatting.returncode != 0
    assert "format" in formatting.stdout + formatting.stderr


def test_tsc_fails_on_planted_type_error(tmp_path):
    config = {
        "extends": str(REPO_ROOT / "tsconfig.base.json"),
        "compilerOptions": {"typeRoots": [str(REPO_ROOT / "node_modules" / "@types")]},
        "include": ["*.ts"],
    }
    # ES modules, like every workspace (verbatimModuleSyntax rejects `export` in CommonJS).
    write(
        tmp_path,
        {
            "package.json": '{"type": "module"}\n',
            "tsconfig.json": json.dumps(config),
            "answer.ts": "export const answer: number = 42;\n",
        },
    )
    assert run([TSC, "--noEmit", "-p", "."], tmp_path).returncode == 0

    write(tmp_path, {"planted.ts": "export const planted: number = 'forty-two';\n"})
    planted = run([TSC, "--noEmit", "-p", "."], tmp_path)
    assert planted.returncode != 0
    assert "TS2322" in planted.stdout  # string is not assignable to number


@pytest.fixture
def dbt_project_copy(tmp_path) -> Path:
    """A minimal copy of the dbt project: its own dbt_project.yml, profiles.yml, .sqlfluff and schema
    macro, without the other models (so someone's half-written model cannot make this test flaky)."""
    project = tmp_path / "dbt"
    (project / "macros").mkdir(parents=True)
    for name in ("dbt_project.yml", "profiles.yml", ".sqlfluff"):
        shutil.copy(REPO_ROOT / "dbt" / name, project / name)
    shutil.copy(REPO_ROOT / "dbt" / "macros" / "generate_schema_name.sql", project / "macros")
    return project


def test_sqlfluff_with_dbt_templater_fails_on_planted_violation(dbt_project_copy):
    # The dbt templater compiles against the database that scripts/with-db exports (DBT_*).
    assert os.environ.get("DBT_HOST"), "run the tests through scripts/with-db (make test) so DBT_* are set"
    write(
        dbt_project_copy,
        {
            "models/staging/clean.sql": "select\n    1 as id,\n    'x' as posting_title\n",
            "models/staging/planted.sql": "SELECT 1 AS Id, 'x' as posting_title\n",
        },
    )
    result = run([SQLFLUFF, "lint", "models", "--format", "json"], dbt_project_copy)
    assert result.returncode != 0, result.stderr[-2000:]
    files = {Path(entry["filepath"]).name: entry for entry in json.loads(result.stdout)}
    assert files["clean.sql"]["violations"] == [], files["clean.sql"]
    codes = {violation["code"] for violation in files["planted.sql"]["violations"]}
    assert "CP01" in codes  # keywords must be lower case
    assert "TMP" not in codes and "PRS" not in codes, "the dbt templater itself must work"


def test_make_lint_runs_every_linter():
    dry_run = run(["make", "--no-print-directory", "-n", "lint-all"], REPO_ROOT)
    assert dry_run.returncode == 0, dry_run.stderr
    for command in ("ruff check", "ruff format --check", "sqlfluff lint", "biome check", "typecheck"):
        assert command in dry_run.stdout, f"`make lint` no longer runs {command}"


def test_pre_commit_hooks_run_the_same_linters():
    config = yaml.safe_load((REPO_ROOT / ".pre-commit-config.yaml").read_text())
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    entries = " ".join(hook["entry"] for hook in hooks)
    for command in ("ruff check", "ruff format --check", "sqlfluff lint", "biome check", "typecheck"):
        assert command in entries, f"no pre-commit hook runs {command}"
    for hook in hooks:
        assert hook["language"] == "system"
        executable = hook["entry"].split()[0]
        if "/" in executable:
            assert (REPO_ROOT / executable).exists(), f"hook {hook['id']} calls missing {executable}"
