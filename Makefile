# InfoGov: `make run` (install + demo server) and `make test` (install + every check).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
VAR := $(CURDIR)/var
DEV_ENV := INFOGOV_DEBUG=1 INFOGOV_DEMO=1 INFOGOV_EMAIL_FILE_PATH=$(VAR)/mail \
	DATABASE_URL=$${DATABASE_URL:-sqlite:///$(VAR)/infogov.sqlite3}
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
TEST_SYSTEM_PACKAGES := $(SYSTEM_PACKAGES) chromium
PYTEST_ARGS ?=

.PHONY: install install-test system-packages test-system-packages assets run test lint typecheck \
	checks pytest test-postgres bench clean

install: system-packages $(VENV)/.installed assets

install-test: test-system-packages $(VENV)/.installed-test assets

# Debian packages WeasyPrint needs (and Chromium for the browser tests).
system-packages:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then $(SUDO) apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi

test-system-packages:
	@missing=$$(for p in $(TEST_SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then $(SUDO) apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(VENV)/.installed $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed
	npm run --silent build

run: install
	mkdir -p $(VAR)/mail
	$(DEV_ENV) $(BIN)/infogov migrate --noinput
	$(DEV_ENV) $(BIN)/infogov demo
	@echo "InfoGov is at http://127.0.0.1:8000/ — sign in with a demo user above, password demo-password"
	@# The job runner (reminders, data-quality checks) runs beside the server and stops with it.
	$(DEV_ENV) $(BIN)/infogov send_reminders --loop --interval 10 & scheduler=$$!; \
		trap 'kill $$scheduler 2>/dev/null' EXIT; \
		$(DEV_ENV) $(BIN)/infogov runserver 127.0.0.1:8000

lint:
	$(BIN)/ruff check src
	$(BIN)/ruff format --check src

typecheck:
	INFOGOV_DEBUG=1 $(BIN)/mypy src/infogov

checks:
	INFOGOV_DEBUG=1 $(BIN)/infogov check
	INFOGOV_DEBUG=1 $(BIN)/infogov makemigrations --check --dry-run
	INFOGOV_SECRET_KEY=$$($(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))") \
		INFOGOV_ALLOWED_HOSTS=infogov.example.gov.uk INFOGOV_EMAIL_HOST=smtp.example.gov.uk \
		$(BIN)/infogov check --deploy --fail-level WARNING

# The whole suite with the coverage floor (ARCHITECTURE: 90%).
pytest:
	$(BIN)/pytest -n 2 --dist loadgroup -q --cov=src/infogov --cov-report= \
		--cov-fail-under=90 $(PYTEST_ARGS)

test: install-test lint typecheck checks pytest

# The suite again on PostgreSQL (DATABASE_URL must point at a server); browser tests skipped.
test-postgres: install-test
	$(BIN)/pytest -n 2 -q -m "not browser" $(PYTEST_ARGS)

# Speed benchmarks on a scratch database: migrate + demo, 5,000 imported assets, then pages.
bench: install
	@d=$$(mktemp -d); env="INFOGOV_DEBUG=1 INFOGOV_DEMO=1 INFOGOV_EMAIL_FILE_PATH=$$d \
	DATABASE_URL=sqlite:///$$d/bench.sqlite3"; \
	env $$env $(BIN)/infogov migrate -v0 && env $$env $(BIN)/infogov demo >/dev/null && \
	env $$env $(BIN)/infogov bench_import --rows 5000 && env $$env $(BIN)/infogov bench; \
	status=$$?; rm -rf $$d; exit $$status

clean:
	rm -rf $(VENV) node_modules src/infogov/core/static/dist
