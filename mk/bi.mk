# Tableau extracts: optional, not part of `make test` (tableauhyperapi ships a ~300 MB Hyper engine),
# in their own virtualenv from bi/extracts/requirements.hashes.lock.
.PHONY: tableau-extracts

# One .hyper per bi/tableau/*.tds, from the analytics models of the project database; OUT=out/tableau.
tableau-extracts: install $(VENV)/bi/extracts/.install-stamp
	$(WITH_DB) $(VENV)/bi/extracts/bin/python bi/extracts/write_hyper.py $(or $(OUT),out/tableau)
