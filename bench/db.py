"""The benchmark database: a separate database next to the one DATABASE_URL points at."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse, urlunparse

import psycopg
from psycopg import sql


def _project_dir() -> Path:
    import spalk

    return Path(spalk.__file__).parent.parent


def bench_url(base_url: str, db_name: str) -> str:
    """``base_url`` with its database name replaced (query string such as ?host= for a socket kept)."""
    parts = urlparse(base_url)
    return urlunparse(parts._replace(path="/" + db_name))


def database_name(url: str) -> str:
    return urlparse(url).path.lstrip("/")


def connect(url: str, **kwargs) -> psycopg.Connection:
    """psycopg connection from a URL in the project's format (``?host=/socket/dir&port=...`` allowed)."""
    import dj_database_url

    cfg = dj_database_url.parse(url)
    query = parse_qs(urlparse(url).query)
    if "host" in query:  # a Unix socket directory, as the embedded server uses
        cfg["HOST"] = query["host"][0]
    if "port" in query:
        cfg["PORT"] = query["port"][0]
    params = {"dbname": cfg["NAME"], "user": cfg.get("USER") or "postgres"}
    if cfg.get("HOST"):
        params["host"] = cfg["HOST"]
    if cfg.get("PORT"):
        params["port"] = str(cfg["PORT"])
    if cfg.get("PASSWORD"):
        params["password"] = cfg["PASSWORD"]
    return psycopg.connect(**params, **kwargs)


def recreate(url: str) -> None:
    """Drop and create the benchmark database (through the ``postgres`` maintenance database)."""
    name = database_name(url)
    with connect(bench_url(url, "postgres"), autocommit=True) as conn:
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                     "AND pid <> pg_backend_pid()", [name])
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def migrate(url: str) -> None:
    """Run the project's migrations against the benchmark database, in a subprocess."""
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=_project_dir(), env=env,
                   check=True)
