"""Run the generators with triggers off, then index statistics; the load's facts are kept in the database."""

from __future__ import annotations

import datetime
import json
import time

from django.db import connection
from django.utils import timezone

from bench.generators import modules
from bench.generators.base import Context

META_TABLE = "bench_meta"


def load(*, scale: float, seed: int) -> dict:
    today = timezone.localdate()
    now = timezone.make_aware(datetime.datetime.combine(today, datetime.time(8, 0)))
    ctx = Context(seed=seed, scale=scale, today=today, now=now)
    missing: dict[str, str] = {}
    with connection.cursor() as cursor:
        # no pghistory/pgtrigger triggers and no foreign-key triggers while loading (superuser only)
        cursor.execute("SET session_replication_role = replica")
    try:
        for module in modules():
            if not module.available():
                missing[module.NAME] = "capability not built yet"
                print(f"  {module.NAME:14s} skipped: capability not built yet", flush=True)
                continue
            start = time.perf_counter()
            try:
                module.generate(ctx)
            except NotImplementedError as exc:
                missing[module.NAME] = str(exc)
                print(f"  {module.NAME:14s} skipped: {exc}", flush=True)
                continue
            print(f"  {module.NAME:14s} {time.perf_counter() - start:6.1f} s", flush=True)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"  {'vacuum analyze':14s} {time.perf_counter() - start:6.1f} s", flush=True)
    meta = {"scale": scale, "seed": seed, "loaded_on": str(today), "volumes": ctx.counts,
            "volumes_missing": missing}
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {META_TABLE} (id int PRIMARY KEY, data jsonb)")
        cursor.execute(f"INSERT INTO {META_TABLE} VALUES (1, %s) ON CONFLICT (id) DO UPDATE SET data = "  # noqa: S608
                       "EXCLUDED.data", [json.dumps(meta)])
    return meta


def read_meta() -> dict:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT data FROM {META_TABLE} WHERE id = 1")  # noqa: S608
        row = cursor.fetchone()
    data = row[0]
    return json.loads(data) if isinstance(data, str) else data
