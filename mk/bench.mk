# Benchmarks. Each part appends a target to BENCH_TARGETS that writes
# $(BENCH_RESULTS_DIR)/parts/<name>.json; bench/report.mjs merges the parts into latest.json, prints
# the table and one line per target (met, missed, or not measured and why).
#
# BENCH_SMOKE=1 runs every benchmark end to end at toy sizes (about a minute of work each) and marks
# latest.json "smoke": true. `make test` runs it into out/bench-smoke and fails when any script breaks
# or stops writing an expected result; it never judges speed, which belongs to the full run.
export BENCH_RESULTS_DIR ?= $(ROOT)/bench/results

ifeq ($(BENCH_SMOKE),1)
export BENCH_SMOKE
export BENCH_RUNS := 1
export BENCH_POSTINGS := 500
export BENCH_FAULT_PROFILES := 3
export BENCH_DBT_POSTINGS := 500
export BENCH_DBT_NEW_POSTINGS := 50
export BENCH_DBT_PROFILES := 5
export BENCH_DBT_ROUNDS := 1
export SKILLS_BENCH_COUNT := 200
export SKILLS_BENCH_RUNS := 1
export BENCH_NOTIFY_PROFILES := 20
export BENCH_NOTIFY_UNPOOLED := 2
export BENCH_UI_PROFILES := 60
export BENCH_UI_CONNECTIONS := 10
export BENCH_UI_DURATION_S := 2
export BENCH_EXPORT_JOBS := 1000
endif

.PHONY: test-bench-smoke test-bench-report

TEST_TARGETS += test-bench-report test-bench-smoke

# The report's own logic (verdicts, the smoke check).
test-bench-report:
	node --test bench/test/

# Every benchmark at toy sizes, into its own results folder (the real figures stay untouched).
test-bench-smoke: $(VENV)/bench/.install-stamp ui-build
	rm -rf $(ROOT)/out/bench-smoke
	$(MAKE) --no-print-directory --keep-going bench-all BENCH_SMOKE=1 BENCH_RESULTS_DIR=$(ROOT)/out/bench-smoke
