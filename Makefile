# Two commands on a fresh machine: `make report` and `make test`.
# Each creates .venv and installs trendlab with its dev extras when needed.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
SEEDS  ?= ../shared/seeds

.PHONY: install test report report-seeds bench lint clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e '.[dev,embeddings]'
	touch $(STAMP)

install: $(STAMP)

test: $(STAMP)
	$(PY) -m pytest -q

# The main job: the HTML report on the bundled sample corpus (report/index.html).
report: $(STAMP)
	$(VENV)/bin/trendlab report --out report/

# The same on the seed documents next to the repository.
report-seeds: $(STAMP)
	$(VENV)/bin/trendlab report $(SEEDS) --out report-seeds/

lint: $(STAMP)
	$(VENV)/bin/ruff check trendlab tests

clean:
	rm -rf $(VENV) report .pytest_cache
