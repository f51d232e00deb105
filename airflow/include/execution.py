"""Where the pipeline's work runs: here (BashOperators + local dbt) or on AWS (one ECS task per CLI
call and per dbt model). One setting switches it; the DAG's shape is the same either way.

    AIRFLOW__JOBS__EXECUTION_MODE=local   (default) BashOperators, Cosmos ExecutionMode.LOCAL
    AIRFLOW__JOBS__EXECUTION_MODE=aws     EcsRunTaskOperator, Cosmos ExecutionMode.AWS_ECS

On MWAA the JobsOrchestration stack sets these as Airflow configuration options (`jobs.*`), which
MWAA exports as AIRFLOW__JOBS__* variables. Secrets never pass through here: the ECS task
definitions take them from Secrets Manager.
"""

import os
from dataclasses import dataclass

LOCAL, AWS = "local", "aws"
_PREFIX = "AIRFLOW__JOBS__"


class ExecutionSettingsError(ValueError):
    pass


def mode(environ: dict[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    value = env.get(f"{_PREFIX}EXECUTION_MODE", LOCAL).strip().lower() or LOCAL
    if value not in (LOCAL, AWS):
        raise ExecutionSettingsError(f"{_PREFIX}EXECUTION_MODE must be '{LOCAL}' or '{AWS}', got {value!r}")
    return value


@dataclass(frozen=True)
class AwsSettings:
    region: str
    cluster: str
    subnets: tuple[str, ...]
    security_groups: tuple[str, ...]
    image_tag: str
    jobctl_task_definition: str
    notifier_task_definition: str
    dbt_task_definition: str
    aws_conn_id: str = "aws_default"
    # false only for a dry run (e.g. against moto, where tasks never stop): RunTask, then move on.
    wait_for_completion: bool = True

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "AwsSettings":
        env = os.environ if environ is None else environ
        names = ("region", "ecs_cluster", "subnets", "security_groups", "image_tag",
                 "jobctl_task_definition", "notifier_task_definition", "dbt_task_definition")  # fmt: skip
        values = {name: env.get(f"{_PREFIX}{name.upper()}", "").strip() for name in names}
        missing = [f"{_PREFIX}{name.upper()}" for name, value in values.items() if not value]
        if missing:
            raise ExecutionSettingsError(f"AWS execution mode needs {', '.join(missing)}")
        split = lambda value: tuple(part.strip() for part in value.split(",") if part.strip())  # noqa: E731
        return cls(
            region=values["region"],
            cluster=values["ecs_cluster"],
            subnets=split(values["subnets"]),
            security_groups=split(values["security_groups"]),
            image_tag=values["image_tag"],
            jobctl_task_definition=values["jobctl_task_definition"],
            notifier_task_definition=values["notifier_task_definition"],
            dbt_task_definition=values["dbt_task_definition"],
            aws_conn_id=env.get(f"{_PREFIX}AWS_CONN_ID", "aws_default"),
            wait_for_completion=env.get(f"{_PREFIX}WAIT_FOR_COMPLETION", "true").strip().lower() != "false",
        )

    def network_configuration(self) -> dict:
        return {
            "awsvpcConfiguration": {
                "subnets": list(self.subnets),
                "securityGroups": list(self.security_groups),
                "assignPublicIp": "DISABLED",
            }
        }

    def run_task_args(self, task_definition: str, container: str) -> dict:
        """EcsRunTaskOperator arguments shared by every task (Cosmos passes them through too)."""
        return {
            "aws_conn_id": self.aws_conn_id,
            "region_name": self.region,
            "cluster": self.cluster,
            "task_definition": task_definition,
            "launch_type": "FARGATE",
            "wait_for_completion": self.wait_for_completion,
            "network_configuration": self.network_configuration(),
            "awslogs_group": f"/jobs/{container}",
            "awslogs_region": self.region,
            "awslogs_stream_prefix": f"{container}/{container}",
        }


def jobctl_command(
    subcommand: list[str], run_id: str, profile_id: object = None, per_profile: bool = True
) -> list[str]:
    """The jobctl arguments for one step (the image's entrypoint is jobctl): the same flags the
    BashOperators pass, without a shell, so an empty profile simply leaves --profile out."""
    command = [*subcommand, "--run-id", run_id]
    if per_profile and profile_id not in (None, ""):
        command += ["--profile", str(int(str(profile_id)))]
    return command


def container_overrides(container: str, command: list[str], environment: dict[str, str]) -> dict:
    """RunTask overrides: the command and plain, non-secret variables only."""
    return {
        "containerOverrides": [
            {
                "name": container,
                "command": command,
                "environment": [{"name": key, "value": value} for key, value in sorted(environment.items())],
            }
        ]
    }
