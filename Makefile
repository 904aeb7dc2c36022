# Two commands: `make run` serves the demo on http://127.0.0.1:5000, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements.lock
# uv only writes the lock (`make lock`); installing needs nothing but Python's own pip.
UV := uv==0.13.9
LOCK_OPTIONS := --extra dev --universal --python-version 3.11 --generate-hashes
export FLASK_APP := wsgi

.PHONY: run test lint format venv lock upgrade

venv: $(STAMP)

# The exact, hashed versions CI tested, then the project itself without resolving anything more.
$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# After editing the dependencies in pyproject.toml: pins what is new, keeps every other pin.
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "$(UV)"
	$(BIN)/uv pip compile pyproject.toml $(LOCK_OPTIONS) $(UPGRADE) \
		--custom-compile-command "make lock" --quiet --output-file $(LOCK)

# Moves every pin to the newest version pyproject.toml allows; run the tests before committing.
upgrade:
	$(MAKE) lock UPGRADE=--upgrade

run: $(STAMP)
	$(BIN)/flask db upgrade
	$(BIN)/flask demo load --if-empty
	$(BIN)/flask search reindex --if-outdated
	$(BIN)/flask users hint
	$(BIN)/gunicorn --config gunicorn.conf.py wsgi:app

test: $(STAMP) lint
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
