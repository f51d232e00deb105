"""Shell commands for the BashOperators. The CLIs read the run id and profile from the environment
that the operator sets (`env=`), so no Airflow value is ever pasted into shell text."""

from .paths import INIT_DB_SCRIPT, JOBCTL, MAIL_OUTBOX, REPO_ROOT

# The CLIs resolve through the root npm workspace (node_modules/.bin/jobctl).
CWD = str(REPO_ROOT)

# Environment the BashOperators add (templated by Airflow, appended to the worker's environment).
CLI_ENV = {
    "PIPELINE_RUN_ID": "{{ run_id }}",
    # Empty when the run covers every active profile; set from dag_run.conf {"profile_id": N}.
    "PIPELINE_PROFILE_ID": "{{ params.profile_id if params.profile_id is not none else '' }}",
}

_RUN_ARGS = '--run-id "$PIPELINE_RUN_ID" ${PIPELINE_PROFILE_ID:+--profile "$PIPELINE_PROFILE_ID"}'


def initialize_tables() -> str:
    # `bash <path>` (not the bare path) so Airflow does not treat the .sh as a template file.
    return f"bash '{INIT_DB_SCRIPT}'"


def extract_job_postings() -> str:
    return f"{JOBCTL} extract-jobs {_RUN_ARGS}"


def extract_boards() -> str:
    # Every watched career board; not per profile (boards belong to no profile).
    return f'{JOBCTL} extract-boards --run-id "$PIPELINE_RUN_ID"'


def extract_companies() -> str:
    return f'{JOBCTL} extract-companies --run-id "$PIPELINE_RUN_ID"'


def notify_daily() -> str:
    return f"{JOBCTL} notify --outbox '{MAIL_OUTBOX}' {_RUN_ARGS}"
