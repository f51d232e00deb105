# The repository as a whole: the linters over every part, the vitest projects of every TypeScript
# workspace, and the repository's own checks (tests/*.py: CI, compose, init-db, linters, supply chain).
LINT_TARGETS += lint-ts lint-python lint-sql
TEST_TARGETS += test-ts test-repository

.PHONY: lint-ts lint-python lint-sql test-ts test-repository

lint-ts:
	npx biome check .
	npm run --silent typecheck --workspaces --if-present

lint-python:
	$(VENV)/dbt/bin/ruff check airflow tests bench bi
	$(VENV)/dbt/bin/ruff format --check airflow tests bench bi

lint-sql:
	cd dbt && $(VENV)/dbt/bin/sqlfluff lint models macros tests

# TypeScript suites (vitest projects) with coverage.
test-ts:
	npx vitest run --coverage

# In the dbt virtualenv, which holds the Python tools these checks drive (ruff, sqlfluff, dbt for
# init-db); the Airflow and dbt suites have their own targets (mk/airflow.mk, mk/warehouse.mk).
test-repository:
	$(VENV)/dbt/bin/pytest -q -p no:cacheprovider --ignore=tests/dbt tests
