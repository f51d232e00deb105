# Enrichment and ranking (dbt): skills, seniority, dim_ranking.
# The macro tests over literal rows (dbt/tests/macros/*.sql), the data tests
# (dbt/tests/enrichment/*.sql) and the ranking unit tests run inside every `dbt build` (tests/dbt's
# end-to-end build in test-dbt, mk/warehouse.mk); the daily DAG runs only the data tests.
# test-enrichment adds the check of the macros over the reference payloads; bench-skills is the
# SQL-vs-spaCy and ranking benchmark.
TEST_TARGETS += test-enrichment
BENCH_TARGETS += bench-skills

.PHONY: test-enrichment bench-skills

test-enrichment:
	$(VENV)/dbt/bin/pytest -q -p no:cacheprovider dbt/tests/enrichment

# Bench-only virtualenv: spaCy (blank English pipeline, no model download) + psycopg2.
$(VENV)/bench/.install-stamp: bench/skills/requirements.hashes.lock
	python3 -m venv $(VENV)/bench
	$(VENV)/bench/bin/pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
		-r bench/skills/requirements.hashes.lock
	@touch $@

# 20,000 generated descriptions through extract_skills and a spaCy PhraseMatcher (one core each),
# then dim_ranking over 100,000 jobs x 50 profiles. Writes bench/results/parts/skills.json.
bench-skills: $(VENV)/bench/.install-stamp
	$(VENV)/bench/bin/python bench/skills/run_bench.py

# The ranking's relevance (this checkout's, the ranking before the relevance rework, and ts_rank_cd alone) against
# the hand-labelled profiles x reference postings in bench/relevance/. Writes
# bench/results/parts/relevance.json.
BENCH_TARGETS += bench-relevance
.PHONY: bench-relevance
bench-relevance:
	$(VENV)/dbt/bin/python bench/relevance/run_bench.py
