"""The operators for the pipeline's non-dbt steps, in the execution mode include/execution.py picks."""

from airflow.providers.common.compat.sdk import AirflowFailException, AirflowSkipException
from airflow.providers.standard.operators.bash import BashOperator

from . import commands, execution

# jobctl's exit code when every profile, board or lookup failed at the API after the loaders' one
# retry policy (loaders/README.md "Retries"). Final: Airflow's retries are for crashes only.
EXIT_API_GAVE_UP = 3

# step -> (local shell command, ECS task definition key, container, jobctl arguments, per profile)
CLI_STEPS = {
    "extract_job_postings": (commands.extract_job_postings, "jobctl", ["extract-jobs"], True),
    "extract_boards": (commands.extract_boards, "jobctl", ["extract-boards"], False),
    "extract_companies": (commands.extract_companies, "jobctl", ["extract-companies"], False),
    "notify_daily": (commands.notify_daily, "notifier", ["notify"], True),
}
# On AWS the landing/config tables come from the dbt image (scripts/init-db.sh is psql + dbt on a host).
CREATE_TABLES_DBT_COMMAND = ["dbt", "run", "--select", "tag:landing", "tag:config"]


def _run_task_operator():
    # Imported only in AWS mode: local runs need no Amazon provider at parse time.
    from airflow.providers.amazon.aws.operators.ecs import EcsRunTaskOperator

    class JobsRunTaskOperator(EcsRunTaskOperator):
        """RunTask whose overrides (command, plain env) are built from the run at execute time."""

        def __init__(self, *, container: str, arguments: list[str], per_profile: bool, image_tag: str,
                     jobctl: bool = True, **kwargs):  # fmt: skip
            super().__init__(overrides={}, **kwargs)
            self.container = container
            self.arguments = arguments
            self.per_profile = per_profile
            self.image_tag = image_tag
            self.jobctl = jobctl

        def execute(self, context):
            run_id = context["run_id"]
            profile_id = (context.get("params") or {}).get("profile_id")
            command = (
                execution.jobctl_command(self.arguments, run_id, profile_id, self.per_profile)
                if self.jobctl
                else list(self.arguments)
            )
            self.overrides = execution.container_overrides(
                self.container,
                command,
                {
                    "PIPELINE_RUN_ID": run_id,
                    "PIPELINE_PROFILE_ID": "" if profile_id is None else str(profile_id),
                    "JOBS_IMAGE_TAG": self.image_tag,
                },
            )
            return super().execute(context)

    return JobsRunTaskOperator


class CliOperator(BashOperator):
    """A jobctl step. Exit EXIT_API_GAVE_UP fails the task at once, without Airflow's retries (the
    requests were already retried); any other non-zero exit is a crash and is retried as usual."""

    def __init__(self, **kwargs):
        super().__init__(skip_on_exit_code=EXIT_API_GAVE_UP, **kwargs)

    def execute(self, context):
        try:
            return super().execute(context)
        except AirflowSkipException as gave_up:
            raise AirflowFailException(
                f"jobctl exited {EXIT_API_GAVE_UP}: the API answered nothing usable after the loaders' "
                "retries; not retried by Airflow"
            ) from gave_up


def shell_task(task_id: str, command: str, env: dict[str, str] | None = None, operator=BashOperator):
    """The one place a local command gets its working directory and environment: the repository
    root, the worker's environment plus env (values reach the command there, never in its text)."""
    return operator(task_id=task_id, bash_command=command, env=env, append_env=True, cwd=commands.CWD)


def cli_task(step: str):
    """One CLI step: a BashOperator here, an ECS RunTask on AWS."""
    local_command, task_key, arguments, per_profile = CLI_STEPS[step]
    if execution.mode() == execution.LOCAL:
        return shell_task(step, local_command(), commands.CLI_ENV, operator=CliOperator)
    aws = execution.AwsSettings.from_env()
    definition = getattr(aws, f"{task_key}_task_definition")
    return _run_task_operator()(
        task_id=step,
        container=task_key,
        arguments=arguments,
        per_profile=per_profile,
        image_tag=aws.image_tag,
        **aws.run_task_args(definition, task_key),
    )


def create_tables_task():
    """initialize_tables' first task: scripts/init-db.sh here, the same dbt selection on ECS."""
    if execution.mode() == execution.LOCAL:
        return shell_task("create_tables", commands.initialize_tables())
    aws = execution.AwsSettings.from_env()
    return _run_task_operator()(
        task_id="create_tables",
        container="dbt",
        arguments=CREATE_TABLES_DBT_COMMAND,
        per_profile=False,
        image_tag=aws.image_tag,
        jobctl=False,
        **aws.run_task_args(aws.dbt_task_definition, "dbt"),
    )
