"""Two PostgreSQL roles: the owner runs migrations, the app owns nothing.

The app role gets data rights (SELECT, INSERT, UPDATE, DELETE) on every table of the schema and only SELECT and
INSERT on the audit trail: it cannot UPDATE, DELETE or TRUNCATE audit rows, and since it owns no table it cannot
drop or disable the append-only trigger either. ``grant_app_role`` runs after every ``migrate`` (see
``spalk.audit.apps``), so tables added later get the same rights. See ARCHITECTURE.md and docs/operations.md.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper


def append_only_tables() -> list[str]:
    """Tables the app may add rows to and read, nothing else."""
    from spalk.audit.models import AuditEvent

    return [AuditEvent._meta.db_table]


def grant_app_role(connection: BaseDatabaseWrapper, role: str) -> None:
    quote = connection.ops.quote_name
    who = quote(role)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema = quote(cursor.fetchone()[0])
        statements = [
            f"GRANT USAGE ON SCHEMA {schema} TO {who}",
            f"REVOKE CREATE ON SCHEMA {schema} FROM {who}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {who}",
            f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA {schema} FROM {who}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {who}",
        ]
        for table in append_only_tables():
            statements += [f"REVOKE ALL ON TABLE {quote(table)} FROM {who}",
                           f"GRANT SELECT, INSERT ON TABLE {quote(table)} TO {who}"]
        for statement in statements:
            cursor.execute(statement)


def grant_after_migrate(sender, using: str = "default", **kwargs) -> None:
    from django.conf import settings
    from django.db import connections

    if settings.SPALK_APP_ROLE:
        grant_app_role(connections[using], settings.SPALK_APP_ROLE)
