# Lantern: `make demo` sets up and serves a synthetic council; `make test` runs the suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# The DfE validators pin pandas < 2 and numpy < 1.25: they get a virtualenv of their own.
VALIDATORS := .venv-validators
VALIDATORS_PYTHON ?= $(shell command -v python3.11 || echo $(PYTHON))
SIZE   ?= small
PORT   ?= 8000
FRONTEND_SOURCES := $(shell find lantern/web/frontend scripts -type f 2>/dev/null)

.PHONY: setup demo serve test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

$(VALIDATORS)/.installed: requirements-validators.txt
	$(VALIDATORS_PYTHON) -m venv $(VALIDATORS)
	$(VALIDATORS)/bin/pip install --quiet --disable-pip-version-check -r requirements-validators.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

var/assets/.built: node_modules/.installed $(FRONTEND_SOURCES)
	npm run --silent build
	touch $@

## setup: everything but serving (Python and npm installs, the DfE validators, assets, migrations)
setup: $(VENV)/.installed $(VALIDATORS)/.installed var/assets/.built
	$(BIN)/lantern migrate --noinput -v 0

## demo: set up, generate a synthetic council (SIZE=small|hull|large) and serve it
demo: setup
	$(BIN)/lantern seed --size $(SIZE) --if-empty
	$(BIN)/lantern demo_logins
	$(BIN)/lantern runserver 127.0.0.1:$(PORT)

## test: the whole suite (SQLite, or PostgreSQL when DATABASE_URL is set)
test: setup
	$(BIN)/ruff check lantern
	$(BIN)/mypy
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/lantern bench

clean:
	rm -rf $(VENV) $(VALIDATORS) node_modules var
