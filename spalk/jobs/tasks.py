"""How spalk declares a background job: ``@spalk.jobs.tasks.task(...)`` on a function of an app's ``tasks.py``.

It is procrastinate's task (PostgreSQL only: cron schedules, retries with backoff, locks) with spalk's defaults:
a named queue, retries with exponential backoff, and every failed attempt written to ``JobFailure`` (the
exception's class, never its message). procrastinate's Django contrib finds every app's ``tasks.py``.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

logger = logging.getLogger("spalk.jobs")

# five attempts: the first, then four retries after about 10 s, 100 s, 17 min and 2.8 h
# (procrastinate: exponential_wait ** (attempts + 1); max_attempts counts the retries)
DEFAULT_RETRY = RetryStrategy(max_attempts=4, exponential_wait=10)


def record_failure(*, job_id: int | None, task_name: str, attempt: int, error: BaseException) -> None:
    from spalk.jobs.models import JobFailure

    logger.warning("job failed", extra={"task": task_name, "job_id": job_id, "attempt": attempt,
                                         "error": type(error).__name__})
    if job_id is not None:
        JobFailure.objects.create(job_id=job_id, task_name=task_name, attempt=attempt,
                                  error_class=type(error).__name__[:200])


def task(*, name: str, queue: str = "default", retry: RetryStrategy | None = DEFAULT_RETRY,
         **options: Any) -> Callable[[Callable], Any]:
    """A procrastinate task whose failed attempts are recorded. The function gets the job's context first."""

    def decorate(func: Callable) -> Any:
        @functools.wraps(func)
        def run(context, *args: Any, **kwargs: Any) -> Any:
            job = context.job
            try:
                return func(*args, **kwargs)
            except Exception as exc:
                record_failure(job_id=job.id, task_name=name, attempt=(job.attempts or 0) + 1, error=exc)
                raise

        return app.task(name=name, queue=queue, retry=retry or False, pass_context=True, **options)(run)

    return decorate
