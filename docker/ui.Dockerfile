# syntax=docker/dockerfile:1
# The profile app: SvelteKit built with adapter-node, served by plain Node.
# Build from the repository root:  docker build -f docker/ui.Dockerfile -t jobs-platform/ui .
# node:20-bookworm-slim, pinned by its multi-platform index digest
FROM node:20-bookworm-slim@sha256:580bf06e6702f536cc9fc4c9e7c8a58154e192c0f8d5913adef53fe8b8ece902 AS build
WORKDIR /opt/jobs
COPY package.json package-lock.json ./
COPY loaders/package.json loaders/package.json
COPY notifier/package.json notifier/package.json
COPY fake-api/package.json fake-api/package.json
COPY jobctl/package.json jobctl/package.json
COPY ui/package.json ui/package.json
RUN npm ci --workspace ui --include-workspace-root --ignore-scripts --no-audit --no-fund --loglevel=error
COPY tsconfig.base.json ./
COPY ui ui
RUN npm run build --workspace ui

# node:20-bookworm-slim, pinned by its multi-platform index digest
FROM node:20-bookworm-slim@sha256:580bf06e6702f536cc9fc4c9e7c8a58154e192c0f8d5913adef53fe8b8ece902 AS runtime-deps
WORKDIR /opt/jobs
COPY package.json package-lock.json ./
COPY loaders/package.json loaders/package.json
COPY notifier/package.json notifier/package.json
COPY fake-api/package.json fake-api/package.json
COPY jobctl/package.json jobctl/package.json
COPY ui/package.json ui/package.json
# adapter-node bundles the app but not its runtime dependencies (pg, zod …): install only those.
RUN npm ci --workspace ui --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error

# node:20-bookworm-slim, pinned by its multi-platform index digest
FROM node:20-bookworm-slim@sha256:580bf06e6702f536cc9fc4c9e7c8a58154e192c0f8d5913adef53fe8b8ece902
WORKDIR /opt/jobs
# ui/start.mjs maps UI_HOST/UI_PORT to adapter-node's HOST/PORT and defaults ORIGIN; in a container
# the app must listen on every interface (compose publishes it on 127.0.0.1 only).
ENV NODE_ENV=production UI_HOST=0.0.0.0 UI_PORT=3000
COPY --from=runtime-deps /opt/jobs/node_modules node_modules
COPY --from=build /opt/jobs/ui/build ui/build
COPY ui/package.json ui/start.mjs ui/
COPY package.json ./
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.UI_PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "ui/start.mjs"]
