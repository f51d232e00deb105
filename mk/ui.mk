# Profile app (ui/, SvelteKit + adapter-node): build, serve, benchmark.
# `make ui` builds when sources changed, makes sure the profile table exists, then serves on
# UI_HOST:UI_PORT (default 127.0.0.1:3000) against DATABASE_URL (or the embedded PostgreSQL).
UI_HOST ?= 127.0.0.1
UI_PORT ?= 3000
UI_SOURCES := $(shell find ui/src ui/static -type f 2>/dev/null) ui/svelte.config.js ui/vite.config.ts ui/package.json

BENCH_TARGETS += bench-ui

.PHONY: ui ui-build bench-ui

ui/build/handler.js: $(UI_SOURCES) node_modules/.install-stamp
	NODE_ENV=production npm run --silent build -w ui
	@touch $@

ui-build: install ui/build/handler.js

# Sign-in links go to SMTP_URL when set, and as .eml/.html files to UI_MAIL_OUTBOX (default here:
# out/mail/<database>/sign-in/, next to the demo's digests).
ui: ui-build init-db
	UI_HOST=$(UI_HOST) UI_PORT=$(UI_PORT) $(WITH_DB) sh -c \
	  'UI_MAIL_OUTBOX="$${UI_MAIL_OUTBOX:-$(ROOT)/out/mail/$$PGDATABASE/sign-in}" exec node ui/start.mjs'

# List page with 1,000 profiles and detail page with 365 runs, autocannon with 50 connections.
bench-ui: ui-build
	npx tsx bench/ui/run.ts
