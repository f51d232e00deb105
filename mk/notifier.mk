# Notifier: the daily digest of each profile's best new jobs (notifier/).
# Lint (biome + tsc via the workspace's typecheck script) and tests (vitest project "notifier")
# already run through mk/repository.mk's lint-ts and test-ts.
BENCH_TARGETS += bench-notifier

.PHONY: bench-notifier notify-test smtp-sink

# 1,000 digests rendered from one compiled template, then sent over pooled SMTP to the local sink.
# Writes bench/results/parts/notifier.json (medians of BENCH_RUNS >= 3 runs).
bench-notifier:
	node --import tsx bench/notifier/bench.ts

# Only the notifier's suites (needs DATABASE_URL; make's with-db wrapper sets it).
notify-test: install chromium
	$(WITH_DB) npx vitest run --project notifier --coverage.enabled=false

# A local SMTP sink for manual runs: SMTP_URL=smtp://any:any@127.0.0.1:2525, messages in out/mail/.
smtp-sink: install
	node --import tsx notifier/src/cli.ts smtp-sink --port $${SMTP_SINK_PORT:-2525} --dir out/mail
