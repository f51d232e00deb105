"""jobs_etl_daily in both execution modes: the same shape, BashOperators + local dbt here, ECS
RunTask + Cosmos AWS_ECS on AWS. In AWS mode dag.test() runs against moto[server] on loopback and
the RunTask overrides moto recorded are checked (moto never runs the containers)."""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from e2e.services import REPO_ROOT, database_env, fresh_database
from include import execution, warehouse

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
    from airflow.providers.standard.operators.empty import EmptyOperator
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
    # Ephemeral models (the seniority enrichment) build nothing of their own: Cosmos renders them
    # as EmptyOperator in ECS mode; every other dbt node runs in the dbt task definition.
    ecs_tasks = [task for task in dbt_tasks if isinstance(task, DbtAwsEcsBaseOperator)]
    empty = {task.task_id for task in dbt_tasks if isinstance(task, EmptyOperator)}
    assert empty == {
        "normalize_jobs.int_jsearch__job_postings_with_seniority_run",
        "normalize_jobs.int_boards__job_postings_with_seniority_run",
    }
    assert len(ecs_tasks) == len(dbt_tasks) - len(empty) > 0
    assert {task.task_definition for task in ecs_tasks} == {"jobs-dbt"}
    # The final step's dbt run of the run statistics is a task of the dbt image too.
    build = aws_dag.get_task("record_run_statistics.build_run_statistics")
    assert isinstance(build, DbtAwsEcsBaseOperator) and build.task_definition == "jobs-dbt"
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


def _aws_credentials(monkeypatch, url: str) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    monkeypatch.setenv("AWS_ENDPOINT_URL", url)


def _warehouse_secret(url: str, name: str, value: dict) -> str:
    """A secret shaped like the one RDS generates for the instance's credentials."""
    import boto3

    client = boto3.client("secretsmanager", endpoint_url=url, region_name="eu-west-1")
    return client.create_secret(Name=name, SecretString=json.dumps(value))["ARN"]


RDS_SECRET = {
    "engine": "postgres",
    "host": "jobs.abc.eu-west-1.rds.amazonaws.com",
    "port": 5432,
    "dbname": "jobs",
    "username": "jobs_app",
    "password": "s3cret p@ss",
}


def test_the_warehouse_is_database_url_locally_and_the_rds_secret_on_aws(monkeypatch, moto_server):
    from psycopg.conninfo import conninfo_to_dict

    _aws_credentials(monkeypatch, moto_server)
    assert warehouse.conninfo({"DATABASE_URL": "postgresql://u@h/db"}) == "postgresql://u@h/db"
    arn = _warehouse_secret(moto_server, "jobs/rds", RDS_SECRET)
    # On MWAA the secret is the only way; it wins over a DATABASE_URL left in the environment.
    params = conninfo_to_dict(
        warehouse.conninfo({warehouse.SECRET_SETTING: arn, "DATABASE_URL": "postgresql://x"})
    )
    assert params == {
        "host": RDS_SECRET["host"],
        "port": "5432",
        "dbname": "jobs",
        "user": "jobs_app",
        "password": "s3cret p@ss",
        "sslmode": "require",
        "application_name": "jobs-airflow-run-metrics",
    }
    # Read from Secrets Manager, not the environment: registered with Airflow's masker on the way.
    from airflow.sdk.log import _secrets_masker

    assert _secrets_masker().redact("password=s3cret p@ss") == "password=***"
    overridden = warehouse.conninfo({warehouse.SECRET_SETTING: arn, warehouse.SSLMODE_SETTING: "verify-full"})
    assert conninfo_to_dict(overridden)["sslmode"] == "verify-full"


@pytest.mark.parametrize(
    ("secret", "message"),
    [
        (None, "need DATABASE_URL .local. or AIRFLOW__JOBS__WAREHOUSE_SECRET_ARN"),
        ("not json", "not JSON"),
        ({"host": "h", "port": 5432}, "has no username, password"),
    ],
)
def test_the_warehouse_settings_fail_clearly(monkeypatch, moto_server, secret, message):
    _aws_credentials(monkeypatch, moto_server)
    env = {}
    if secret is not None:
        import boto3

        client = boto3.client("secretsmanager", endpoint_url=moto_server, region_name="eu-west-1")
        value = secret if isinstance(secret, str) else json.dumps(secret)
        env[warehouse.SECRET_SETTING] = client.create_secret(Name="jobs/bad", SecretString=value)["ARN"]
    with pytest.raises(warehouse.WarehouseSettingsError, match=message):
        warehouse.conninfo(env)


@pytest.fixture
def aws_warehouse(monkeypatch, moto_server):
    """A fresh warehouse whose credentials sit in (moto's) Secrets Manager, as RDS's do on AWS."""
    if not os.environ.get("DATABASE_URL"):
        pytest.skip("needs DATABASE_URL (run through make test / scripts/with-db)")
    _aws_credentials(monkeypatch, moto_server)
    with fresh_database("jobs_aws_mode") as url:
        env = {**os.environ, **database_env(url)}
        subprocess.run(["bash", "scripts/init-db.sh"], cwd=REPO_ROOT, env=env, check=True, timeout=300)
        db = database_env(url)
        secret = {
            **RDS_SECRET,
            "host": db["PGHOST"],
            "port": int(db["PGPORT"]),
            "dbname": db["PGDATABASE"],
            "username": db["PGUSER"],
            "password": db["PGPASSWORD"],
        }
        yield url, _warehouse_secret(moto_server, "jobs/rds-credentials", secret)


def _landed_outcomes(url: str, run_id: str) -> list[tuple]:
    with psycopg.connect(url) as conn:
        if conn.execute("select to_regclass('marts.pipeline_task_outcomes')").fetchone()[0] is None:
            return []
        return conn.execute(
            "select step, status from marts.pipeline_task_outcomes where dag_run_id = %s order by 1",
            (run_id,),
        ).fetchall()


def test_aws_mode_dag_test_sends_run_task_overrides_to_ecs(
    monkeypatch, moto_server, aws_warehouse, fresh_manifest
):
    monkeypatch.setenv("PIPELINE_RETRIES", "0")  # a failure shows at once instead of after backoff
    _aws_credentials(monkeypatch, moto_server)
    warehouse_url, secret_arn = aws_warehouse
    # The callbacks reach the warehouse through the secret, as on MWAA (no local DATABASE_URL
    # database gets this run's metrics); the local server has no TLS.
    monkeypatch.setenv(warehouse.SECRET_SETTING, secret_arn)
    monkeypatch.setenv(warehouse.SSLMODE_SETTING, "disable")
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
    # Each task's callback landed its outcome in the secret's warehouse, not in DATABASE_URL's.
    assert [step for step, _ in _landed_outcomes(warehouse_url, run_id)] == steps
    assert _landed_outcomes(os.environ["DATABASE_URL"], run_id) == []
