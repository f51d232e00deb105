# Loaders (jobctl's landing into raw). Lint and tests run through mk/repository.mk (biome, tsc,
# vitest project "loaders").
BENCH_TARGETS += bench-landing-baseline bench-loaders

.PHONY: bench-landing-baseline bench-loaders

# The baseline bench-loaders compares itself with: psql \copy of 50,000 synthetic JSearch postings
# (pglz and lz4), the same data file.
bench-landing-baseline:
	node bench/baseline/landing-baseline.mjs

# Raw landing with jobctl's loader vs psql \copy of the same 50,000 postings (pglz and lz4), plus a
# fault run through the fake API. Writes bench/results/parts/loaders.json.
bench-loaders:
	node --import tsx bench/loaders/landing.ts

# The S3 archive tests talk to a real S3-compatible server on loopback: moto's server, from its own
# virtualenv (tests/s3/requirements.lock, hashed by scripts/lock-python.sh tests/s3).
install: $(VENV)/tests/s3/.install-stamp
