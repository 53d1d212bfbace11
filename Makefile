# Two commands on a fresh machine: `make report` and `make test`.
# Each creates .venv and installs trendlab with its dev extras when needed.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
SEEDS  ?= ../shared/seeds

.PHONY: install test report bench lint clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e '.[dev,embeddings]'
	touch $(STAMP)

install: $(STAMP)

test: $(STAMP)
	$(PY) -m pytest -q

# Until the HTML report lands this runs the ingestion summary, and says so.
report: $(STAMP)
	@echo "trendlab: the HTML report is not built yet; showing the ingestion summary of $(SEEDS)"
	$(VENV)/bin/trendlab ingest $(SEEDS) --out report/

lint: $(STAMP)
	$(VENV)/bin/ruff check trendlab tests

clean:
	rm -rf $(VENV) report .pytest_cache
