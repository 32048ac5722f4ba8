"""Run waiting jobs now, in this thread and this database transaction: the tests (and a shell) need no worker.

It follows the worker's steps with procrastinate's own queries — fetch (respecting locks), run, finish or retry
with the task's retry strategy — so a job that fails here is retried and listed exactly as with the worker.
``make demo`` and ``make serve`` start the real worker (``spalk.jobs.supervise``).
"""

from __future__ import annotations

import datetime
import json
import logging
from dataclasses import dataclass

from django.utils import timezone
from procrastinate import jobs as procrastinate_jobs
from procrastinate import sql
from procrastinate.contrib.django import app

logger = logging.getLogger("spalk.jobs")


@dataclass(frozen=True)
class Outcome:
    job_id: int
    task_name: str
    status: str  # succeeded, retry, failed


class JobContext:
    """What a task with ``pass_context`` reads: the job."""

    def __init__(self, job: procrastinate_jobs.Job) -> None:
        self.job = job


def run_pending(*, queues: list[str] | None = None, max_jobs: int = 1000, due_now: bool = False) -> list[Outcome]:
    """Run every job that is due (``due_now``: also those waiting for a later retry) until none is left."""
    connector = app.connector.get_sync_connector()
    out: list[Outcome] = []
    for _ in range(max_jobs):
        if due_now:
            connector.execute_query("UPDATE procrastinate_jobs SET scheduled_at = NULL "
                                    "WHERE status = 'todo' AND scheduled_at IS NOT NULL")
        row = connector.execute_query_one(query=sql.queries["fetch_job"], queues=queues, worker_id=None)
        if not row or row.get("id") is None:
            break
        if isinstance(row.get("args"), str):  # Django's connection leaves jsonb as text
            row = {**row, "args": json.loads(row["args"])}
        job = procrastinate_jobs.Job.from_row(row)
        job_id = int(row["id"])
        task = app.tasks[job.task_name]
        try:
            task.func(JobContext(job), **job.task_kwargs)
        except Exception as exc:
            logger.info("job attempt failed", extra={"task": job.task_name, "job_id": job.id,
                                                      "error": type(exc).__name__})
            decision = task.retry_strategy.get_retry_decision(exception=exc, job=job) if task.retry_strategy else None
            if decision is not None:
                retry_at = decision.retry_at or timezone.now() + datetime.timedelta(seconds=1)
                app.job_manager.retry_job_by_id(job_id, retry_at=retry_at)
                out.append(Outcome(job_id=job_id, task_name=job.task_name, status="retry"))
            else:
                connector.execute_query(sql.queries["finish_job"], job_id=job_id, status="failed", delete_job=False)
                out.append(Outcome(job_id=job_id, task_name=job.task_name, status="failed"))
            continue
        connector.execute_query(sql.queries["finish_job"], job_id=job_id, status="succeeded", delete_job=False)
        out.append(Outcome(job_id=job_id, task_name=job.task_name, status="succeeded"))
    return out
