"""Run settings that operators may tune through the environment (read once, at DAG parse)."""

import os
from datetime import timedelta

RETRIES = int(os.environ.get("PIPELINE_RETRIES", "3"))
# Exponential backoff starts here and doubles per try, up to RETRY_MAX_DELAY.
RETRY_DELAY = timedelta(seconds=float(os.environ.get("PIPELINE_RETRY_DELAY_S", "60")))
RETRY_MAX_DELAY = timedelta(minutes=float(os.environ.get("PIPELINE_RETRY_MAX_DELAY_MIN", "15")))
