# Gongkai — the two commands are `make demo` and `make test` (see README.md).
# Only Python 3.12+ and make are needed; everything else is installed into .venv.

SHELL := /bin/bash
# Find a Python >= 3.12: an explicit PYTHON=..., else python3.13/python3.12/python3 on PATH,
# else a pyenv-installed one.
PYTHON ?= $(shell for c in python3.14 python3.13 python3.12 python3 $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3; do \
	  if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then command -v $$c; break; fi; done)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: demo test setup venv check-python lint format migrations-check schema schema-check messages messages-check \
        worker lock bench clean deploy-check

check-python:
	@if [ -z "$(PYTHON)" ]; then echo "错误：需要 Python 3.12 或更新版本 / Python 3.12+ is required (set PYTHON=/path/to/python3.12)"; exit 1; fi

$(BIN)/.installed: requirements/dev.txt | check-python
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.txt
	@touch $@

venv: $(BIN)/.installed

setup: venv
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput --verbosity 0

demo: setup
	$(MANAGE) load_demo
	@echo "Serving on http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	$(MANAGE) run_demo --port $(PORT)

test: venv
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: venv
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

migrations-check: venv
	$(MANAGE) makemigrations --check --dry-run

schema: venv
	$(MANAGE) spectacular --validate --file src/gongkai/api/openapi.yaml

schema-check: venv
	$(MANAGE) spectacular --validate --file $(VENV)/openapi.yaml
	@diff -u src/gongkai/api/openapi.yaml $(VENV)/openapi.yaml || (echo "OpenAPI schema changed: run 'make schema' and commit src/gongkai/api/openapi.yaml"; exit 1)

messages: venv
	cd src/gongkai && ../../$(MANAGE) makemessages -l zh_Hans --no-obsolete --no-location --ignore "static/*"
	$(BIN)/python -m gongkai.core.i18n_check --compile

messages-check: venv
	$(BIN)/python -m gongkai.core.i18n_check

deploy-check: venv
	DJANGO_ENV=production SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=gongkai.example.gov.cn \
	  $(MANAGE) check --deploy --fail-level WARNING

worker: venv
	$(MANAGE) db_worker

lock:
	cd requirements && uv pip compile --universal --python-version 3.12 --generate-hashes base.in -o base.txt && \
	  uv pip compile --universal --python-version 3.12 --generate-hashes dev.in -o dev.txt

bench: setup
	bash bench/run.sh

clean:
	rm -rf $(VENV) var/
