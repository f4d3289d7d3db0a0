# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint format check bench bench-writes bench-growth clean cli-venv cluster cluster-stop

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install -q -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed

# wagtail-cli needs Python 3.12+; tests/api/test_wagtail_cli.py drives it from this venv
# (and skips, saying why, without it). CLI_PYTHON names the interpreter.
CLI_PYTHON ?= $(shell for p in python3.13 python3.12 $(wildcard $(HOME)/.pyenv/versions/3.1[2-9]*/bin/python3); do \
	$$p -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null && { command -v $$p; break; }; done)
CLI_VENV := .cli-venv

$(CLI_VENV)/.installed: requirements-cli.txt
	@test -n "$(CLI_PYTHON)" || { echo "wagtail-cli needs Python 3.12+: set CLI_PYTHON"; exit 1; }
	$(CLI_PYTHON) -m venv $(CLI_VENV)
	$(CLI_VENV)/bin/pip install -q -r requirements-cli.txt
	@touch $@

.cli-venv cli-venv: $(CLI_VENV)/.installed

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py demo_users
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: $(VENV)/.installed-dev
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

# Scale benchmark (not part of `make test`): generated corpus, gunicorn, wrk. SQLite in a
# temporary folder by default; `make bench DATABASE_URL=postgres://…/bench_pg` for
# PostgreSQL (the database is dropped and recreated; its name must start with "bench").
# BENCH_ARGS passes options, e.g. BENCH_ARGS="--pages 500 --duration 5". See bench/README.md.
bench: $(VENV)/.installed-dev
	DATABASE_URL=$(DATABASE_URL) $(BIN)/python bench/run.py $(BENCH_ARGS)

bench-writes: $(VENV)/.installed-dev
	DATABASE_URL=$(DATABASE_URL) $(BIN)/python bench/writes.py $(BENCH_ARGS)

# The same benchmark at 500, 10,000 and 40,000 pages, side by side (bench/growth.py).
bench-growth: $(VENV)/.installed-dev
	DATABASE_URL=$(DATABASE_URL) $(BIN)/python bench/growth.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(CLI_VENV) db.sqlite3 media static_collected .pytest_cache

# The production topology on loopback (docs/deployment.md): nginx, two gunicorn nodes on
# production settings, PostgreSQL primary + streaming replica, Redis, the task worker and
# an S3-compatible server. `make cluster-stop` stops exactly the PIDs it started.
CLUSTER_STATE ?= var/cluster
cluster: $(VENV)/.installed-dev
	@command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; }
	$(BIN)/python -m cms.cluster start --state $(CLUSTER_STATE)

cluster-stop:
	$(BIN)/python -m cms.cluster stop --state $(CLUSTER_STATE)
