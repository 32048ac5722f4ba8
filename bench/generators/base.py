"""What every generator shares: the seeded random source, the scale, COPY into a model's table."""

from __future__ import annotations

import datetime
import random
import time
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Model
from psycopg import sql
from psycopg.types.json import Jsonb

# Fixed data (no Faker: its output changes between versions). All names are fictional combinations.
FIRST_NAMES_F = ["Amber", "Anna", "Aya", "Camille", "Charlotte", "Elena", "Elise", "Emma", "Fatima", "Febe",
                 "Hanne", "Ines", "Jana", "Julie", "Laura", "Lena", "Lien", "Lotte", "Louise", "Malika",
                 "Marie", "Mila", "Nina", "Noor", "Olivia", "Rania", "Sara", "Sofie", "Yasmine", "Zoë"]
FIRST_NAMES_M = ["Adam", "Amir", "Arthur", "Bram", "Daan", "Elias", "Finn", "Gust", "Jonas", "Jules", "Kobe",
                 "Lars", "Liam", "Louis", "Lucas", "Mohamed", "Nathan", "Noah", "Omar", "Rayan", "Robbe",
                 "Seppe", "Stan", "Thomas", "Vic", "Warre", "Wout", "Youssef", "Lowie", "Mats"]
LAST_NAMES = ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters",
              "De Smet", "Dubois", "Hermans", "Aerts", "Lambrechts", "Dumont", "Martens", "Pauwels", "Michiels",
              "Desmet", "Verbruggen", "De Clercq", "Smets", "Vermeulen", "Van den Broeck", "Cools", "Segers",
              "Bogaert", "Declercq", "Coppens", "Vandenberghe", "Leclercq", "De Backer", "Wuyts", "Verhoeven",
              "Van Damme", "Stevens", "Verstraete", "Van de Velde", "Huybrechts", "Bosmans", "El Amrani",
              "Benali", "Yilmaz", "Kaya", "Nowak", "Kowalski", "Popescu", "Haddad", "Diallo", "Mukendi",
              "Baert", "Vercammen", "Geerts", "Thys", "Van Acker", "Verlinden", "Deprez", "Lemmens", "Raes",
              "Vos", "Daems", "Moens", "Hendrickx", "Van Hoof", "Kenis", "Dierckx", "Nys", "Ceulemans"]
CITIES = [("8400", "Oostende"), ("2460", "Kasterlee"), ("2000", "Antwerpen"), ("1000", "Brussel"),
          ("3920", "Lommel"), ("3000", "Leuven"), ("9000", "Gent"), ("8500", "Kortrijk"), ("8000", "Brugge"),
          ("3500", "Hasselt"), ("2800", "Mechelen"), ("9300", "Aalst"), ("2300", "Turnhout"),
          ("3800", "Sint-Truiden"), ("8800", "Roeselare"), ("9100", "Sint-Niklaas"), ("2500", "Lier"),
          ("3200", "Aarschot"), ("8900", "Ieper"), ("9200", "Dendermonde")]
STREETS = ["Kerkstraat", "Stationsstraat", "Molenstraat", "Nieuwstraat", "Schoolstraat", "Dorpsstraat",
           "Kapelstraat", "Beekstraat", "Veldstraat", "Lindelaan", "Meersstraat", "Ringlaan"]


@dataclass
class Context:
    seed: int
    scale: float
    today: datetime.date
    now: datetime.datetime
    shared: dict[str, Any] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    def rng(self, name: str) -> random.Random:
        """A random source per generator, so adding one generator does not change the others' data."""
        return random.Random(self.seed * 1_000_003 + zlib.crc32(name.encode()))

    def n(self, full: int, minimum: int = 1) -> int:
        """A volume at the chosen scale (``full`` at scale 1 = ten times the sector)."""
        return max(minimum, round(full * self.scale))


def copy_rows(ctx: Context, model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """COPY rows into the model's table. ``columns`` are field names (``centre`` → ``centre_id``)."""
    meta = model._meta
    cols = [meta.get_field(c).column for c in columns]
    # A NOT NULL field added after the generator was written gets its model default, so a new column with a
    # default (e.g. a blank text) never breaks the benchmark load.
    named = {meta.get_field(c).name for c in columns}
    extra = [f for f in meta.concrete_fields
             if f.name not in named and not f.primary_key and not f.null and f.get_default() is not None]
    if extra:
        cols += [f.column for f in extra]
        defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in extra)
        rows = (tuple(row) + defaults for row in rows)
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(meta.db_table), sql.SQL(", ").join(sql.Identifier(c) for c in cols))
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    ctx.counts[meta.label] = ctx.counts.get(meta.label, 0) + count
    return count


class IndexesDropped:
    """Drop a table's secondary indexes for a bulk load and build them again afterwards (much faster than
    maintaining them row by row). Indexes backing a constraint (primary key, unique) stay."""

    def __init__(self, model: type[Model]):
        self.table = model._meta.db_table
        self.definitions: list[tuple[str, str]] = []

    def __enter__(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)", [self.table])
            self.definitions = cursor.fetchall()
            for name, _definition in self.definitions:
                cursor.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
        return self

    def __exit__(self, *exc):
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '256MB'")
            for _name, definition in self.definitions:
                cursor.execute(definition)


def reset_sequence(model: type[Model]) -> None:
    table = model._meta.db_table
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', '{pk}'), "  # noqa: S608
                       f"GREATEST((SELECT max({pk}) FROM {table}), 1))")


def jsonb(value: Any) -> Jsonb:
    return Jsonb(value)


class Timer:
    def __init__(self, ctx: Context, name: str):
        self.ctx, self.name = ctx, name

    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.ctx.timings[self.name] = time.perf_counter() - self.start


def copy_dicts(ctx: Context, model: type[Model], rows: list[dict[str, Any]]) -> int:
    """COPY rows given as dicts, keeping only the keys that are fields of the model today.

    For tables of capabilities still being built: a field added later with a default does not break the
    generator; a new required field shows up as a NOT NULL error naming it.
    """
    if not rows:
        return 0
    names = {f.name for f in model._meta.concrete_fields}
    columns = [k for k in rows[0] if k in names]
    return copy_rows(ctx, model, columns, ([row[c] for c in columns] for row in rows))
