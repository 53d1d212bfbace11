# Two commands on a fresh machine: `make report` and `make test`.
# Each creates .venv and installs trendlab with its dev extras when needed.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
SEEDS  ?= ../shared/seeds

.PHONY: install test report report-seeds bench eval theme-model docs examples check-browser lint clean

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

# Benchmarks (about 2 hours on 2 cores; python -m benchmarks.run_all --sections ... runs a part);
# rewrites docs/benchmarks.md with the printed figures.
bench: $(STAMP)
	$(PY) -m benchmarks.run_all

# Theme precision and recall on real streams with hand labels; rewrites docs/evaluation.md.
# Set TRENDLAB_WEB_EVAL to the folder of the AI-news web excerpts to include that set.
eval: $(STAMP)
	$(PY) -m benchmarks.themes_eval

# Retrains the shipped theme model (trendlab/data/theme_model.json.gz) from the hand-labelled
# training excerpts (TRENDLAB_TRAIN) and the dev stream (deterministic on one machine).
theme-model: $(STAMP)
	$(PY) -m benchmarks.train_theme_model

# The documentation site, strict: broken references and docstring problems fail the build.
docs: $(STAMP)
	$(VENV)/bin/mkdocs build --strict

# Every example script (the test suite runs them too, and executes the notebook).
examples: $(STAMP)
	$(PY) -m pytest -q tests/test_examples.py

# Render the report in headless Chromium (installs Debian's chromium when missing).
check-browser: $(STAMP)
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)
	$(PY) -m pytest -q tests/test_report.py -k chromium

lint: $(STAMP)
	$(VENV)/bin/ruff check trendlab tests benchmarks examples docs/scripts
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff format --check trendlab tests benchmarks examples docs/scripts

clean:
	rm -rf $(VENV) report .pytest_cache
