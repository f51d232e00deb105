# Orchestration (airflow/): the jobs_etl_daily DAG, the dbt manifest Cosmos renders from, Airflow's
# project-local metadata DB (what `make demo` needs), the Airflow suites and `make airflow-ui`.
AIRFLOW := $(VENV)/airflow/bin/airflow
# Airflow's own state (its metadata DB with the run list, task logs) is kept per project database,
# so the run list and the UI's title show the runs against this DATABASE_URL only.
AIRFLOW_DATABASE := $(shell node $(ROOT)/scripts/db.mjs name | tr -c 'A-Za-z0-9_\n-' '_')
export AIRFLOW_HOME := $(ROOT)/.local/airflow/$(AIRFLOW_DATABASE)
export AIRFLOW__API__INSTANCE_NAME := Job postings: database $(AIRFLOW_DATABASE)
export AIRFLOW__CORE__LOAD_EXAMPLES := False
export AIRFLOW__CORE__DAGS_FOLDER := $(ROOT)/airflow/dags
# The DAG files import airflow/include as `include` (no sys.path edits in them).
export PYTHONPATH := $(ROOT)/airflow
export AIRFLOW__CORE__UNIT_TEST_MODE := False

DBT_MANIFEST := $(ROOT)/dbt/target/manifest.json
AIRFLOW_DB_STAMP := $(AIRFLOW_HOME)/.migrated-3.3.2
# Every file dbt parses: the manifest is rebuilt whenever one changes (make compares mtimes).
DBT_PROJECT_FILES := $(shell find dbt \( -name target -o -name dbt_packages -o -name logs \) -prune -o \
	-type f \( -name '*.sql' -o -name '*.yml' -o -name '*.yaml' -o -name '*.csv' -o -name '*.md' \) -print)

.PHONY: airflow-setup dbt-manifest

# Cosmos renders the DAG from this manifest (LoadMode.DBT_MANIFEST), so parsing the DAG never runs dbt.
# Parsed against the project database's profile (with-db), so the dbt tasks that run with the same
# profile reuse its partial parse instead of parsing the whole project again.
$(DBT_MANIFEST): $(DBT_PROJECT_FILES) $(VENV)/dbt/.install-stamp node_modules/.install-stamp
	cd dbt && $(WITH_DB) $(DBT) parse --quiet
	@touch $@

dbt-manifest: $(DBT_MANIFEST)

$(AIRFLOW_DB_STAMP): $(VENV)/airflow/.install-stamp
	mkdir -p $(AIRFLOW_HOME)
	$(AIRFLOW) db migrate >/dev/null
	@touch $@

airflow-setup: $(DBT_MANIFEST) $(AIRFLOW_DB_STAMP)

TEST_TARGETS += test-airflow test-celery
.PHONY: test-airflow test-celery
CELERY_TEST := airflow/tests/e2e/test_celery_executor.py

# The Airflow suites (DAG shape, glue, `airflow dags test` end to end) in the Airflow virtualenv,
# with coverage of the DAGs and airflow/include. They need the manifest and a migrated metadata DB.
test-airflow: airflow-setup
	$(VENV)/airflow/bin/pytest -q --cov=airflow/include --cov=airflow/dags --cov-report=term \
		--ignore=$(CELERY_TEST) airflow/tests

# jobs_etl_daily under the CeleryExecutor with two workers on the machine's Redis, against a local
# run of the same DAG: api-server, scheduler, dag-processor and two `airflow celery worker`s on
# loopback, PostgreSQL metadata DB, logs and summary.json in .local/test-celery/. Slow (two full
# runs), so it has its own target. JOBS_TEST_REDIS_URL overrides redis://127.0.0.1:6379/11 (keys
# carry a per-run prefix and are deleted afterwards).
test-celery: airflow-setup
	$(WITH_DB) $(VENV)/airflow/bin/pytest -s -q -p no:cacheprovider $(CELERY_TEST)

# Airflow 3's UI on loopback (default http://127.0.0.1:8080, AIRFLOW_UI_PORT to change), with a
# scheduler so that runs triggered there execute. Ctrl-C stops it.
.PHONY: airflow-ui
airflow-ui: install airflow-setup
	$(WITH_DB) scripts/airflow-ui.sh
