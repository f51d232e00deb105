"""docker-compose.yml and docker/*.Dockerfile, checked by reading them (no Docker engine here).

What `docker compose up` would trip over first: a service or Dockerfile that is missing, a ${VAR}
nobody documents, the init scripts not mounted, a COPY of a file that is not in the repository (or
that .dockerignore hides), a dependency on a health check that does not exist.
"""

import json
import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
COMPOSE_FILE = REPO_ROOT / "docker-compose.yml"
ENV_EXAMPLE = REPO_ROOT / ".env.example"
DOCKERFILES = sorted((REPO_ROOT / "docker").glob("*.Dockerfile"))
# Where every image puts the repository; paths under it must exist in the repo.
IMAGE_REPO_ROOT = "/opt/jobs"

CONTRACT_VARIABLES = [
    "DATABASE_URL",
    "JSEARCH_BASE_URL",
    "JSEARCH_API_KEY",
    "JSEARCH_RAPIDAPI_HOST",
    "JSEARCH_NUM_PAGES",
    "GLASSDOOR_BASE_URL",
    "GLASSDOOR_API_KEY",
    "GLASSDOOR_RAPIDAPI_HOST",
    "SMTP_URL",
    "MAIL_FROM",
    "NOTIFY_TOP_N",
    "UI_HOST",
    "UI_PORT",
    "DBT_THREADS",
    "UI_PUBLIC_URL",
    "UI_ADMIN_TOKEN",
    "ORIGIN",
    "AIRFLOW_HOME",
    "EMBEDDED_PG_DIR",
]
SECRET_NAME = re.compile(r"(PASSWORD|SECRET|API_KEY|TOKEN|FERNET_KEY|SMTP_URL)$")
# ${VAR}, ${VAR:-default}, ${VAR:?message} and $VAR, but not the escaped $${VAR} / $$VAR.
INTERPOLATION = re.compile(r"(?<!\$)\$(?:\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


def env_example_entries() -> dict[str, tuple[str, bool, list[str]]]:
    """NAME -> (value, commented out?, the comment block above it).

    Variables in a row share the comment block above them; a blank line ends a block.
    """
    entries = {}
    block: list[str] = []
    previous_was_variable = False
    for line in ENV_EXAMPLE.read_text().splitlines():
        match = re.match(r"^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$", line)
        if match:
            entries[match.group(2)] = (match.group(3), bool(match.group(1)), list(block))
            previous_was_variable = True
        elif line.startswith("#"):
            block = [line] if previous_was_variable else [*block, line]
            previous_was_variable = False
        else:
            block, previous_was_variable = [], False
    return entries


def dockerfile_instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        full = pending + line
        pending = ""
        keyword, _, arguments = full.partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
    return instructions


def dockerignore_patterns() -> list[str]:
    lines = (REPO_ROOT / ".dockerignore").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def dockerignore_regex(pattern: str) -> re.Pattern:
    """Docker's matching: `**` spans directories, `*` and `?` stay within one path segment."""
    regex = ""
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            regex, index = regex + "(?:.*/)?", index + 3
        elif pattern.startswith("**", index):
            regex, index = regex + ".*", index + 2
        elif pattern[index] == "*":
            regex, index = regex + "[^/]*", index + 1
        elif pattern[index] == "?":
            regex, index = regex + "[^/]", index + 1
        else:
            regex, index = regex + re.escape(pattern[index]), index + 1
    return re.compile(regex)


def is_dockerignored(relative: str) -> bool:
    """True when the path, or a folder above it, is excluded (the last matching line wins)."""
    parts = relative.strip("/").split("/")
    prefixes = ["/".join(parts[: index + 1]) for index in range(len(parts))]
    ignored = False
    for pattern in dockerignore_patterns():
        negate = pattern.startswith("!")
        regex = dockerignore_regex(pattern.lstrip("!").strip("/"))
        if any(regex.fullmatch(prefix) for prefix in prefixes):
            ignored = not negate
    return ignored


def build_dockerfile(service: dict) -> Path:
    build = service["build"]
    context = REPO_ROOT / build.get("context", ".")
    return context / build.get("dockerfile", "Dockerfile")


def test_compose_has_the_stack(services):
    assert {"postgres", "airflow-init", "airflow-api-server", "airflow-scheduler", "ui"} <= set(services)
    # Airflow 3 parses DAGs only in the dag-processor; without it the scheduler has nothing to run.
    assert "airflow-dag-processor" in services
    commands = {name: service.get("command") for name, service in services.items()}
    assert commands["airflow-api-server"] == ["api-server"]
    assert commands["airflow-scheduler"] == ["scheduler"]
    assert commands["airflow-dag-processor"] == ["dag-processor"]


def test_postgres_is_15_and_runs_the_init_scripts(services):
    postgres = services["postgres"]
    assert re.match(r"^postgres:15(\.|-|$)", postgres["image"]), postgres["image"]
    mounts = [volume.split(":") for volume in postgres["volumes"] if isinstance(volume, str)]
    init = [mount for mount in mounts if mount[1] == "/docker-entrypoint-initdb.d"]
    assert init, "docker/init must be mounted at /docker-entrypoint-initdb.d"
    host_dir = REPO_ROOT / init[0][0]
    assert host_dir.resolve() == (REPO_ROOT / "docker" / "init").resolve()
    assert (host_dir / "01_create_schemas.sql").is_file()
    # The image's entrypoint runs *.sql, *.sql.gz and *.sh only, in name order.
    for script in host_dir.iterdir():
        assert script.suffix in {".sql", ".sh", ".gz"}, f"{script.name} would be ignored by the entrypoint"
    assert "healthcheck" in postgres


def strings_in(node) -> list[str]:
    if isinstance(node, dict):
        return [text for key, value in node.items() for text in (*strings_in(key), *strings_in(value))]
    if isinstance(node, list):
        return [text for item in node for text in strings_in(item)]
    return [node] if isinstance(node, str) else []


def test_every_interpolated_variable_is_documented_in_env_example(compose):
    documented = env_example_entries()
    # Compose interpolates values (not comments), so walk the parsed document.
    used = {
        next(filter(None, match)) for text in strings_in(compose) for match in INTERPOLATION.findall(text)
    }
    assert used, "expected the compose file to be configured from .env"
    missing = sorted(used - set(documented))
    assert not missing, f"used in docker-compose.yml but not in .env.example: {missing}"


def test_env_example_explains_every_contract_variable_and_holds_no_secret():
    entries = env_example_entries()
    missing = [name for name in CONTRACT_VARIABLES if name not in entries]
    assert not missing, f"missing from .env.example: {missing}"
    for name, (value, _commented, comments) in entries.items():
        assert comments, f"{name} has no explanation above it in .env.example"
        if SECRET_NAME.search(name):
            assert value in {"", "change-me"} or value.startswith("change-me"), (
                f"{name} looks like a real secret"
            )
    assert entries["DATABASE_URL"][0] == "", "DATABASE_URL must default to empty (embedded PostgreSQL)"


def test_services_load_dotenv_and_keep_secrets_out_of_the_file(services):
    for name, service in services.items():
        if name == "postgres":
            continue
        env_files = service.get("env_file", [])
        assert any(
            (entry.get("path") if isinstance(entry, dict) else entry) == ".env" for entry in env_files
        ), name
    for name, service in services.items():
        for key, value in (service.get("environment") or {}).items():
            if SECRET_NAME.search(key) and value:
                assert str(value).startswith("${"), f"{name}.{key} must come from .env, not the compose file"


def test_containers_use_the_postgres_service(services):
    for name, service in services.items():
        url = (service.get("environment") or {}).get("DATABASE_URL")
        if url is None:
            continue
        assert re.search(r"@postgres:5432/", url), f"{name} must reach the compose postgres service: {url}"
        assert service["environment"]["DBT_HOST"] == "postgres"


def test_builds_point_at_existing_dockerfiles(services):
    built = {name: service for name, service in services.items() if "build" in service}
    assert {"airflow-api-server", "ui", "dbt", "jobctl"} <= set(built)
    for name, service in built.items():
        dockerfile = build_dockerfile(service)
        assert dockerfile.is_file(), f"{name}: {dockerfile} does not exist"
    names = {build_dockerfile(service).name for service in built.values()}
    assert names == {path.name for path in DOCKERFILES}, "every Dockerfile is used by a service"


def test_dependencies_exist_and_can_be_satisfied(services):
    for name, service in services.items():
        depends_on = service.get("depends_on") or {}
        for target, spec in depends_on.items():
            assert target in services, f"{name} depends on unknown service {target}"
            condition = spec.get("condition")
            if condition == "service_healthy":
                assert "healthcheck" in services[target], (
                    f"{name} waits for {target}, which has no health check"
                )
            if condition == "service_completed_successfully":
                assert services[target].get("restart") == "no", f"{target} is one-shot but restarts"


def test_long_running_services_have_health_checks(services):
    for name, service in services.items():
        one_shot = service.get("restart") == "no" or service.get("profiles")
        if not one_shot:
            assert "healthcheck" in service, f"{name} has no health check"


def test_published_ports_listen_on_localhost_only(services):
    for name, service in services.items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), f"{name} publishes {port} beyond localhost"


def test_bind_mounts_and_commands_reference_repo_files(services):
    for name, service in services.items():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("."):
                assert (REPO_ROOT / source).exists(), f"{name} mounts missing {source}"
        command = service.get("command") or []
        text = " ".join(command) if isinstance(command, list) else command
        for path in re.findall(r"\b(?:scripts|airflow|dbt|loaders|notifier)/[\w./-]+", text):
            assert (REPO_ROOT / path).exists(), f"{name} runs {path}, which is not in the repository"
        for key, value in (service.get("environment") or {}).items():
            if isinstance(value, str) and value.startswith(f"{IMAGE_REPO_ROOT}/"):
                relative = value.removeprefix(f"{IMAGE_REPO_ROOT}/")
                assert (REPO_ROOT / relative).exists(), f"{name}.{key} points at missing {relative}"


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda path: path.name)
def test_dockerfile_copies_only_what_the_repo_has(dockerfile):
    instructions = dockerfile_instructions(dockerfile)
    stages = set()
    for keyword, arguments in instructions:
        if keyword == "FROM":
            words = arguments.split()
            base = words[0]
            assert base in stages or re.match(r"^(node:20|python:3\.11)[-.]", base), f"unexpected base {base}"
            if len(words) == 3 and words[1].upper() == "AS":
                stages.add(words[2])
        if keyword != "COPY":
            continue
        words = shlex.split(arguments)
        flags = [word for word in words if word.startswith("--")]
        paths = [word for word in words if not word.startswith("--")]
        from_stage = next((flag.split("=", 1)[1] for flag in flags if flag.startswith("--from=")), None)
        if from_stage:
            assert from_stage in stages, f"COPY --from={from_stage}: no such stage"
            continue
        for source in paths[:-1]:
            matches = list(REPO_ROOT.glob(source))
            assert matches, f"{dockerfile.name}: COPY {source} but the repository has no such path"
            assert not is_dockerignored(source), (
                f"{dockerfile.name}: COPY {source}, which .dockerignore excludes"
            )


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda path: path.name)
def test_dockerfile_runs_as_a_user_and_starts_a_repo_file(dockerfile):
    instructions = dockerfile_instructions(dockerfile)
    users = [arguments for keyword, arguments in instructions if keyword == "USER"]
    assert users and users[-1] not in {"root", "0"}, "the final image must not run as root"
    for keyword, arguments in instructions:
        if keyword in {"ENTRYPOINT", "CMD"} and arguments.startswith("["):
            for word in json.loads(arguments):
                if re.match(r"^(loaders|notifier|ui|scripts)/", word):
                    # ui/build is produced inside the image by `npm run build`.
                    source = word if not word.startswith("ui/build") else "ui/svelte.config.js"
                    assert (REPO_ROOT / source).exists(), f"{dockerfile.name} starts missing {word}"
        if keyword == "ENV":
            for value in re.findall(rf"{IMAGE_REPO_ROOT}/([\w./-]+)", arguments):
                if not value.startswith(".venv/"):
                    assert (REPO_ROOT / value).exists(), f"{dockerfile.name}: ENV points at missing {value}"


def test_python_images_install_from_the_lock_files():
    airflow = (REPO_ROOT / "docker" / "airflow.Dockerfile").read_text()
    dbt = (REPO_ROOT / "docker" / "dbt.Dockerfile").read_text()
    hashed = "--require-hashes --no-deps -r {}/requirements.hashes.lock"
    assert hashed.format("airflow") in airflow
    assert hashed.format("dbt") in airflow and hashed.format("dbt") in dbt
    # Cosmos finds dbt where airflow/include/paths.py looks: <repo>/.venv/dbt/bin/dbt.
    assert (
        "python -m venv .venv/dbt" in dbt and f"DBT_EXECUTABLE={IMAGE_REPO_ROOT}/.venv/dbt/bin/dbt" in airflow
    )
    for lock in ("airflow/requirements.hashes.lock", "dbt/requirements.hashes.lock"):
        assert (REPO_ROOT / lock).is_file()


def test_dockerignore_keeps_secrets_and_host_artefacts_out():
    for path in [".env", "node_modules", "ui/node_modules", ".venv", ".local", "bench/data", "dbt/target"]:
        assert is_dockerignored(path), f".dockerignore should exclude {path}"
    assert not is_dockerignored(".env.example")
    assert not is_dockerignored("dbt/models")


def test_ui_health_check_calls_a_route_the_app_has(services):
    probe = " ".join(services["ui"]["healthcheck"]["test"])
    path = re.search(r"127\.0\.0\.1:3000(/[\w/-]*)", probe).group(1).strip("/")
    route = REPO_ROOT / "ui" / "src" / "routes" / path
    assert (route / "+server.ts").is_file() or (route / "+page.server.ts").is_file(), f"no route for /{path}"
    dockerfile = (REPO_ROOT / "docker" / "ui.Dockerfile").read_text()
    assert f"/{path}`" in dockerfile, "the image's HEALTHCHECK and compose should probe the same route"


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda path: path.name)
def test_dockerfile_basic_hygiene(dockerfile):
    """A few hadolint-style rules that matter for reproducible, small images."""
    for keyword, arguments in dockerfile_instructions(dockerfile):
        if keyword == "FROM":
            # Bases are pinned to a major version (node:20, python:3.11) elsewhere; never `latest`.
            assert ":latest" not in arguments, f"pin a version: FROM {arguments}"
        if keyword == "RUN" and "apt-get install" in arguments:
            # update and install in one layer (no stale index), no recommends, no index left behind.
            assert "apt-get update" in arguments and "--no-install-recommends" in arguments
            assert "rm -rf /var/lib/apt/lists/*" in arguments
        if keyword == "RUN" and "pip install" in arguments:
            hashed_lock = r"pip install .*--require-hashes .*-r \w+/requirements\.hashes\.lock"
            assert re.search(hashed_lock, arguments), "install only from a hashed lock"
        if keyword == "RUN" and "npm " in arguments and " install" in arguments:
            pytest.fail("use `npm ci` (the lock file), never `npm install`, in images")


def test_services_connect_as_their_own_login_role_never_the_superuser(services):
    roles = {}
    for name, service in services.items():
        environment = service.get("environment") or {}
        url = environment.get("DATABASE_URL")
        if url is not None:
            roles[name] = re.match(r"postgresql://([^:@]+)", url).group(1)
            for key in ("PGUSER", "DBT_USER"):
                assert environment.get(key, roles[name]) == roles[name], f"{name}.{key}"
        conn = environment.get("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN")
        if conn is not None:
            assert conn.startswith("postgresql+psycopg2://airflow:"), name
    assert roles["ui"] == "jobs_ui"
    assert {roles[name] for name in ("airflow-scheduler", "dbt", "jobctl")} == {"jobs_app"}
    assert not any("POSTGRES_USER" in role or role == "postgres" for role in roles.values())
    init = (REPO_ROOT / "docker" / "init" / "03_login_roles.sh").read_text()
    for role in ("jobs_app", "jobs_ui", "airflow"):
        assert f"alter role {role} with login password" in init


def check_secrets(**overrides: str) -> subprocess.CompletedProcess:
    environment = {
        "PATH": os.environ["PATH"],
        "POSTGRES_PASSWORD": "pg-Password-1",
        "JOBS_APP_PASSWORD": "app-Password-1",
        "JOBS_UI_PASSWORD": "ui-Password-1",
        "AIRFLOW_DB_PASSWORD": "airflow-Password-1",
        "AIRFLOW_JWT_SECRET": "jwt-secret-0123456789abcdef",
        "AIRFLOW_FERNET_KEY": "fernet-0123456789abcdef",
        "UI_ADMIN_TOKEN": "t" * 40,
        **overrides,
    }
    script = REPO_ROOT / "docker" / "check-secrets.sh"
    return subprocess.run(["bash", str(script)], env=environment, capture_output=True, text=True)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"POSTGRES_PASSWORD": "change-me"}, "POSTGRES_PASSWORD is still the placeholder"),
        ({"JOBS_UI_PASSWORD": "change-me-ui"}, "JOBS_UI_PASSWORD is still the placeholder"),
        ({"AIRFLOW_JWT_SECRET": "change-me-to-a-long-random-string"}, "AIRFLOW_JWT_SECRET is still"),
        ({"AIRFLOW_FERNET_KEY": "Change-Me-fernet-key"}, "AIRFLOW_FERNET_KEY is still"),
        ({"UI_ADMIN_TOKEN": "short"}, "UI_ADMIN_TOKEN must be at least 32 characters"),
        ({"UI_SESSION_SECRET": "change-me" + "x" * 30}, "UI_SESSION_SECRET is still"),
        ({"LINK_SIGNING_SECRET": "change-me" + "x" * 30}, "LINK_SIGNING_SECRET is still"),
        ({"LINK_SIGNING_SECRET": "short"}, "LINK_SIGNING_SECRET must be at least 32 characters"),
    ],
)
def test_compose_refuses_placeholder_secrets(services, overrides, message):
    result = check_secrets(**overrides)
    assert result.returncode == 1
    assert message in result.stderr
    # Every long-running service waits for the check (directly or through postgres).
    checked = services["postgres"]["depends_on"]["secrets-check"]
    assert checked["condition"] == "service_completed_successfully"
    for name, service in services.items():
        if name not in ("secrets-check", "postgres"):
            assert "postgres" in (service.get("depends_on") or {}), name


def test_compose_starts_with_real_secrets_and_env_example_placeholders_are_refused():
    assert check_secrets().returncode == 0
    entries = env_example_entries().items()
    placeholders = {name: value for name, (value, _c, _x) in entries if value.startswith("change-me")}
    assert {"POSTGRES_PASSWORD", "JOBS_APP_PASSWORD", "AIRFLOW_JWT_SECRET"} <= set(placeholders)
    assert check_secrets(**placeholders).returncode == 1
