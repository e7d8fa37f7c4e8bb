# regain — developer entry points. Quick start: `make demo`, then `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= out

.PHONY: setup catalogs demo test lint bench hooks clean

# A virtual environment with regain (editable) and the test tools.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# The message catalogs compiled in place (locale/*/LC_MESSAGES/regain.mo) where a .po is
# newer; a build (pip install) compiles them into the package itself.
catalogs: setup
	@$(BIN)/python -m buildtools.catalogs

# Assess the bundled example and write its plan as JSON and HTML; start a demo journal
# (two weeks ago) with one check-in and write its progress page.
DEMO_START = $(shell $(PYTHON) -c "import datetime; print(datetime.date.today() - datetime.timedelta(days=14))")
demo: setup catalogs
	@mkdir -p $(OUT)
	@$(BIN)/regain assess examples/shoulder.yaml
	@$(BIN)/regain assess examples/shoulder.yaml --format json -o $(OUT)/shoulder.json
	@$(BIN)/regain assess examples/shoulder.yaml --format html -o $(OUT)/shoulder.html
	@rm -f $(OUT)/demo-journal.db
	@$(BIN)/regain track --db $(OUT)/demo-journal.db start examples/shoulder.yaml --date $(DEMO_START) >/dev/null
	@$(BIN)/regain track --db $(OUT)/demo-journal.db checkin $$($(BIN)/regain track --db $(OUT)/demo-journal.db list | cut -d' ' -f1) --file examples/checkins/two-weeks.yaml >/dev/null
	@$(BIN)/regain track --db $(OUT)/demo-journal.db show $$($(BIN)/regain track --db $(OUT)/demo-journal.db list | cut -d' ' -f1) -o $(OUT)/progress.html
	@echo ""
	@echo "Your plan is in $(abspath $(OUT))/shoulder.html (open it in a browser)"
	@echo "and the assessment in $(abspath $(OUT))/shoulder.json;"
	@echo "a demo journal with one check-in: $(abspath $(OUT))/progress.html."

# axe-core for the accessibility tests, from npm (.ci/axe/package.json pins it);
# without npm those tests are skipped (CI requires them).
AXE := .ci/axe/node_modules/axe-core/axe.min.js
$(AXE): .ci/axe/package.json .ci/axe/package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix .ci/axe --no-audit --no-fund --silent; \
	else echo "npm not found: the accessibility tests will be skipped"; fi

# The whole suite: lint, types, layers, then unit, golden, property, CLI,
# terminal and browser tests, and the journal's tests on SQLite and on a
# throwaway PostgreSQL server they start themselves (tests/postgres_server.py).
test: lint catalogs $(AXE)
	$(BIN)/python -m pytest

# The source tree is the package `regain` (package-dir "."): mypy finds it
# through a link named regain inside the virtual environment.
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@mkdir -p $(VENV)/mypy-path && ln -sfn $(CURDIR) $(VENV)/mypy-path/regain
	MYPYPATH=$(VENV)/mypy-path $(BIN)/mypy -p regain
	$(BIN)/lint-imports

# Commit subjects of at most 72 characters (.githooks/commit-msg).
hooks:
	git config core.hooksPath .githooks

bench: setup
	$(BIN)/python benchmarks/bench_assess.py
	$(BIN)/python benchmarks/bench_render.py
	$(BIN)/python benchmarks/bench_batch.py

clean:
	rm -rf $(VENV) $(OUT) build *.egg-info .pytest_cache .ruff_cache .hypothesis .ci/axe/node_modules
