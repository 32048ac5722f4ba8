# spalk — two commands: `make demo` and `make test` (see README.md).
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
export PYTHONUNBUFFERED := 1
UV ?= $(shell command -v uv 2>/dev/null || echo .venv-uv/bin/uv)
RUN := $(UV) run --frozen
WITH_DB := $(RUN) python -m spalk.devdb run --

.PHONY: demo test install totp bootstrap-uv lint bench loadtest backup restore migrate messages check-messages clean-db browsers

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
	SPALK_DEBUG=$(DEBUG) SPALK_SECURE_COOKIES=0 $(WITH_DB) bash -c 'python manage.py migrate --no-input -v 0 && python manage.py collectstatic --no-input -v 0 && python manage.py load_demo && SPALK_SECRET_KEY="$${SPALK_SECRET_KEY:-$$(cat var/secret_key)}" python manage.py runserver 127.0.0.1:8000'

test: install
	$(WITH_DB) python -m pytest $(PYTEST_ARGS)

totp:
	@$(RUN) python manage.py demo_totp

lint: install
	$(RUN) ruff check .
	$(RUN) mypy spalk

# BENCH_ARGS: --scale 0.1 (quick run), --repeat N, --skip-load, --only NAME, --save-baseline (see bench/)
bench: install
	$(WITH_DB) python -m bench $(BENCH_ARGS)

# LOAD_ARGS: --users 20 --seconds 60 (locust against runserver on 127.0.0.1 only)
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
