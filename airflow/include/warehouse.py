"""Where the callbacks and the final step land task outcomes: the warehouse's connection string.

    AIRFLOW__JOBS__WAREHOUSE_SECRET_ARN  set (AWS/MWAA): the RDS credentials secret, read from Secrets
                                         Manager at every connect, so a rotated password is picked up
    otherwise                            DATABASE_URL (local runs, `make demo`, the tests)

MWAA has no DATABASE_URL: the JobsOrchestration stack sets `jobs.warehouse_secret_arn` (the ARN is
a reference, not a secret) and lets the execution role read that one secret. The secret is the JSON
RDS writes (host, port, dbname, username, password). TLS is required (the instance has
rds.force_ssl=1); AIRFLOW__JOBS__WAREHOUSE_SSLMODE overrides it, for a test server without TLS.
"""

import json
import os
from collections.abc import Mapping

from psycopg.conninfo import make_conninfo

SECRET_SETTING = "AIRFLOW__JOBS__WAREHOUSE_SECRET_ARN"
SSLMODE_SETTING = "AIRFLOW__JOBS__WAREHOUSE_SSLMODE"


class WarehouseSettingsError(RuntimeError):
    pass


def _secret_string(secret_id: str, env: Mapping[str, str]) -> str:
    import boto3

    region = env.get("AIRFLOW__JOBS__REGION") or env.get("AWS_DEFAULT_REGION") or None
    client = boto3.client("secretsmanager", region_name=region)
    return client.get_secret_value(SecretId=secret_id)["SecretString"]


def conninfo(environ: Mapping[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    secret_id = env.get(SECRET_SETTING, "").strip()
    if not secret_id:
        if env.get("DATABASE_URL"):
            return env["DATABASE_URL"]
        raise WarehouseSettingsError(f"run metrics need DATABASE_URL (local) or {SECRET_SETTING} (AWS)")
    try:
        secret = json.loads(_secret_string(secret_id, env))
    except json.JSONDecodeError as exc:
        raise WarehouseSettingsError(f"{SECRET_SETTING}: the secret is not JSON") from exc
    if secret.get("password"):
        # Not in the environment, so register_secrets_with_airflow() never saw it.
        from airflow.sdk.log import mask_secret

        mask_secret(secret["password"])
    missing = [field for field in ("host", "username") if not secret.get(field)]
    missing += [] if "password" in secret else ["password"]  # empty is valid (a trust-auth server)
    if missing:
        raise WarehouseSettingsError(f"{SECRET_SETTING}: the secret has no {', '.join(missing)}")
    return make_conninfo(
        host=secret["host"],
        port=str(secret.get("port") or 5432),
        dbname=secret.get("dbname") or "postgres",
        user=secret["username"],
        password=secret["password"],
        sslmode=env.get(SSLMODE_SETTING, "").strip() or "require",
        application_name="jobs-airflow-run-metrics",
    )
