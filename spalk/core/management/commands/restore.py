"""``python manage.py restore FILE [--target-url URL] [--clean] [--yes]`` (``make restore``).

Restores a dump made by ``manage.py backup`` with pg_restore, in one transaction (all or nothing):
- into an empty database (the default database, or ``--target-url``; ``--create`` makes it first);
- over an existing spalk database only with ``--clean`` (drops and recreates every object) and a
  confirmation (type the database name, or ``--yes`` in scripts).
Afterwards it prints the number of rows of the main tables, to compare with what you expect.
"""

from __future__ import annotations

# ruff: noqa: S603 - runs our own pg_dump / pg_restore binaries with arguments built here
import subprocess
from pathlib import Path

import psycopg
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from psycopg import sql

from spalk.core.management.commands.backup import find_binary, libpq_env

CHECK_TABLES = ["centres_centre", "accounts_user", "families_family", "families_person", "families_familymember",
                "access_familyassignment", "audit_auditevent"]


def _params(db: dict, name: str | None = None) -> dict:
    params = {"dbname": name or db["NAME"], "user": db.get("USER") or "postgres"}
    for key, value in (("host", db.get("HOST")), ("port", db.get("PORT")), ("password", db.get("PASSWORD"))):
        if value:
            params[key] = str(value)
    return params


def target_settings(url: str | None) -> dict:
    if not url:
        return dict(connections["default"].settings_dict)
    from spalk.settings import _database_from_url

    return _database_from_url(url)



def _scalar(conn, query, params=None):
    row = conn.execute(query, params).fetchone()
    assert row is not None  # aggregate and SHOW queries always return one row
    return row[0]

class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into an empty (or, with --clean, the current) database."

    def add_arguments(self, parser):
        parser.add_argument("dump", help="file written by manage.py backup")
        parser.add_argument("--target-url", help="restore into this database instead of DATABASE_URL's")
        parser.add_argument("--create", action="store_true", help="create the target database when missing")
        parser.add_argument("--clean", action="store_true", help="replace the objects of a non-empty database")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation (scripts)")

    def handle(self, *args, **options):
        dump = Path(options["dump"])
        if not dump.is_file():
            raise CommandError(f"{dump} does not exist")
        db = target_settings(options.get("target_url"))
        name = db["NAME"]
        if options["create"]:
            self._create(db)
        try:
            with psycopg.connect(**_params(db), connect_timeout=10) as conn:
                major = int(_scalar(conn, "SHOW server_version_num")) // 10000
                tables = _scalar(conn, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        except psycopg.OperationalError as exc:
            raise CommandError(f"cannot connect to database {name}: {exc}") from exc
        if tables and not options["clean"]:
            raise CommandError(f"database {name} is not empty ({tables} tables). Restore into an empty database "
                               "(--target-url, --create) or replace its contents with --clean.")
        if tables and not options["yes"]:
            answer = input(f"This replaces every record in database {name!r}. Type its name to continue: ")
            if answer.strip() != name:
                raise CommandError("not confirmed; nothing was changed")
        pg_restore = find_binary("pg_restore", major)
        command = [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                   f"--dbname={name}"]
        if tables:
            command += ["--clean", "--if-exists"]
        result = subprocess.run([*command, str(dump)], env=libpq_env(db), capture_output=True, text=True)
        if result.returncode != 0:
            raise CommandError(f"pg_restore failed, nothing was restored: {result.stderr.strip()}")
        with psycopg.connect(**_params(db)) as conn:
            for table in CHECK_TABLES:
                exists = _scalar(conn, "SELECT to_regclass(%s)", [f"public.{table}"])
                if exists:
                    count = _scalar(conn, sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
                    self.stdout.write(f"  {table}: {count} rows")
        self.stdout.write(f"restored {dump} into {name} with {pg_restore}")

    def _create(self, db: dict) -> None:
        with psycopg.connect(**_params(db, "postgres"), autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))
