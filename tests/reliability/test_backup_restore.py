"""`make backup` / `make restore`: a dump restored into an empty database holds every record."""

from __future__ import annotations

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg import sql

from spalk.audit.services import audit_record
from spalk.core.management.commands.backup import find_binary, server_major
from spalk.families import services
from spalk.testing.factories import FamilyFactory, FamilyMemberFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _params(name: str) -> dict:
    s = connection.settings_dict
    params = {"dbname": name, "user": s["USER"] or "postgres"}
    for key, value in (("host", s["HOST"]), ("port", s["PORT"]), ("password", s["PASSWORD"])):
        if value:
            params[key] = str(value)
    return params


def _url(name: str) -> str:
    s = connection.settings_dict
    host = s["HOST"] or "localhost"
    if host.startswith("/"):
        return f"postgresql://{s['USER'] or 'postgres'}@/{name}?host={host}&port={s['PORT'] or 5432}"
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    return f"postgresql://{s['USER'] or 'postgres'}{password}@{host}:{s['PORT'] or 5432}/{name}"


def fingerprint(name: str) -> dict[str, tuple[int, str]]:
    """Per table of the public schema: row count and an md5 over every row's full content."""
    out = {}
    with psycopg.connect(**_params(name)) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")]
        for table in tables:
            count, digest = conn.execute(sql.SQL(
                "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {} t"
            ).format(sql.Identifier(table))).fetchone()
            out[table] = (count, digest)
    return out


@pytest.fixture
def restore_db():
    name = connection.settings_dict["NAME"] + "_restore"
    with psycopg.connect(**_params("postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
    yield name
    with psycopg.connect(**_params("postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def test_backup_restores_every_record_into_an_empty_database(tmp_path, director, family, restore_db):
    for i in range(5):
        other = FamilyFactory(centre=family.centre, name=f"Gezin Herstel{i}")
        FamilyMemberFactory(family=other)
    services.family_update(actor=director, family=family, data={"city": "Brugge"}, version=family.version)
    audit_record(actor=director, action="view", target=family)
    dump = tmp_path / "spalk.dump"

    call_command("backup", output=str(dump))
    call_command("restore", str(dump), target_url=_url(restore_db), create=True)

    before, after = fingerprint(connection.settings_dict["NAME"]), fingerprint(restore_db)
    assert before["families_family"][0] == 6 and before["audit_auditevent"][0] >= 2
    assert after == before  # every table, every row, every value
    # the restored database still refuses to change its audit trail (the trigger came along)
    with psycopg.connect(**_params(restore_db)) as conn, pytest.raises(psycopg.Error):
        conn.execute("UPDATE audit_auditevent SET reason = 'x'")


def test_restore_refuses_a_database_that_is_not_empty(tmp_path, family):
    dump = tmp_path / "spalk.dump"
    call_command("backup", output=str(dump))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(dump))


def test_pg_dump_is_never_older_than_the_server():
    major = server_major()
    binary = find_binary("pg_dump", major)
    import subprocess

    version = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True).stdout
    assert int(version.split()[-1].split(".")[0]) >= major
