# syntax=docker/dockerfile:1
# Airflow (api-server, scheduler, dag-processor) with Cosmos, the dbt venv Cosmos calls, and Node
# for the jobctl BashOperators. The repository sits at /opt/jobs exactly as on a host clone, so
# airflow/include/paths.py finds dbt/, .venv/dbt/bin/dbt and scripts/ without extra settings.
# Build from the repository root:  docker build -f docker/airflow.Dockerfile -t jobs-platform/airflow .
# node:20-bookworm-slim, pinned by its multi-platform index digest
FROM node:20-bookworm-slim@sha256:580bf06e6702f536cc9fc4c9e7c8a58154e192c0f8d5913adef53fe8b8ece902 AS node

# python:3.11-slim-bookworm, pinned by its multi-platform index digest
FROM python:3.11-slim-bookworm@sha256:0bee7276f83efd4a1ee05bbbf4281d95ed28e079220a9457f25a93e3f1e3c31b AS dbt-venv
WORKDIR /opt/jobs
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
COPY dbt/requirements.hashes.lock dbt/requirements.hashes.lock
RUN python -m venv .venv/dbt && .venv/dbt/bin/pip install --quiet --require-hashes --no-deps -r dbt/requirements.hashes.lock

# python:3.11-slim-bookworm, pinned by its multi-platform index digest
FROM python:3.11-slim-bookworm@sha256:0bee7276f83efd4a1ee05bbbf4281d95ed28e079220a9457f25a93e3f1e3c31b AS airflow-venv
WORKDIR /opt/jobs
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
COPY airflow/requirements.hashes.lock airflow/requirements.hashes.lock
# Airflow and dbt cannot share a venv (protobuf/click pins); the lock is a pip freeze of
# airflow/requirements.txt, so no constraints file from the internet is needed.
RUN python -m venv .venv/airflow && .venv/airflow/bin/pip install --quiet --require-hashes --no-deps -r airflow/requirements.hashes.lock

FROM node AS node-deps
WORKDIR /opt/jobs
COPY package.json package-lock.json ./
COPY loaders/package.json loaders/package.json
COPY notifier/package.json notifier/package.json
COPY fake-api/package.json fake-api/package.json
COPY jobctl/package.json jobctl/package.json
COPY ui/package.json ui/package.json
RUN npm ci --workspace jobctl --workspace loaders --workspace notifier --workspace fake-api --include-workspace-root \
        --ignore-scripts --no-audit --no-fund --loglevel=error

# python:3.11-slim-bookworm, pinned by its multi-platform index digest
FROM python:3.11-slim-bookworm@sha256:0bee7276f83efd4a1ee05bbbf4281d95ed28e079220a9457f25a93e3f1e3c31b
# psql for scripts/init-db.sh (initialize_tables); curl for the health checks; tini reaps children.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        postgresql-client curl tini ca-certificates \
    && rm -rf /var/lib/apt/lists/*
# Node 20 from the official image (same Debian release), with npm/npx for `npx --no-install jobctl`.
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules /usr/local/lib/node_modules
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
    && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
    && useradd --system --create-home --uid 50000 --gid 0 airflow
WORKDIR /opt/jobs
COPY --from=dbt-venv /opt/jobs/.venv/dbt .venv/dbt
COPY --from=airflow-venv /opt/jobs/.venv/airflow .venv/airflow
COPY --from=node-deps /opt/jobs/node_modules node_modules
COPY package.json package-lock.json tsconfig.base.json ./
COPY jobctl jobctl
COPY loaders loaders
COPY notifier notifier
COPY fake-api fake-api
COPY scripts scripts
COPY docker/init docker/init
COPY dbt dbt
COPY airflow airflow
ENV PATH=/opt/jobs/.venv/airflow/bin:$PATH \
    AIRFLOW_HOME=/opt/airflow \
    AIRFLOW__CORE__DAGS_FOLDER=/opt/jobs/airflow/dags \
    AIRFLOW__CORE__LOAD_EXAMPLES=False \
    DBT_EXECUTABLE=/opt/jobs/.venv/dbt/bin/dbt \
    DBT_PROJECT_DIR=/opt/jobs/dbt \
    DBT_PROFILES_DIR=/opt/jobs/dbt \
    DBT_SEND_ANONYMOUS_USAGE_STATS=false \
    JOBS_MAIL_OUTBOX=/opt/airflow/mail
# Cosmos renders the DAG from dbt/target/manifest.json (LoadMode.DBT_MANIFEST), so make it at build
# time: `dbt parse` needs no database. dbt packages are local paths, linked by `dbt deps`.
RUN cd dbt \
    && if [ -f packages.yml ]; then ../.venv/dbt/bin/dbt deps --quiet; fi \
    && ../.venv/dbt/bin/dbt parse --quiet \
    && mkdir -p /opt/airflow/logs /opt/airflow/mail \
    && chown -R airflow:0 /opt/airflow /opt/jobs/dbt \
    && chmod -R g+rwX /opt/airflow /opt/jobs/dbt
USER airflow
ENTRYPOINT ["/usr/bin/tini", "--", "airflow"]
CMD ["standalone"]
