"""``python -m bench.loadtest [--users 50] [--seconds 60] [--workers 2] [--phase both]`` (``make loadtest``).

1. loads a small benchmark database (``spalk_load``, scale 0.05) with the bench generators;
2. starts the production server of ``make serve`` (``python -m spalk.serve``: gunicorn with ``--workers``
   processes, DEBUG off, hashed static files) on 127.0.0.1 against it;
3. gives every simulated staff member a signed-in session (the second factor counted as done);
4. runs locust headless for a bounded time, twice: at saturation (no think time) and at a working pace (an
   action every 5–10 s); after each it checks: no failed request, and no lost write (every save the server
   confirmed is in the database, with exactly one audit row each);
5. writes bench/results/load.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench import db

RESULTS = Path(__file__).resolve().parent / "results"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _sessions(count: int) -> list[dict]:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from spalk.access.policy import Action, visible_families
    from spalk.accounts.middleware import SESSION_FLAG
    from spalk.accounts.models import User

    staff = list(User.objects.filter(memberships__role__in=["counsellor", "director", "team_lead"],
                                     memberships__centre_id__in=[1, 2]).distinct().order_by("pk")[:count])
    out = []
    for user in staff:
        editable = visible_families(user=user, action=Action.EDIT).order_by("pk")
        families = list(editable.values_list("pk", flat=True)[:30])
        if not families:
            continue
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[SESSION_FLAG] = True
        session.create()
        out.append({"email": user.email, "session": session.session_key, "families": families})
    return out


def _snapshot() -> dict:
    from django.db.models import Sum

    from spalk.audit.models import AuditEvent
    from spalk.families.models import Family, FamilyMember

    return {"members": FamilyMember.objects.count(),
            "version_sum": Family.objects.aggregate(s=Sum("version"))["s"],
            "family_updates": AuditEvent.objects.filter(action="update", object_type="families.family").count(),
            "member_creates": AuditEvent.objects.filter(action="create", object_type="families.familymember").count()}


PHASES = {
    # no think time: every session sends its next request as soon as the last one is answered
    "saturation": (0.0, 0.0),
    # staff at a working pace: an action every 5 to 10 seconds
    "working": (5.0, 10.0),
}


def _serve(port: int, env: dict, workers: int, threads: int | None, kind: str = "serve") -> subprocess.Popen:
    """The production server of `make serve` (python -m spalk.serve: gunicorn, DEBUG off, hashed static files),
    or `runserver` (one process, threaded) to compare with the figures measured before `make serve` existed."""
    argv = [sys.executable, "-m", "spalk.serve", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    if threads:
        argv += ["--threads", str(threads)]
    if kind == "runserver":
        argv = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    server = subprocess.Popen(argv, cwd=db._project_dir(), env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit("spalk.serve did not start (run `make serve` to see why)") from None
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("spalk.serve did not answer /healthz within 60 s")


WARM_PATHS = ["/families/", "/families/{f}/", "/families/{f}/history/", "/families/{f}/edit/",
              "/families/{f}/members/new/", "/stays/", "/stays/dashboard/", "/stays/occupancy/"]


def _warm_up(port: int, sessions: list[dict]) -> int:
    """Every page of the mix a few times for some sessions (reads only, not counted): the measured phases
    then see the server as it runs all day (templates, URL resolver, compiled policy rules and database
    connections of each worker process warm), not its first seconds after a start."""
    done = 0
    for me in sessions[:12]:
        for path in WARM_PATHS:
            request = urllib.request.Request(f"http://127.0.0.1:{port}{path.format(f=me['families'][0])}",
                                             headers={"Cookie": f"sessionid={me['session']}"})
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our own server on 127.0.0.1
                response.read()
            done += 1
    return done


def _phase(name: str, args, port: int, env: dict, work: Path) -> dict:
    low, high = PHASES[name]
    before = _snapshot()
    counts_file = work / f"counts-{name}.json"
    phase_env = {**env, "SPALK_LOAD_WAIT": f"{low},{high}", "SPALK_LOAD_COUNTS": str(counts_file)}
    locust = subprocess.run(
        [sys.executable, "-m", "locust", "-f", str(Path(__file__).with_name("locustfile.py")), "--headless",
         "-u", str(args.users), "-r", str(max(1, args.users // 5)), "-t", f"{args.seconds}s",
         "--host", f"http://127.0.0.1:{port}", "--csv", str(work / name), "--only-summary",
         "--stop-timeout", "15",
         # the statistics start once every session has started (locust spawns 10 a second), so the figures are
         # those of 50 people working, not of 50 people starting within five seconds
         "--reset-stats"], env=phase_env, capture_output=True, text=True)
    after = _snapshot()
    counts = json.loads(counts_file.read_text()) if counts_file.exists() else {}
    rows = list(csv.DictReader((work / f"{name}_stats.csv").open()))
    checks = {
        "no failed request": bool(rows) and all(r["Failure Count"] == "0" for r in rows),
        "every confirmed new member is stored": after["members"] - before["members"] == counts.get("members_added"),
        "every confirmed new member has one audit row":
            after["member_creates"] - before["member_creates"] == counts.get("members_added"),
        "every confirmed family edit is stored (versions)":
            after["version_sum"] - before["version_sum"]
            == counts.get("edits_saved", 0) + counts.get("members_added", 0),
        "every confirmed family edit has one audit row":
            after["family_updates"] - before["family_updates"] == counts.get("edits_saved"),
    }
    return {"name": name, "wait": (low, high), "rows": rows, "counts": counts, "before": before, "after": after,
            "checks": checks, "returncode": locust.returncode}


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.loadtest")
    p.add_argument("--users", type=int, default=50)
    p.add_argument("--seconds", type=int, default=60)
    p.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (python -m spalk.serve)")
    p.add_argument("--threads", type=int, default=None, help="threads per worker (default: spalk.serve's)")
    p.add_argument("--phase", choices=[*PHASES, "both"], default="both")
    p.add_argument("--server", choices=["serve", "runserver"], default="serve",
                   help="runserver: the development server, for comparison only")
    p.add_argument("--db-name", default="spalk_load")
    p.add_argument("--skip-load", action="store_true")
    args = p.parse_args(argv)
    args.load_before = os.getloadavg()[0]  # the machine may be shared: say how busy it was
    args.cpu_reference = cpu_reference_ms()
    if not os.environ.get("DATABASE_URL"):
        from spalk import devdb

        devdb.ensure_database_url()
    url = db.bench_url(os.environ["DATABASE_URL"], args.db_name)
    if not args.skip_load:
        subprocess.run([sys.executable, "-m", "bench", "--scale", "0.05", "--load-only", "--db-name", args.db_name],
                       check=True)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spalk.settings")
    import django

    django.setup()
    from spalk.devdb import local_secret_key

    RESULTS.mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="spalk-load-"))
    sessions = _sessions(args.users)
    (work / "sessions.json").write_text(json.dumps(sessions))
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "SPALK_DEBUG": "0", "SPALK_SECURE_COOKIES": "0",
           "SPALK_LOG_LEVEL": "WARNING", "SPALK_SECRET_KEY": os.environ.get("SPALK_SECRET_KEY") or local_secret_key(),
           "SPALK_LOAD_SESSIONS": str(work / "sessions.json")}
    server = _serve(port, env, args.workers, args.threads, args.server)
    try:
        args.warm_up = _warm_up(port, sessions)
        phases = [_phase(name, args, port, env, work) for name in (PHASES if args.phase == "both" else [args.phase])]
    finally:
        server.terminate()
        server.wait(timeout=30)
    _write(args, phases)
    print((RESULTS / ("load.md" if args.server == "serve" else f"load-{args.server}.md")).read_text())
    return 0 if all(all(ph["checks"].values()) for ph in phases) else 1


def cpu_reference_ms() -> float:
    """The best of three runs of a fixed pure-Python loop, in ms: how fast this machine's CPU is at the moment.
    A virtual machine's speed varies by more than half from one minute to the next (neighbours on the host);
    runs are comparable only at a similar reference."""
    def once() -> float:
        start, total = time.perf_counter(), 0
        for i in range(3_000_000):
            total += i * i
        return (time.perf_counter() - start) * 1000

    return round(min(once() for _ in range(3)))


def _write(args, phases) -> None:
    lines = ["# spalk load test", "",
             f"{args.users} concurrent staff sessions per phase for {args.seconds} s against "
             + ("`manage.py runserver` (one process, threaded)" if args.server == "runserver" else
                f"`python -m spalk.serve` (gunicorn, {args.workers} worker processes, DEBUG off)")
             + f" on 127.0.0.1, database at bench scale 0.05; run {time.strftime('%Y-%m-%d %H:%M')} on "
             f"{os.cpu_count()} cores, load average before the run {args.load_before:.1f}, CPU reference "
             f"{getattr(args, 'cpu_reference', 0):g} ms (`bench.loadtest.cpu_reference_ms`, lower is faster) "
             "(`make loadtest`). "
             f"Before the phases every page of the mix was read {getattr(args, 'warm_up', 0)} times in all to warm "
             "the worker processes (not counted); in each phase the statistics start once all sessions have "
             "started (`--reset-stats`); the write checks cover the whole phase."]
    for ph in phases:
        low, high = ph["wait"]
        pace = "no think time" if high == 0 else f"an action every {low:g}–{high:g} s per session"
        lines += ["", f"## {ph['name']}: {pace} (locust exit code {ph['returncode']})", "",
                  "| request | count | failures | p50 ms | p95 ms | p99 ms | max ms | req/s |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|"]
        for r in ph["rows"]:
            lines.append(f"| {r['Name']} | {r['Request Count']} | {r['Failure Count']} | {r['50%']} | {r['95%']} | "
                         f"{r['99%']} | {float(r['Max Response Time']):.0f} | {float(r['Requests/s']):.1f} |")
        counts = ph["counts"]
        lines += ["", f"- family edits saved: {counts.get('edits_saved')}; refused as a conflict (optimistic "
                      f"locking, the person keeps their input): {counts.get('edit_conflicts')}",
                  f"- members added: {counts.get('members_added')}",
                  f"- database before → after: {json.dumps(ph['before'])} → {json.dumps(ph['after'])}", ""]
        lines += [f"- {'OK' if ok else '**FAILED**'}: {name}" for name, ok in ph["checks"].items()]
    out = RESULTS / ("load.md" if args.server == "serve" else f"load-{args.server}.md")
    out.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
