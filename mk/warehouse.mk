# Warehouse (dbt/): docs site + data-quality report, the dbt suites, the dbt benchmark.
# The end-to-end dbt suite (tests/dbt/test_*.py: fresh database, reference payloads and planted
# rows landed raw, real `dbt build`, assertions, docs + report opened in Chromium) runs in the dbt
# virtualenv; `make test-dbt` runs just that suite.
TEST_TARGETS += test-dbt test-dq-report
BENCH_TARGETS += bench-dbt

.PHONY: docs test-dbt test-dq-report bench-dbt

# Static dbt docs (one self-contained page) -> out/docs/index.html,
# data-quality report from dbt's artifacts -> out/dq-report/index.html (history kept beside it).
docs: install
	$(WITH_DB) bash dbt/report/build-docs.sh $(ROOT)/out

test-dq-report:
	node --test tests/dbt/

test-dbt: install chromium
	$(WITH_DB) $(VENV)/dbt/bin/pytest -q -p no:cacheprovider tests/dbt

# 100k postings x 50 profiles from the fake API's generator: full `dbt build`, then +1% and the
# incremental build. Writes bench/results/parts/dbt.json.
bench-dbt:
	$(VENV)/dbt/bin/python bench/dbt/bench_dbt.py
