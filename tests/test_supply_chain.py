"""Supply chain: what the build trusts is pinned to content, not to names that can move.

- npm installs run no dependency's install script, except the packages the Makefile names;
- the Python virtualenvs install from hashed locks, which pin exactly what requirements.lock pins;
- GitHub actions are pinned to a commit, with the tag in a comment;
- base images are pinned by digest, with the tag in a comment.
"""

import json
import re
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
MAKEFILE = (REPO_ROOT / "Makefile").read_text()
LOCKED_DIRS = ("dbt", "airflow", "infra", "bench/skills", "tests/s3")
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path) -> dict[str, str]:
    return {normalise(name): version for name, version in PIN.findall(path.read_text())}


def test_npm_runs_only_the_install_scripts_the_makefile_names():
    assert "npm ci --ignore-scripts" in MAKEFILE
    named = re.search(r"^INSTALL_SCRIPT_PACKAGES := (.+)$", MAKEFILE, re.MULTILINE).group(1).split()
    assert "npm rebuild --loglevel=error $(INSTALL_SCRIPT_PACKAGES)" in MAKEFILE
    lock = json.loads((REPO_ROOT / "package-lock.json").read_text())
    with_scripts = sorted(
        path.removeprefix("node_modules/")
        for path, package in lock["packages"].items()
        if package.get("hasInstallScript")
    )
    assert with_scripts, "package-lock.json lists no install scripts at all"
    for package in with_scripts:
        # @embedded-postgres/<platform>: the Makefile names this machine's platform package.
        covered = package in named or (
            package.startswith("@embedded-postgres/") and "@embedded-postgres/$(shell" in " ".join(named)
        )
        assert covered, f"{package} has an install script the Makefile neither runs nor explains"
    for dockerfile in (REPO_ROOT / "docker").glob("*.Dockerfile"):
        for line in dockerfile.read_text().replace("\\\n", " ").splitlines():
            if re.search(r"\bnpm (ci|install)\b", line):
                assert "--ignore-scripts" in line, f"{dockerfile.name}: {line.strip()}"


@pytest.mark.parametrize("directory", LOCKED_DIRS)
def test_hashed_lock_pins_exactly_the_pinned_versions(directory):
    wanted = pins(REPO_ROOT / directory / "requirements.lock")
    hashed_path = REPO_ROOT / directory / "requirements.hashes.lock"
    hashed = pins(hashed_path)
    assert hashed == wanted, (
        f"{hashed_path.name} is out of date with requirements.lock: run scripts/lock-python.sh {directory}"
    )
    blocks = re.split(r"\n(?=[A-Za-z0-9])", hashed_path.read_text())
    for block in blocks:
        if PIN.match(block):
            assert "--hash=sha256:" in block, f"no hash for {block.splitlines()[0]}"


def test_python_installs_require_hashes():
    assert re.search(r"pip install .*--require-hashes --no-deps -r \$\*/requirements\.hashes\.lock", MAKEFILE)
    assert "$(VENV)/%/.install-stamp: %/requirements.hashes.lock" in MAKEFILE


def test_github_actions_are_pinned_to_a_commit_with_the_tag_in_a_comment():
    workflows = sorted((REPO_ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows
    for workflow in workflows:
        text = workflow.read_text()
        yaml.safe_load(text)
        uses = re.findall(r"uses:\s*([^\s#]+)(.*)$", text, re.MULTILINE)
        assert uses, workflow.name
        for action, comment in uses:
            if action.startswith("./"):
                continue
            pinned = re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", action)
            assert pinned, f"{workflow.name}: {action} is not pinned to a commit SHA"
            assert re.search(r"#\s*v\d", comment), f"{workflow.name}: {action} has no tag comment"


DIGEST_PIN = re.compile(r"[\w./-]+:[\w.-]+@sha256:[0-9a-f]{64}")


def test_base_images_are_pinned_by_digest_with_the_tag_in_a_comment():
    for dockerfile in sorted((REPO_ROOT / "docker").glob("*.Dockerfile")):
        lines = dockerfile.read_text().splitlines()
        stages = set()
        for number, line in enumerate(lines):
            if not line.startswith("FROM "):
                continue
            image, *alias = line.split()[1:]
            if alias:
                stages.add(alias[-1])
            if image in stages:  # an earlier stage of the same file, already pinned
                continue
            where = f"{dockerfile.name}:{number + 1}"
            assert DIGEST_PIN.fullmatch(image), f"{where}: {image} is not pinned by digest"
            assert lines[number - 1].startswith(f"# {image.split('@')[0]}"), f"{where}: no tag comment above"
    workflows = sorted((REPO_ROOT / ".github" / "workflows").glob("*.yml"))
    for compose in [REPO_ROOT / "docker-compose.yml", *workflows]:
        for image, comment in re.findall(r"^\s*image:\s*([^\s#]+)(.*)$", compose.read_text(), re.MULTILINE):
            if image.startswith("jobs-platform/") or "${{" in image:
                continue  # built here, or a matrix value naming one of ours
            assert DIGEST_PIN.fullmatch(image), f"{compose.name}: {image} is not pinned by digest"
            tag_comment = f"# {image.split('@')[0]}"
            assert comment.strip() == tag_comment, f"{compose.name}: {image} has no tag comment"
