# Gongkai — the two commands are `make demo` and `make test` (see README.md).
# Only Python 3.12+ and make are needed; everything else is installed into .venv.
# Other targets: setup lint format check migrations-check schema schema-check messages messages-check
# deploy-check worker prod-local bench ci lock clean (see docs/development.md).

SHELL := /bin/bash
# Python caches compiled modules (__pycache__, ignored by git) as in production: with PYTHONDONTWRITEBYTECODE
# set by the calling shell, every start of the demo, its worker, gunicorn or a test worker compiled ~2,000
# modules again (about 3 s of CPU each).
unexport PYTHONDONTWRITEBYTECODE
# Find a Python >= 3.12: an explicit PYTHON=..., else python3.14/3.13/3.12/python3 on PATH (pyenv shims
# that cannot run are skipped), else one installed by pyenv.
PYTHON ?= $(shell for c in python3.14 python3.13 python3.12 python3 \
	  $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python3 /root/.pyenv/versions/3.1[2-9]*/bin/python3; do \
	  if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then command -v $$c; break; fi; done)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
PYTEST_ARGS ?=
# The suite runs in parallel (pytest-xdist), one worker per core, a test module's tests on one worker.
# PYTEST_WORKERS=0 runs it in one process (e.g. to use a debugger).
PYTEST_WORKERS ?= auto

.PHONY: demo test setup venv check-python lint format check migrations-check schema schema-check messages \
        messages-check deploy-check worker prod-local lock bench ci clean

check-python:
	@if [ -z "$(PYTHON)" ]; then echo "错误：需要 Python 3.12 或更新版本 / Python 3.12+ is required (or set PYTHON=/path/to/python3.12)"; exit 1; fi

# The virtualenv is (re)built when requirements/dev.txt changes, when it is missing or broken, or when it
# was made with a Python older than 3.12. src/ goes on its path through a .pth file, so that
# `.venv/bin/python -m gongkai...` and gunicorn find the package from any directory.
# --no-compile: pip does not compile the ~140 packages' every module to bytecode (half of its CPU time);
# Python compiles what is imported, once, on first use (.ci/run keeps that cache in PYTHONPYCACHEPREFIX,
# where pip's __pycache__ would not be read anyway).
$(BIN)/.installed: requirements/dev.txt | check-python
	@if [ -e $(VENV) ] && ! $(BIN)/python -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then \
	  echo "Recreating $(VENV) (missing, broken or older than Python 3.12)"; rm -rf $(VENV); fi
	@test -x $(BIN)/python || { echo "Creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-compile --require-hashes -r requirements/dev.txt
	@touch $@

venv: $(BIN)/.installed
	@$(BIN)/python -c 'import pathlib, sysconfig; p = pathlib.Path(sysconfig.get_paths()["purelib"], "gongkai-src.pth"); \
	  s = "$(CURDIR)/src\n"; p.exists() and p.read_text() == s or p.write_text(s)'

setup: venv
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput --verbosity 0

# The demo prints outgoing mail (e.g. the applicant's tracking code) in its terminal unless a mail
# backend or server is configured.
demo: export EMAIL_BACKEND ?= $(if $(EMAIL_HOST),django.core.mail.backends.smtp.EmailBackend,django.core.mail.backends.console.EmailBackend)
# Links the portal prints in full (canonical, alternate languages, feeds, sitemaps, robots.txt, a catalog's
# permanent link, mails) use the demo's port unless PUBLIC_BASE_URL / WAGTAILADMIN_BASE_URL are set.
demo: export PUBLIC_BASE_URL ?= http://127.0.0.1:$(PORT)
demo: export WAGTAILADMIN_BASE_URL ?= http://127.0.0.1:$(PORT)
demo: setup
	$(MANAGE) load_demo
	@echo "Serving on http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)  — Ctrl-C stops"
	$(MANAGE) run_demo --port $(PORT)

# pytest exits 5 when it collected no test: that is a failure too.
test: venv
	@$(BIN)/python -m pytest $(if $(filter 0,$(PYTEST_WORKERS)),,-n $(PYTEST_WORKERS) --dist loadfile) $(PYTEST_ARGS); rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "error: pytest collected no tests"; fi; exit $$rc

lint: venv
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: venv
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

# Every gate of .ci/run except the test suites.
check: lint migrations-check schema-check messages-check deploy-check
	$(BIN)/python .ci/env_documented.py

migrations-check: venv
	$(MANAGE) makemigrations --check --dry-run

schema: venv
	$(MANAGE) spectacular --validate --file src/gongkai/api/openapi.yaml

schema-check: venv
	@$(MANAGE) spectacular --validate --file $(VENV)/openapi.yaml
	@test -f src/gongkai/api/openapi.yaml || { echo "src/gongkai/api/openapi.yaml is missing: run 'make schema' and commit it"; exit 1; }
	@diff -u src/gongkai/api/openapi.yaml $(VENV)/openapi.yaml \
	  && echo "OpenAPI schema up to date" \
	  || { echo "OpenAPI schema changed: run 'make schema' and commit src/gongkai/api/openapi.yaml"; exit 1; }

# Extract strings into src/gongkai/locale/zh_Hans/LC_MESSAGES/django.po, then compile the .mo.
# The ignore list is kept in step with MAKEMESSAGES_IGNORE in src/gongkai/core/i18n_check.py.
messages: venv
	@command -v xgettext >/dev/null || { echo "xgettext is missing: apt-get install gettext"; exit 1; }
	mkdir -p src/gongkai/locale
	cd src/gongkai && $(CURDIR)/$(BIN)/python $(CURDIR)/manage.py makemessages -l zh_Hans --no-obsolete --no-location \
	  --ignore "static/*" --ignore "locale/*" --ignore "*/data/*" --ignore "__pycache__/*"
	$(BIN)/python -m gongkai.core.i18n_check --compile

messages-check: venv
	$(BIN)/python -m gongkai.core.i18n_check

# Production profile as deployed: PostgreSQL URL (parsed, not connected), generated secret, real host name.
deploy-check: venv
	DJANGO_ENV=production SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=gongkai.example.gov.cn \
	  DATABASE_URL=postgres://gongkai@127.0.0.1:5432/gongkai \
	  $(MANAGE) check --deploy --fail-level WARNING

worker: venv
	$(MANAGE) db_worker --no-reload --interval 1

# The production stack on this machine: PostgreSQL-backed gunicorn, the worker and nginx serving the
# published tree (docs/deployment.md, "make prod-local"). Ctrl-C or SIGTERM stops all of it.
# PROD_PORT (8080), PROD_WORKERS (4), PROD_DATABASE_URL (postgres://postgres@127.0.0.1:5432/gongkai_prod).
prod-local: venv
	@command -v nginx >/dev/null || { echo "nginx is missing: apt-get install nginx-light"; exit 1; }
	exec $(BIN)/python -m gongkai.publishing.prod_local $(PROD_ARGS)

lock:
	cd requirements && uv pip compile --universal --python-version 3.12 --generate-hashes base.in -o base.txt && \
	  uv pip compile --universal --python-version 3.12 --generate-hashes dev.in -o dev.txt

# HTTP benchmark: gunicorn on PostgreSQL against nginx serving the same HTML (see bench/README.md).
bench: venv
	bash bench/run.sh

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) var/
