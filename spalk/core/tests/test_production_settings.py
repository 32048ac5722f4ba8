"""A server with DEBUG off never runs on a generated secret key or a private embedded database by accident."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def start(tmp_path, argv, **env):
    clean = {k: v for k, v in os.environ.items()
             if k not in {"DATABASE_URL", "SPALK_MIGRATE_DATABASE_URL", "SPALK_SECRET_KEY", "SPALK_DEBUG",
                          "SPALK_TESTING", "PYTEST_XDIST_WORKER"}}
    clean.update(SPALK_VAR_DIR=str(tmp_path / "var"), SPALK_PGDATA=str(tmp_path / "pgdata"),
                 DJANGO_SETTINGS_MODULE="spalk.settings", **env)
    return subprocess.run([sys.executable, *argv], cwd=ROOT, env=clean,  # noqa: S603 - our own interpreter
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("argv", [["-c", "import spalk.wsgi"], ["manage.py", "runserver", "--noreload", "127.0.0.1:1"]],
                         ids=["wsgi", "runserver"])
def test_a_server_without_database_url_and_secret_key_refuses_to_start(tmp_path, argv):
    result = start(tmp_path, argv)
    assert result.returncode != 0
    assert "refuses to start with SPALK_DEBUG off: set DATABASE_URL and SPALK_SECRET_KEY" in result.stderr
    assert not (tmp_path / "var" / "secret_key").exists()  # nothing generated
    assert not (tmp_path / "pgdata").exists()  # no embedded server started


def test_the_message_names_the_one_variable_that_is_missing(tmp_path):
    result = start(tmp_path, ["-c", "import spalk.wsgi"], DATABASE_URL="postgres://spalk@127.0.0.1:1/spalk")
    assert result.returncode != 0
    assert "set SPALK_SECRET_KEY (" in result.stderr


def test_a_server_with_both_variables_starts(tmp_path):
    result = start(tmp_path, ["-c", "import spalk.wsgi; print('ok')"],
                   DATABASE_URL="postgres://spalk@127.0.0.1:1/spalk", SPALK_SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


@pytest.mark.parametrize(("command", "user"), [("migrate", "spalk_owner"), ("createcachetable", "spalk_owner"),
                                               ("runserver", "spalk_app"), ("load_demo", "spalk_app")])
def test_schema_commands_connect_as_the_owner_and_the_app_as_its_own_role(tmp_path, command, user):
    code = (f"import sys; sys.argv = ['manage.py', '{command}']; from django.conf import settings; "
            "print(settings.DATABASES['default']['USER'], settings.SPALK_APP_ROLE)")
    result = start(tmp_path, ["-c", code], SPALK_DEBUG="1", DATABASE_URL="postgres://spalk_app@127.0.0.1:1/spalk",
                   SPALK_MIGRATE_DATABASE_URL="postgres://spalk_owner@127.0.0.1:1/spalk")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [user, "spalk_app"]  # migrate grants the app role its rights


def test_one_superuser_url_makes_no_grants(tmp_path):
    code = ("from django.conf import settings; "
            "print(settings.DATABASES['default']['USER'], repr(settings.SPALK_APP_ROLE))")
    result = start(tmp_path, ["-c", code], SPALK_DEBUG="1", DATABASE_URL="postgres://postgres@127.0.0.1:1/spalk")
    assert result.stdout.split() == ["postgres", "''"]
