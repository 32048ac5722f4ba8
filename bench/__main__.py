"""``python -m bench [--scale 0.1] [--repeat 30] [--skip-load] [--only NAME] [--save-baseline]``."""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import sys
import time

from bench import db


def parse(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument("--scale", type=float, default=1.0, help="1 = ten times the sector (default); 0.1 for a quick run")
    p.add_argument("--seed", type=int, default=20260101)
    p.add_argument("--repeat", type=int, default=30, help="measured requests per scenario (default 30)")
    p.add_argument("--db-name", default="spalk_bench", help="benchmark database (dropped and created again)")
    p.add_argument("--skip-load", action="store_true", help="measure the data already in the benchmark database")
    p.add_argument("--load-only", action="store_true", help="generate and load, do not measure")
    p.add_argument("--only", default="", help="measure only scenarios whose name contains this text (several: a,b)")
    p.add_argument("--save-baseline", action="store_true", help="also copy the results to baseline.json")
    p.add_argument("--fail-on-regression", action="store_true", help="exit 1 when a regression is flagged")
    return p.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse(argv)
    if not os.environ.get("DATABASE_URL"):
        from spalk import devdb

        devdb.ensure_database_url()
    base = os.environ["DATABASE_URL"]
    name = args.db_name
    if name == db.database_name(base):  # never drop the database the app itself uses
        name += "_data"
    url = db.bench_url(base, name)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spalk.settings")
    os.environ.setdefault("SPALK_LOG_LEVEL", "WARNING")
    started = time.perf_counter()
    if not args.skip_load:
        print(f"bench: (re)creating database {name} and migrating it", flush=True)
        db.recreate(url)
        db.migrate(url)

    import django

    django.setup()
    from bench import load, report
    from bench.measure import measure

    meta: dict = {"scale": args.scale, "seed": args.seed, "repeat": args.repeat, "database": name}
    if args.skip_load:
        meta.update(load.read_meta())
    else:
        meta.update(load.load(scale=args.scale, seed=args.seed))
        meta["load_seconds"] = round(time.perf_counter() - started, 1)
        print(f"bench: loaded in {meta['load_seconds']} s", flush=True)
    if args.load_only:
        return 0
    measuring = time.perf_counter()
    print("bench: measuring", flush=True)
    measured = measure(args.repeat, only=args.only)
    meta["measure_seconds"] = round(time.perf_counter() - measuring, 1)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        meta["postgres"] = cursor.fetchone()[0]
    meta["machine"] = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    meta["finished_at"] = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    meta["scale"] = meta.get("scale", args.scale)
    data = {"meta": meta, "volumes": meta.pop("volumes", {}), "volumes_missing": meta.pop("volumes_missing", {}),
            **measured}
    baseline = report.load_baseline()
    data["baseline"] = baseline["meta"]["finished_at"] if baseline else None
    data["regressions"] = report.compare(data, baseline)
    data["query_count_vs_baseline"] = _cross_scale(data, baseline)
    data["targets"] = report.targets(data)
    data["notes"] = meta.pop("notes", [])
    json_path, md_path = report.write(data)
    if args.save_baseline:
        shutil.copyfile(json_path, json_path.with_name("baseline.json"))
    print(f"bench: wrote {md_path} and {json_path} in {round(time.perf_counter() - started)} s total", flush=True)
    for t in data["targets"]:
        print(f"  {t['target']}: {t['result']}")
    if data["regressions"]:
        print(f"bench: {len(data['regressions'])} regression(s) against the baseline, see {md_path}")
        return 1 if args.fail_on_regression else 0
    return 0


def _cross_scale(data: dict, baseline: dict | None) -> str:
    """Query counts must not depend on data size: compare with a baseline measured at another scale."""
    if not baseline or baseline["meta"].get("scale") == data["meta"].get("scale"):
        return ""
    before = {(r["name"], r["persona"]): r.get("queries_max") for r in baseline.get("results", [])}
    differ = [f"{r['name']} [{r['persona']}] {before[(r['name'], r['persona'])]}→{r['queries_max']}"
              for r in data["results"] if before.get((r["name"], r["persona"])) not in (None, r.get("queries_max"))]
    scales = f"scale {baseline['meta'].get('scale')} vs {data['meta'].get('scale')}"
    return f"query counts differ between {scales}: " + ", ".join(differ) if differ else \
        f"same query counts at {scales}"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
