# Two commands on a fresh machine: `make demo` and `make test`. Nothing but python3 and make needed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test bench install messages translations lint check-migrations clean run worker beat

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP) translations

# .po files are committed; .mo files are built here, in pure Python (Babel), so gettext is not needed.
translations: $(STAMP)
	@if ls locale/*/LC_MESSAGES/django.po >/dev/null 2>&1; then \
		$(VENV)/bin/pybabel compile --use-fuzzy -d locale -D django --statistics; \
	else \
		echo "translations: no locale/*/LC_MESSAGES/django.po yet, nothing to compile"; \
	fi

# Refresh the .po file after changing strings (needs GNU gettext: apt-get install gettext).
# Source strings are English, so English needs no catalogue.
messages: $(STAMP)
	DEBUG=1 $(PY) manage.py makemessages -l zh_Hans --no-obsolete --ignore=.venv --ignore=var --ignore=tests

lint: $(STAMP)
	$(VENV)/bin/ruff check .

check-migrations: $(STAMP)
	$(PY) manage.py makemigrations --check --dry-run

test: install
	$(VENV)/bin/ruff check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

demo: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo
	@echo ""
	@echo "  门户已启动 / The portal runs at http://$(HOST):$(PORT)/  (Ctrl-C stops the web server, worker and beat)"
	@echo "  演示账号 / demo accounts: see README.md, password demo-pass-2026"
	@echo ""
	DEBUG=1 HOST=$(HOST) PORT=$(PORT) $(VENV)/bin/honcho -f Procfile.demo start

# Scale benchmark on PostgreSQL (not part of `make test`): builds a large dataset once (reused by later runs),
# then times the main pages beside a bare page. BENCH_ARGS e.g. "--cases 200000 --readme".
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/liaison_bench
bench: install
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) -m performance.bench.createdb
	DEBUG=1 DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py migrate --noinput
	DEBUG=1 DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py bench $(BENCH_ARGS)

clean:
	rm -rf var/ $(VENV)
