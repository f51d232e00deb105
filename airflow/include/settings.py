"""Run settings that operators may tune through the environment (read once, at DAG parse)."""

import os
from datetime import timedelta

RETRIES = int(os.environ.get("PIPELINE_RETRIES", "3"))
# Exponential backoff starts here and doubles per try, up to RETRY_MAX_DELAY.
RETRY_DELAY = timedelta(seconds=float(os.environ.get("PIPELINE_RETRY_DELAY_S", "60")))
RETRY_MAX_DELAY = timedelta(minutes=float(os.environ.get("PIPELINE_RETRY_MAX_DELAY_MIN", "15")))


def task_defaults(**callbacks) -> dict:
    """Every DAG's default_args: retries with exponential backoff, plus the DAG's own callbacks."""
    return {
        "owner": "data-platform",
        "retries": RETRIES,
        "retry_delay": RETRY_DELAY,
        "retry_exponential_backoff": True,
        "max_retry_delay": RETRY_MAX_DELAY,
        **callbacks,
    }
