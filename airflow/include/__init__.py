"""Configuration and glue for the jobs_etl_daily DAG (paths, Cosmos configs, CLI commands, run metrics)."""
