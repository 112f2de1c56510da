# Prospector — the README's two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
TS     := resources/translations
QM     := $(patsubst %.ts,%.qm,$(wildcard $(TS)/*.ts))
SOURCES_FOR_TR := $(shell find widgets app -name '*.py' 2>/dev/null)
BENCH_ARGS ?=

.PHONY: run test lint typecheck contracts pytest bench translations lupdate demo clean

# The venv is rebuilt only when pyproject.toml changes.
$(BIN)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(BIN)/.installed-dev: $(BIN)/.installed pyproject.toml
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

# Polish and English catalogues (.ts, kept in git) compiled to .qm.
$(TS)/%.qm: $(TS)/%.ts $(BIN)/.installed
	$(BIN)/pyside6-lrelease -silent $< -qm $@

translations: $(QM)

# Refresh the .ts catalogues from the sources (run after changing UI strings).
lupdate: $(BIN)/.installed
	$(BIN)/pyside6-lupdate -silent -no-obsolete $(SOURCES_FOR_TR) -ts $(TS)/prospector_pl.ts $(TS)/prospector_en.ts

run: $(BIN)/.installed translations
	$(BIN)/prospector gui --demo

demo: $(BIN)/.installed
	$(BIN)/prospector demo --json

lint: $(BIN)/.installed-dev
	$(BIN)/ruff check .

typecheck: $(BIN)/.installed-dev
	$(BIN)/mypy

contracts: $(BIN)/.installed-dev
	$(BIN)/lint-imports

pytest: $(BIN)/.installed-dev translations
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest $(PYTEST_ARGS)

test: lint typecheck contracts pytest

bench: $(BIN)/.installed-dev
	QT_QPA_PLATFORM=offscreen $(PY) bench/run_all.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .ruff_cache .pytest_cache $(TS)/*.qm
