"""``python -m spalk.serve`` (``make serve``): spalk as in production, with DEBUG off.

Collects the static files under content-hashed names (``collectstatic``, WhiteNoise's compressed manifest
storage) and then replaces itself by gunicorn serving ``spalk.wsgi:application`` with several worker processes.
A procrastinate worker runs beside it (``spalk.jobs.supervise``; ``--no-worker`` when it runs elsewhere).
Reads the same environment as the settings; with DEBUG off they refuse to start without ``DATABASE_URL`` and
``SPALK_SECRET_KEY``. Put it behind a TLS reverse proxy (docs/operations.md).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys


def default_workers() -> int:
    return max(2, 2 * (os.cpu_count() or 1))


def gunicorn_argv(*, bind: str, workers: int, threads: int) -> list[str]:
    return [
        sys.executable, "-m", "gunicorn", "spalk.wsgi:application",
        "--bind", bind,
        "--workers", str(workers),
        "--threads", str(threads),  # gthread: a worker overlaps one request's database waits with another's
        "--worker-class", "gthread" if threads > 1 else "sync",
        "--timeout", "30",
        "--graceful-timeout", "20",
        "--max-requests", "5000", "--max-requests-jitter", "500",  # recycle workers: no slow leak lives long
        "--forwarded-allow-ips", os.environ.get("SPALK_FORWARDED_ALLOW_IPS", "127.0.0.1,::1"),
        "--no-control-socket",  # gunicorn's default socket is one per machine user: two servers would collide
        "--access-logfile", "-" if os.environ.get("SPALK_ACCESS_LOG") == "1" else "/dev/null",
    ]


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="python -m spalk.serve")
    p.add_argument("--bind", default=os.environ.get("SPALK_BIND", "127.0.0.1:8000"))
    p.add_argument("--workers", type=int, default=int(os.environ.get("SPALK_WORKERS", default_workers())))
    p.add_argument("--threads", type=int, default=int(os.environ.get("SPALK_THREADS", "4")))
    p.add_argument("--skip-collectstatic", action="store_true")
    p.add_argument("--no-worker", action="store_true",
                   help="serve only; run `manage.py procrastinate worker` elsewhere for the background jobs")
    args = p.parse_args(argv)
    if args.workers < 2:
        p.error("at least two worker processes (--workers 2)")
    if os.environ.get("SPALK_DEBUG", "").strip().lower() in {"1", "true", "yes", "on"}:
        p.error("SPALK_DEBUG is on: `make serve` is the production way to serve; use `make demo` to develop")
    if not args.skip_collectstatic:
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
                       check=True, env={**os.environ, "SPALK_SERVING": "1"})
    command = gunicorn_argv(bind=args.bind, workers=args.workers, threads=args.threads)
    print(f"spalk: gunicorn on http://{args.bind} with {args.workers} workers × {args.threads} threads", flush=True)
    if args.no_worker:
        os.execv(sys.executable, command)  # noqa: S606 - our own interpreter and arguments
    from spalk.jobs.supervise import supervise

    print("spalk: with a background-job worker (procrastinate)", flush=True)
    return supervise(command)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
