# spalk — two commands: `make demo` and `make test` (see README.md).
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
export PYTHONUNBUFFERED := 1
UV ?= $(shell command -v uv 2>/dev/null || echo .venv-uv/bin/uv)
RUN := $(UV) run --frozen
WITH_DB := $(RUN) python -m spalk.devdb run --
# as in production: migrations and tests as the table owner, the app as a role that owns nothing (spalk/devdb.py)
WITH_ROLES := $(RUN) python -m spalk.devdb run --roles --

.PHONY: demo test serve install totp bootstrap-uv lint bench loadtest backup restore migrate messages check-messages clean-db browsers chromium

bootstrap-uv:
	@command -v uv >/dev/null 2>&1 || [ -x .venv-uv/bin/uv ] || { \
	  echo "uv not found: installing it into .venv-uv with pip"; \
	  python3 -m venv .venv-uv && .venv-uv/bin/pip install --quiet uv; }

install: bootstrap-uv
	$(UV) sync --frozen
	env -u DJANGO_SETTINGS_MODULE $(RUN) django-admin compilemessages --ignore=.venv --ignore=.venv-uv --ignore=var -v 0

# The demo shows the application's own Dutch error pages; `make demo DEBUG=1` for Django's debug output.
# Without DEBUG the server wants a secret key: the demo uses the one generated under var/ by the first step.
DEBUG ?= 0
demo: install
	SPALK_DEBUG=$(DEBUG) SPALK_SECURE_COOKIES=0 $(WITH_ROLES) bash -c 'python manage.py migrate --no-input -v 0 && python manage.py collectstatic --no-input -v 0 && python manage.py load_demo && SPALK_SECRET_KEY="$${SPALK_SECRET_KEY:-$$(cat var/secret_key)}" python -m spalk.jobs.supervise -- python manage.py runserver 127.0.0.1:8000'

# ruff, mypy and the migrations check first (CI keeps them green), then the suite; chromium is checked before anything
test: chromium install
	$(RUN) ruff check .
	$(WITH_ROLES) bash -c 'mypy spalk && python manage.py makemigrations --check --dry-run && exec python -m pytest "$$@"' pytest $(PYTEST_ARGS)

chromium:
	@scripts/need-chromium.sh

# the web server runs with a background-job worker beside it (procrastinate; spalk/jobs/supervise.py)
# spalk as in production: DEBUG off, gunicorn (SERVE_ARGS: --workers N --threads N --bind HOST:PORT), static files
# collected with hashed names. A local try-out uses var/secret_key when SPALK_SECRET_KEY is unset; put it behind TLS.
serve: install
	$(WITH_ROLES) bash -c 'export SPALK_SECRET_KEY="$${SPALK_SECRET_KEY:-$$(python -m spalk.devdb secret-key)}" && python manage.py migrate --no-input -v 0 && python -m spalk.serve $(SERVE_ARGS)'

totp:
	@$(RUN) python manage.py demo_totp

lint: install
	$(RUN) ruff check .
	$(RUN) mypy spalk

# BENCH_ARGS: --scale 0.1 (quick run), --repeat N, --skip-load, --only NAME, --save-baseline (see bench/)
bench: install
	$(WITH_DB) python -m bench $(BENCH_ARGS)

# LOAD_ARGS: --users 50 --seconds 60 --workers 2 (locust against `python -m spalk.serve` on 127.0.0.1 only)
loadtest: install
	$(WITH_DB) python -m bench.loadtest $(LOAD_ARGS)

backup: install
	$(WITH_DB) python manage.py backup $(BACKUP_ARGS)

# RESTORE_ARGS: the dump file, then --target-url URL --create, or --clean (asks for confirmation)
restore: install
	$(WITH_DB) python manage.py restore $(RESTORE_ARGS)

messages: install
	PYTHON="$(RUN) python" scripts/messages.sh

check-messages: install
	$(WITH_DB) python -m pytest -q tests/test_i18n.py

clean-db:
	$(RUN) python -m spalk.devdb stop; rm -rf var/pgdata
