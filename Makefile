# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
EMBEDDED := env -u DATABASE_URL -u CELERY_BROKER_URL -u CELERY_RESULT_BACKEND DEBUG=1
# `make run HOST=0.0.0.0 PORT=8100`: a trial a phone on the office network can reach (any host
# name is then accepted: a trial machine, DEBUG, never a deployment).
HOST ?= 127.0.0.1
PORT ?= 8000
COMMA := ,
RUN_HOSTS := $(if $(filter 127.0.0.1 localhost,$(HOST)),127.0.0.1$(COMMA)localhost,*)

.PHONY: run test lint format e2e messages bench loadtest clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

## run: install, migrate, load the demo data and serve on http://127.0.0.1:8000 (SQLite, eager Celery;
## HOST=0.0.0.0 PORT=8100 to let a phone on the office network in)
run: $(VENV)/.installed
	$(EMBEDDED) $(BIN)/python manage.py migrate --noinput
	$(EMBEDDED) $(BIN)/python manage.py seed_demo
	$(EMBEDDED) ALLOWED_HOSTS='$(RUN_HOSTS)' $(BIN)/python manage.py runserver $(HOST):$(PORT)

## test: lint, the layers (import-linter), migration check and the whole suite (PostgreSQL/Redis when DATABASE_URL/CELERY_BROKER_URL are set)
test: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## e2e: only the browser tests (needs /usr/bin/chromium)
e2e: $(VENV)/.installed-dev
	$(BIN)/python -m pytest tests/e2e

## messages: refresh the zh_Hans catalogue from the sources (new strings come in empty, changed ones
## fuzzy: translate them in locale/zh_Hans/LC_MESSAGES/django.po), then compile (needs gettext)
messages: $(VENV)/.installed-dev
	DEBUG=1 $(BIN)/python manage.py catalogue

## bench: benchmark figures into docs/performance.md (the database of DATABASE_URL, SQLite by default)
bench: $(VENV)/.installed-dev
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py benchmark

.venv-load/.installed: requirements-load.txt
	$(PYTHON) -m venv .venv-load
	.venv-load/bin/pip install --quiet -r requirements-load.txt
	touch $@

## loadtest: gunicorn + Locust, 50 staff for 60 s on loopback against DATABASE_URL (PostgreSQL)
loadtest: $(VENV)/.installed .venv-load/.installed
	bash scripts/loadtest.sh

clean:
	rm -rf $(VENV) .venv-load staticfiles .pytest_cache
