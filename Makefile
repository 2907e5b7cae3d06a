# Wellbeing Portal. `make help` lists the targets.
# The two commands a newcomer needs: `make run` (the demo) and `make test` (everything).

SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1
# Links in the demo's emails and calendar feed point where the demo is served. Set
# PORTAL_BASE_URL yourself when people reach it by another name (a LAN address, a proxy).
PORTAL_BASE_URL ?= http://$(HOST):$(PORT)
DEMO := DJANGO_SETTINGS_MODULE=wellbeing_portal.settings.demo PORTAL_BASE_URL=$(PORTAL_BASE_URL)

.PHONY: help run test test-fast test-e2e test-dates bench lint check audit install assets clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 or newer is needed: sudo apt-get install python3 python3-venv"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed (found $$($(PYTHON) --version)). On Debian: sudo apt-get install python3 python3-venv"; exit 1; }
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || { echo "Python's venv module is missing: sudo apt-get install python3-venv"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	@# The venv's own pip and setuptools are as old as Python's ensurepip (setuptools 65.5.0
	@# on 3.11, with CVE-2024-6345 and CVE-2025-47273): bring both up to date first.
	$(PY) -m pip install --quiet --upgrade pip setuptools
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the design system's assets: sudo apt-get install npm (or Node.js 20 or newer)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

build/static/css/portal.css: node_modules/.installed frontend/portal.scss
	npm run --silent build

install: $(VENV)/.installed assets ## Create .venv and install Python and npm packages

assets: build/static/css/portal.css ## Build the stylesheet from GOV.UK Frontend

run: install ## Serve the demo at http://127.0.0.1:8000 (SQLite, tasks in-process; PORT=8001 moves it)
	$(DEMO) $(PY) manage.py migrate --noinput
	$(DEMO) $(PY) manage.py seed_demo
	@echo "Serving the demo at $(PORTAL_BASE_URL) — demo logins are in the README."
	@$(DEMO) $(PY) manage.py outbox_send --every 30 >/dev/null & outbox=$$!; \
	 $(DEMO) $(PY) manage.py inspections_chase --every 300 >/dev/null & chase=$$!; \
	 trap "kill $$outbox $$chase 2>/dev/null" EXIT; \
	 $(DEMO) $(PY) manage.py runserver $(HOST):$(PORT)

test: install ## Lint, type-check, deploy and security checks, and the whole test suite (browser tests too)
	@source <($(PY) scripts/test_services.py) && \
	 $(MAKE) --no-print-directory check && \
	 $(MAKE) --no-print-directory audit && \
	 $(PY) -m pytest -n 2 --dist loadgroup -m "not e2e" && \
	 $(PY) -m pytest -m e2e

test-fast: install ## The test suite without the browser tests
	@source <($(PY) scripts/test_services.py) && $(PY) -m pytest -n 2 -m "not e2e"

test-dates: install ## The date-sensitive tests with the clock moved to ten awkward moments (needs faketime)
	@source <($(PY) scripts/test_services.py) && bash scripts/test_on_other_days.sh

test-e2e: install ## Only the browser tests (headless Chromium with axe-core)
	@source <($(PY) scripts/test_services.py) && $(PY) -m pytest -m e2e

$(VENV)/.bench-installed: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	@touch $@

bench: install $(VENV)/.bench-installed ## Load (gunicorn + locust at seed_demo --scale large), results pages, reports (needs PostgreSQL and Redis)
	@source <($(PY) scripts/test_services.py) && $(PY) benchmarks/load.py
	@source <($(PY) scripts/test_services.py) && $(PY) benchmarks/survey_results.py
	@source <($(PY) scripts/test_services.py) && $(PY) benchmarks/report_build.py

check: ## ruff, djLint, mypy, migrations and `check --deploy` with production settings
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint
	$(VENV)/bin/mypy .
	DATABASE_URL=sqlite://:memory: DJANGO_SETTINGS_MODULE=wellbeing_portal.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=wellbeing_portal.settings.production DJANGO_SECRET_KEY=check-deploy-$$(head -c 32 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9') \
	 DJANGO_ALLOWED_HOSTS=portal.example.org REDIS_URL=redis://127.0.0.1:6379/0 \
	 $(PY) manage.py check --deploy --fail-level WARNING

lint: check ## Same as check

clean: ## Remove the virtualenv, node_modules, built assets and the demo database
	rm -rf $(VENV) node_modules build staticfiles demo.sqlite3 .test-media

audit: install ## Static security analysis (bandit) and a dependency audit (pip-audit); both fail on a finding
	$(VENV)/bin/bandit -q -c pyproject.toml -r wellbeing_portal charters surveys inspections support_directory reports privacy portal demo -ll
	@# pip-audit asks a vulnerability service about every installed package. The script fails
	@# the build on a known vulnerability; when the service cannot be reached (or does not
	@# know a package) it says what went unchecked and does not fail. To accept one that does
	@# not apply, add --ignore-vuln ID here with a comment saying why.
	$(PY) scripts/audit_dependencies.py
