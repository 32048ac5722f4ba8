# ruff: noqa: S608 - table names come from the model, not from input
"""The app's database role owns nothing and may only add and read audit rows (ARCHITECTURE.md "Database roles").

With SPALK_MIGRATE_DATABASE_URL (`make test`: the embedded server's spalk_owner and spalk_app) the test connects
as the configured app role, whose rights `migrate` granted to the test database. With only a superuser's
DATABASE_URL (a CI session) it creates a throw-away role and grants it the same rights with the same function.
"""

from __future__ import annotations

import secrets

import psycopg
import psycopg.sql
import pytest
from django.conf import settings
from django.db import connection

from spalk.audit.dbroles import grant_app_role
from spalk.audit.models import AuditEvent

AUDIT = AuditEvent._meta.db_table


def _params(user: str, password: str | None) -> dict:
    config = connection.settings_dict
    params = {"dbname": config["NAME"], "user": user, "host": config["HOST"] or None,
              "port": config["PORT"] or None, "connect_timeout": 5}
    if password:
        params["password"] = password
    return params


@pytest.fixture
def app_role(django_db_blocker, db):
    """Connection parameters of a role with exactly the app's rights on the test database."""
    if settings.SPALK_APP_ROLE:
        app = settings.APP_DATABASE
        yield _params(settings.SPALK_APP_ROLE, app.get("PASSWORD"))
        return
    role, password = f"spalk_app_test_{secrets.token_hex(4)}", secrets.token_urlsafe(16)
    admin_params = _params(connection.settings_dict["USER"], connection.settings_dict.get("PASSWORD"))
    with psycopg.connect(**admin_params, autocommit=True) as admin:
        admin.execute(psycopg.sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(  # not a superuser, owns nothing
            psycopg.sql.Identifier(role), psycopg.sql.Literal(password)))
    with django_db_blocker.unblock():
        from django.db import connections

        other = connections.create_connection("default")
        try:
            grant_app_role(other, role)  # what `migrate` runs for the configured app role
        finally:
            other.close()
    try:
        yield _params(role, password)
    finally:
        with psycopg.connect(**admin_params, autocommit=True) as admin:
            admin.execute(f"DROP OWNED BY {role}")
            admin.execute(f"DROP ROLE {role}")


def _insert_sql(event: AuditEvent) -> tuple[str, list]:
    """The INSERT Django would send for ``event`` (every column, whatever the model grows)."""
    from django.db.models.sql import InsertQuery

    fields = [f for f in AuditEvent._meta.concrete_fields if not f.primary_key]
    query = InsertQuery(AuditEvent)
    query.insert_values(fields, [event])
    sql, params = query.get_compiler(using="default").as_sql()[0]
    return sql, list(params)


@pytest.fixture
def as_app(app_role):
    with psycopg.connect(**app_role) as conn:
        yield conn
        conn.rollback()  # nothing a test does here stays in the database


REFUSED = [
    f"UPDATE {AUDIT} SET reason = 'rewritten'",
    f"DELETE FROM {AUDIT}",
    f"TRUNCATE {AUDIT}",
    f"ALTER TABLE {AUDIT} DISABLE TRIGGER ALL",
    f"ALTER TABLE {AUDIT} DISABLE TRIGGER USER",
    f"DROP TABLE {AUDIT}",
    "SET session_replication_role = replica",  # would skip every trigger
]


@pytest.mark.parametrize("statement", REFUSED, ids=["update", "delete", "truncate", "disable triggers",
                                                    "disable user triggers", "drop", "replication role"])
def test_the_app_role_cannot_change_or_remove_audit_rows(as_app, statement):
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        as_app.execute(statement)


def test_the_app_role_adds_and_reads_audit_rows_and_owns_nothing(as_app):
    user = as_app.execute("SELECT current_user").fetchone()[0]
    as_app.execute(*_insert_sql(AuditEvent(action="view", actor_label="test", object_type="families.family")))
    assert as_app.execute(f"SELECT count(*) FROM {AUDIT} WHERE actor_label = 'test'").fetchone()[0] == 1
    owned = as_app.execute("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                           "WHERE n.nspname = 'public' AND pg_get_userbyid(c.relowner) = current_user").fetchone()[0]
    assert owned == 0
    superuser = as_app.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [user]).fetchone()[0]
    assert superuser is False


def test_the_app_role_has_normal_data_rights_on_the_other_tables(as_app):
    as_app.execute("UPDATE families_family SET version = version WHERE false")
    as_app.execute("DELETE FROM spalk_cache WHERE false")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        as_app.execute("CREATE TABLE spalk_intruder (id int)")
