# regain — developer entry points. Quick start: `make demo`, then `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= out

.PHONY: setup demo test lint bench clean

# A virtual environment with regain (editable) and the test tools.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# Assess the bundled example and write its plan as JSON and HTML.
demo: setup
	@mkdir -p $(OUT)
	@$(BIN)/regain assess examples/shoulder.yaml
	@$(BIN)/regain assess examples/shoulder.yaml --format json -o $(OUT)/shoulder.json
	@$(BIN)/regain assess examples/shoulder.yaml --format html -o $(OUT)/shoulder.html
	@echo ""
	@echo "Your plan is in $(abspath $(OUT))/shoulder.html (open it in a browser)"
	@echo "and the assessment in $(abspath $(OUT))/shoulder.json."

# The whole suite: lint, unit, golden, property, CLI, terminal and browser tests.
test: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check . || true

bench: setup
	$(BIN)/python benchmarks/bench_assess.py
	$(BIN)/python benchmarks/bench_render.py
	$(BIN)/python benchmarks/bench_batch.py

clean:
	rm -rf $(VENV) $(OUT) build *.egg-info .pytest_cache .ruff_cache .hypothesis
