# syntax=docker/dockerfile:1
# dbt with the project: same venv (dbt/requirements.lock) and profiles.yml as on the host.
# Build from the repository root:  docker build -f docker/dbt.Dockerfile -t jobs-platform/dbt .
# Run:  docker run --rm -e DBT_HOST=… -e DBT_PASSWORD=… jobs-platform/dbt build
# python:3.11-slim-bookworm, pinned by its multi-platform index digest
FROM python:3.11-slim-bookworm@sha256:0bee7276f83efd4a1ee05bbbf4281d95ed28e079220a9457f25a93e3f1e3c31b
WORKDIR /opt/jobs
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1
COPY dbt/requirements.hashes.lock dbt/requirements.hashes.lock
# Same path as on a host clone (.venv/dbt), so paths in docs and scripts hold in the container too.
RUN python -m venv .venv/dbt && .venv/dbt/bin/pip install --quiet --require-hashes --no-deps -r dbt/requirements.hashes.lock
COPY dbt dbt
ENV PATH=/opt/jobs/.venv/dbt/bin:$PATH \
    DBT_PROJECT_DIR=/opt/jobs/dbt \
    DBT_PROFILES_DIR=/opt/jobs/dbt \
    DBT_SEND_ANONYMOUS_USAGE_STATS=false
WORKDIR /opt/jobs/dbt
# dbt packages come from local paths (no hub access); `dbt deps` only links them into dbt_packages.
RUN if [ -f packages.yml ]; then dbt deps --quiet; fi \
    && useradd --system --create-home --uid 10001 dbt && chown -R dbt /opt/jobs/dbt
USER dbt
ENTRYPOINT ["dbt"]
CMD ["build"]
