# syntax=docker/dockerfile:1
# The profile app: SvelteKit built with adapter-node, served by plain Node.
# Build from the repository root:  docker build -f docker/ui.Dockerfile -t jobs-platform/ui .
FROM node:20-bookworm-slim AS build
WORKDIR /opt/jobs
COPY package.json package-lock.json ./
COPY loaders/package.json loaders/package.json
COPY notifier/package.json notifier/package.json
COPY ui/package.json ui/package.json
RUN npm ci --workspace ui --include-workspace-root --ignore-scripts --no-audit --no-fund --loglevel=error
COPY tsconfig.base.json ./
COPY ui ui
RUN npm run build --workspace ui

FROM node:20-bookworm-slim AS runtime-deps
WORKDIR /opt/jobs
COPY package.json package-lock.json ./
COPY loaders/package.json loaders/package.json
COPY notifier/package.json notifier/package.json
COPY ui/package.json ui/package.json
# adapter-node bundles the app but not its runtime dependencies (pg, zod …): install only those.
RUN npm ci --workspace ui --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error

FROM node:20-bookworm-slim
WORKDIR /opt/jobs
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
COPY --from=runtime-deps /opt/jobs/node_modules node_modules
COPY --from=build /opt/jobs/ui/build ui/build
COPY ui/package.json ui/package.json
COPY package.json ./
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "ui/build"]
