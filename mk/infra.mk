# Production on AWS: the CDK app in infra/, its policy checks, the MWAA requirements and
# the workflow lint. Everything runs offline: synth reads infra/cdk.context.json, no AWS call is made.
# The assertion tests and cdk-nag run in the vitest project "infra" (mk/repository.mk's test-ts).
INFRA_VENV := $(VENV)/infra
CDK_OUT := $(ROOT)/infra/cdk.out
MWAA_AIRFLOW_VERSION := $(shell node -p "require('./infra/cdk.json').context.mwaaAirflowVersion")

LINT_TARGETS += lint-workflows
TEST_TARGETS += test-infra test-mwaa-requirements

.PHONY: lint-workflows test-infra infra-synth test-mwaa-requirements

# cfn-lint, checkov and actionlint live in their own venv, .venv/infra, installed from
# infra/requirements.lock by the Makefile's venv rule (checkov's pins clash with both other venvs).
lint-workflows: $(INFRA_VENV)/.install-stamp
	$(INFRA_VENV)/bin/actionlint -shellcheck= .github/workflows/*.yml

# `cdk synth` of every stack with cdk-nag attached (an unacknowledged finding fails the synth).
infra-synth: node_modules/.install-stamp
	rm -rf $(CDK_OUT)
	cd infra && CDK_DISABLE_CLI_TELEMETRY=true npx cdk synth --no-notices --quiet
	@ls $(CDK_OUT)/Jobs*.template.json | wc -l | xargs -I{} echo "infra-synth: {} stack templates in infra/cdk.out"

test-infra: infra-synth $(INFRA_VENV)/.install-stamp
	$(INFRA_VENV)/bin/cfn-lint --config-file infra/.cfnlintrc.yaml -- $(CDK_OUT)/Jobs*.template.json
	BC_SKIP_MAPPING=TRUE $(INFRA_VENV)/bin/checkov --config-file infra/.checkov.yaml --directory $(CDK_OUT)

# MWAA's constraints file (raw.githubusercontent.com) is unreachable here, so the requirements are
# resolved together with the exact apache-airflow MWAA runs (with its celery/statsd extras), for
# MWAA's Python, wheels only; the constraint line itself must name the same Airflow version.
test-mwaa-requirements: $(INFRA_VENV)/.install-stamp
	grep -q '^--constraint "https://raw.githubusercontent.com/apache/airflow/constraints-$(MWAA_AIRFLOW_VERSION)/constraints-3.12.txt"$$' infra/mwaa/requirements.txt
	grep -v '^--constraint' infra/mwaa/requirements.txt > $(ROOT)/.local/mwaa-requirements.txt
	$(INFRA_VENV)/bin/pip install --quiet --disable-pip-version-check --dry-run --ignore-installed --target $(ROOT)/.local/mwaa-dry-run \
		--python-version 3.12 --only-binary=:all: \
		-r $(ROOT)/.local/mwaa-requirements.txt 'apache-airflow[celery,statsd]==$(MWAA_AIRFLOW_VERSION)'
	@echo "test-mwaa-requirements: infra/mwaa/requirements.txt resolves with apache-airflow $(MWAA_AIRFLOW_VERSION) on Python 3.12"
