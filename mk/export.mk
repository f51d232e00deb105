# Exports (`jobctl export`): the export benchmark. The export tests run in the loaders vitest project.
BENCH_TARGETS += bench-export

.PHONY: bench-export

# 100,000 planted fact_jobs rows to Parquet (BENCH_EXPORT_JOBS; the smoke run plants 1,000), median of BENCH_RUNS.
# Writes $(BENCH_RESULTS_DIR)/parts/export.json (export.parquet_100k_s, target ≤ 10 s).
bench-export:
	node --import tsx bench/export/bench_export.ts
