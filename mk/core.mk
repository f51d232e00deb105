# Lint and test aggregation. Each part may add to LINT_TARGETS and TEST_TARGETS in its own mk/*.mk.
# These run inside scripts/with-db, so DATABASE_URL/PG*/DBT_* are set.
LINT_TARGETS += lint-ts lint-python lint-sql
TEST_TARGETS += test-ts test-python

.PHONY: lint-all test-all lint-ts lint-python lint-sql test-ts test-python

# Parts' mk files are included after this one; expand the lists when the rule runs, not when read.
.SECONDEXPANSION:
lint-all: $$(LINT_TARGETS)

test-all: lint-all $$(TEST_TARGETS)
	@echo "make test: all linters and test suites passed"

lint-ts:
	npx biome check .
	npm run --silent typecheck --workspaces --if-present

lint-python:
	$(VENV)/dbt/bin/ruff check airflow tests bench
	$(VENV)/dbt/bin/ruff format --check airflow tests bench

lint-sql:
	cd dbt && $(VENV)/dbt/bin/sqlfluff lint models macros tests

# TypeScript suites (vitest projects) with coverage.
test-ts:
	npx vitest run --coverage

# Python suites (Airflow DAG and glue) with coverage, in the Airflow virtualenv. The CeleryExecutor
# run has its own target (test-celery in mk/airflow.mk).
test-python:
	$(VENV)/airflow/bin/pytest -q --cov=airflow/include --cov=airflow/dags --cov-report=term \
		--ignore=airflow/tests/e2e/test_celery_executor.py airflow/tests tests
