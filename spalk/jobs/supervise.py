"""``python -m spalk.jobs.supervise -- COMMAND ...``: COMMAND (the web server) with a procrastinate worker beside it.

``make demo`` and ``make serve`` use it: the worker (``manage.py procrastinate worker``) runs the scheduled and
queued jobs (the monthly contribution run, reminders). A signal (Ctrl-C, SIGTERM) goes to both; when one of them
stops, the other is stopped too, and the exit code is the web server's.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

WORKER = [sys.executable, "manage.py", "procrastinate", "worker", "--concurrency", "1"]


def supervise(command: list[str], *, worker: list[str] | None = None) -> int:
    worker_proc = subprocess.Popen(worker or WORKER)  # noqa: S603 - our own interpreter and arguments
    web = subprocess.Popen(command)  # noqa: S603 - the command given by the Makefile / spalk.serve
    procs = (web, worker_proc)

    def forward(signum, _frame):
        for p in procs:
            if p.poll() is None:
                p.send_signal(signum)

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, forward)
    try:
        while all(p.poll() is None for p in procs):
            time.sleep(0.5)
    finally:
        for p in procs:
            if p.poll() is None:
                p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
    if worker_proc.returncode not in (0, None, -signal.SIGTERM, -signal.SIGINT) and web.returncode in (None, 0):
        print(f"spalk: the job worker stopped ({worker_proc.returncode}); stopping the web server", file=sys.stderr)
    return web.returncode if web.returncode is not None else 1


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        print("usage: python -m spalk.jobs.supervise -- COMMAND ...", file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spalk.settings")
    return supervise(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
