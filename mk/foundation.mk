# Foundation part: benchmark baseline (issue 2). Linters and tests are aggregated in core.mk.
BENCH_TARGETS += bench-landing-baseline

.PHONY: bench-landing-baseline

# Baseline for raw landing: psql \copy of 50,000 synthetic JSearch postings (pglz and lz4).
# The loaders' benchmark compares itself with the same data file in its own part.
bench-landing-baseline:
	node bench/baseline/landing-baseline.mjs
