"""jobs_etl_daily in both execution modes: the same shape, BashOperators + local dbt here, ECS
RunTask + Cosmos AWS_ECS on AWS. In AWS mode dag.test() runs against moto[server] on loopback and
the RunTask overrides moto recorded are checked (moto never runs the containers)."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from include import execution

AWS_ENV = {
    "AIRFLOW__JOBS__EXECUTION_MODE": "aws",
    "AIRFLOW__JOBS__REGION": "eu-west-1",
    "AIRFLOW__JOBS__ECS_CLUSTER": "jobs",
    "AIRFLOW__JOBS__SUBNETS": "subnet-a,subnet-b",
    "AIRFLOW__JOBS__SECURITY_GROUPS": "sg-tasks",
    "AIRFLOW__JOBS__IMAGE_TAG": "0123456789abcdef0123456789abcdef01234567",
    "AIRFLOW__JOBS__JOBCTL_TASK_DEFINITION": "jobs-jobctl",
    "AIRFLOW__JOBS__NOTIFIER_TASK_DEFINITION": "jobs-notifier",
    "AIRFLOW__JOBS__DBT_TASK_DEFINITION": "jobs-dbt",
}
SECRET_NAMES = (
    "PGPASSWORD",
    "DBT_PASSWORD",
    "JSEARCH_API_KEY",
    "GLASSDOOR_API_KEY",
    "SMTP_URL",
    "UI_ADMIN_TOKEN",
)


def test_mode_defaults_to_local_and_rejects_unknown_values():
    assert execution.mode({}) == execution.LOCAL
    assert execution.mode({"AIRFLOW__JOBS__EXECUTION_MODE": "AWS"}) == execution.AWS
    with pytest.raises(execution.ExecutionSettingsError, match="must be 'local' or 'aws'"):
        execution.mode({"AIRFLOW__JOBS__EXECUTION_MODE": "k8s"})


def test_aws_mode_names_every_missing_setting():
    with pytest.raises(
        execution.ExecutionSettingsError, match=r"AIRFLOW__JOBS__ECS_CLUSTER.*AIRFLOW__JOBS__IMAGE_TAG"
    ):
        execution.AwsSettings.from_env({"AIRFLOW__JOBS__REGION": "eu-west-1"})


@pytest.mark.parametrize(
    ("profile_id", "per_profile", "expected"),
    [
        (None, True, ["extract-jobs", "--run-id", "r1"]),
        ("", True, ["extract-jobs", "--run-id", "r1"]),
        (3, True, ["extract-jobs", "--run-id", "r1", "--profile", "3"]),
        (3, False, ["extract-jobs", "--run-id", "r1"]),
    ],
)
def test_jobctl_command_leaves_profile_out_for_all_profiles(profile_id, per_profile, expected):
    assert execution.jobctl_command(["extract-jobs"], "r1", profile_id, per_profile) == expected


def test_jobctl_command_rejects_a_non_numeric_profile():
    with pytest.raises(ValueError):
        execution.jobctl_command(["notify"], "r1", "3; rm -rf /")


def _load_dag(monkeypatch, env):
    from airflow.dag_processing.dagbag import DagBag

    for key, value in env.items():
        monkeypatch.setenv(key, value)
    bag = DagBag(dag_folder=os.environ["AIRFLOW__CORE__DAGS_FOLDER"])
    assert bag.import_errors == {}
    return bag.dags["jobs_etl_daily"]


def _steps(dag):
    from include.pipeline import step_of

    return sorted({step_of(task.task_id) for task in dag.tasks})


def test_both_modes_render_the_same_shape(monkeypatch, fresh_manifest, dag):
    from airflow.providers.amazon.aws.operators.ecs import EcsRunTaskOperator
    from airflow.providers.standard.operators.bash import BashOperator
    from cosmos.operators.aws_ecs import DbtAwsEcsBaseOperator

    aws_dag = _load_dag(monkeypatch, AWS_ENV)
    assert sorted(aws_dag.task_ids) == sorted(dag.task_ids)
    assert _steps(aws_dag) == _steps(dag)
    for task_id in (
        "extract_job_postings",
        "extract_companies",
        "notify_daily",
        "initialize_tables.create_tables",
    ):
        assert isinstance(dag.get_task(task_id), BashOperator)
        aws_task = aws_dag.get_task(task_id)
        assert isinstance(aws_task, EcsRunTaskOperator)
        assert aws_task.cluster == "jobs"
        assert aws_task.network_configuration["awsvpcConfiguration"]["subnets"] == ["subnet-a", "subnet-b"]
    dbt_tasks = [
        task for task in aws_dag.tasks if task.task_id.split(".")[0] in ("normalize_jobs", "rank_jobs")
    ]
    assert dbt_tasks and all(isinstance(task, DbtAwsEcsBaseOperator) for task in dbt_tasks)
    assert {task.task_definition for task in dbt_tasks} == {"jobs-dbt"}
    assert not any(isinstance(task, BashOperator) for task in aws_dag.tasks)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def moto_server():
    port = _free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("moto_server")), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("moto_server did not start")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def _aws_fixture(url: str) -> dict:
    """A VPC (DNS hostnames on, which awsvpc RunTask needs), subnets, a group, the cluster and the
    three task families, as JobsNetwork/JobsCompute define them."""
    import boto3

    client = lambda service: boto3.client(service, endpoint_url=url, region_name="eu-west-1")  # noqa: E731
    ec2, ecs = client("ec2"), client("ecs")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZone=az)["Subnet"]["SubnetId"]
        for cidr, az in (("10.0.1.0/24", "eu-west-1a"), ("10.0.2.0/24", "eu-west-1b"))
    ]
    group = ec2.create_security_group(GroupName="tasks", Description="tasks", VpcId=vpc)["GroupId"]
    ecs.create_cluster(clusterName="jobs")
    for family, container in (("jobs-jobctl", "jobctl"), ("jobs-notifier", "notifier"), ("jobs-dbt", "dbt")):
        ecs.register_task_definition(
            family=family,
            requiresCompatibilities=["FARGATE"],
            networkMode="awsvpc",
            cpu="256",
            memory="512",
            # moto sums container cpu/memory to place the task, so the container states them too.
            containerDefinitions=[
                {
                    "name": container,
                    "image": f"jobs/{container}:{AWS_ENV['AIRFLOW__JOBS__IMAGE_TAG']}",
                    "cpu": 256,
                    "memory": 512,
                }
            ],
        )
    return {"AIRFLOW__JOBS__SUBNETS": ",".join(subnets), "AIRFLOW__JOBS__SECURITY_GROUPS": group, "ecs": ecs}


def test_aws_mode_dag_test_sends_run_task_overrides_to_ecs(monkeypatch, moto_server, fresh_manifest):
    monkeypatch.setenv("PIPELINE_RETRIES", "0")  # a failure shows at once instead of after backoff
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_server)
    monkeypatch.setenv(
        "AIRFLOW_CONN_AWS_DEFAULT",
        f'{{"conn_type": "aws", "extra": {{"region_name": "eu-west-1", "endpoint_url": "{moto_server}"}}}}',
    )
    fixture = _aws_fixture(moto_server)
    ecs = fixture.pop("ecs")
    dag = _load_dag(monkeypatch, {**AWS_ENV, **fixture, "AIRFLOW__JOBS__WAIT_FOR_COMPLETION": "false"})
    steps = ["extract_job_postings", "notify_daily"]
    subset = dag.partial_subset(task_ids=steps, include_upstream=False, include_downstream=False)
    subset.test(run_conf={"profile_id": 7})

    task_arns = ecs.list_tasks(cluster="jobs")["taskArns"]
    tasks = ecs.describe_tasks(cluster="jobs", tasks=task_arns)["tasks"]
    overrides = {task["taskDefinitionArn"].split("/")[-1].split(":")[0]: task["overrides"] for task in tasks}
    assert set(overrides) == {"jobs-jobctl", "jobs-notifier"}
    for family, container, subcommand in (
        ("jobs-jobctl", "jobctl", "extract-jobs"),
        ("jobs-notifier", "notifier", "notify"),
    ):
        (override,) = overrides[family]["containerOverrides"]
        assert override["name"] == container
        command = override["command"]
        assert command[0] == subcommand and command[-2:] == ["--profile", "7"]
        run_id = command[command.index("--run-id") + 1]
        environment = {item["name"]: item["value"] for item in override["environment"]}
        assert environment == {
            "JOBS_IMAGE_TAG": AWS_ENV["AIRFLOW__JOBS__IMAGE_TAG"],
            "PIPELINE_PROFILE_ID": "7",
            "PIPELINE_RUN_ID": run_id,
        }
        assert not set(environment) & set(SECRET_NAMES)
    for task in tasks:
        assert task["launchType"] == "FARGATE"
