"""django-pghistory keeps an event row per change of a tracked model. The load runs with triggers off
(``session_replication_role = replica``), so this generator writes the "insert" event of every loaded row
with one INSERT … SELECT per event table, as the triggers would have."""

from __future__ import annotations

from django.db import connection
from psycopg import sql

from bench.generators.base import Context

NAME = "history"


def available() -> bool:
    return True


def event_models():
    import pghistory.models
    from django.apps import apps

    return [m for m in apps.get_models() if issubclass(m, pghistory.models.Event)
            and getattr(m, "pgh_tracked_model", None) is not None]


def generate(ctx: Context) -> None:
    for event in event_models():
        tracked = event.pgh_tracked_model
        tracked_columns = {f.column for f in tracked._meta.concrete_fields}
        targets, sources = [], []
        for f in event._meta.concrete_fields:
            if f.column == "pgh_id":
                continue
            targets.append(sql.Identifier(f.column))
            if f.column == "pgh_created_at":
                sources.append(sql.SQL("now()"))
            elif f.column == "pgh_label":
                sources.append(sql.Literal("insert"))
            elif f.column == "pgh_obj_id":
                sources.append(sql.Identifier(tracked._meta.pk.column))
            elif f.column in tracked_columns:
                sources.append(sql.Identifier(f.column))
            else:
                sources.append(sql.NULL)
        statement = sql.SQL("INSERT INTO {} ({}) SELECT {} FROM {} ORDER BY {}").format(
            sql.Identifier(event._meta.db_table), sql.SQL(", ").join(targets), sql.SQL(", ").join(sources),
            sql.Identifier(tracked._meta.db_table), sql.Identifier(tracked._meta.pk.column))
        with connection.cursor() as cursor:
            cursor.execute(statement)
            ctx.counts[event._meta.label] = cursor.rowcount
