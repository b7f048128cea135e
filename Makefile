# One task runner for the project. `make help` lists the targets.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: help install install-dev lock run test lint format typecheck bench browser schema golden clean

help:
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/python  ## install the app's dependencies into .venv (exact versions and hashes from the lock)
	$(BIN)/pip install -q --require-hashes -r requirements.lock

install-dev: $(BIN)/python  ## install the test, lint and type-check dependencies (from the lock)
	$(BIN)/pip install -q --require-hashes -r requirements-dev.lock

LOCK := $(BIN)/pip-compile --quiet --generate-hashes --strip-extras --no-emit-find-links --no-emit-index-url
lock: $(BIN)/python  ## after editing requirements*.txt: regenerate requirements.lock and requirements-dev.lock
	$(BIN)/pip install -q pip-tools==7.6.2
	$(LOCK) --output-file requirements.lock requirements.txt
	$(LOCK) --output-file requirements-dev.lock requirements-dev.txt

run: install  ## start the app on http://localhost:8501 (SQLite in ./data)
	$(BIN)/streamlit run app.py

test: install-dev  ## run the whole test suite (browser journeys included when chromium is there)
	$(BIN)/python -m pytest -q

lint: install-dev  ## ruff lint + format check, mypy strict on the core, the import contract, stale schema check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m cxmaturity schema --check

format: install-dev  ## apply ruff's formatting and safe fixes
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install-dev  ## print every speed figure (medians); asserts nothing
	$(BIN)/python -m benchmarks --write docs/benchmarks.md

browser: install-dev  ## real-browser journeys only
	$(BIN)/python -m pytest -q -m browser

schema: install  ## regenerate the JSON Schemas in assessments/
	$(BIN)/python -m cxmaturity schema

golden: install-dev  ## regenerate golden results (review the diff!)
	$(BIN)/python tests/make_golden.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
