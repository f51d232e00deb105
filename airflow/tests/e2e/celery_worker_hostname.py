"""`[core] hostname_callable` for the Celery test's workers: both run on this machine, so the
hostname Airflow records on each task instance would be the same for both. Each worker process
gets its own JOBS_CELERY_WORKER_NAME, which becomes the task instances' hostname."""

import os


def hostname() -> str:
    return os.environ["JOBS_CELERY_WORKER_NAME"]
