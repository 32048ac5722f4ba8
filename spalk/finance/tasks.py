"""Background jobs of the client contribution (procrastinate; spalk/jobs).

- ``finance.schedule_monthly_runs``: every 1st of the month at 06:00 UTC (procrastinate reads cron in UTC) it
  queues the run of the month that just ended (by the Brussels date) for every active centre;
- ``finance.monthly_run``: one centre and month. Its ``lock`` makes two such jobs for the same centre and month wait
  for each other, its ``queueing_lock`` keeps only one waiting; the run itself is idempotent (a second run changes
  nothing), so a month never runs twice;
- ``finance.schedule_reminders``: every day at 07:00 UTC it queues the reminder job of every active centre;
- ``finance.reminders``: one centre on one day. Its ``lock`` and ``queueing_lock`` (per centre and month) keep two of
  them from running or waiting at once; the job is idempotent per month (``reminders.reminder_run``: one automatic
  letter per family and month, a database constraint), so a retry or a second day writes only what is missing.

Every job is retried with backoff when it fails (``spalk.jobs.tasks.DEFAULT_RETRY``) and listed on ``/jobs/`` once
it keeps failing.
"""

from __future__ import annotations

import datetime

from procrastinate.contrib.django import app
from procrastinate.exceptions import AlreadyEnqueued

from spalk.jobs.tasks import task


def month_key(centre_id: int, month: datetime.date) -> str:
    return f"finance-month-{centre_id}-{month:%Y-%m}"


@task(name="finance.monthly_run", queue="finance")
def monthly_run_job(*, centre_id: int, month: str) -> None:
    from spalk.centres.models import Centre
    from spalk.finance.statements import monthly_run

    monthly_run(centre=Centre.objects.get(pk=centre_id), month=datetime.date.fromisoformat(month))


def queue_month(*, centre_id: int, month: datetime.date) -> int | None:
    """Queue the run of one centre and month; ``None`` when it is already waiting."""
    from django.db import transaction

    key = month_key(centre_id, month)
    try:
        with transaction.atomic():  # a savepoint: the refused insert must not break the caller's transaction
            return monthly_run_job.configure(lock=key, queueing_lock=key).defer(centre_id=centre_id,
                                                                                month=month.isoformat())
    except AlreadyEnqueued:
        return None


@app.periodic(cron="0 6 1 * *", periodic_id="finance-monthly")
@task(name="finance.schedule_monthly_runs", queue="finance")
def schedule_monthly_runs(*, timestamp: int) -> None:
    from django.utils import timezone

    from spalk.centres.models import Centre

    day = timezone.localtime(datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC)).date()
    month = (day.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    for centre_id in Centre.objects.filter(is_active=True).values_list("pk", flat=True):
        queue_month(centre_id=centre_id, month=month)


def reminders_key(centre_id: int, day: datetime.date) -> str:
    return f"finance-reminders-{centre_id}-{day:%Y-%m}"


@task(name="finance.reminders", queue="finance")
def reminders_job(*, centre_id: int, day: str) -> None:
    from spalk.centres.models import Centre
    from spalk.finance.reminders import reminder_run

    reminder_run(centre=Centre.objects.get(pk=centre_id), today=datetime.date.fromisoformat(day))


def queue_reminders(*, centre_id: int, day: datetime.date) -> int | None:
    """Queue the reminder job of one centre for ``day``; ``None`` when one of the month is already waiting."""
    from django.db import transaction

    key = reminders_key(centre_id, day)
    try:
        with transaction.atomic():
            return reminders_job.configure(lock=key, queueing_lock=key).defer(centre_id=centre_id,
                                                                              day=day.isoformat())
    except AlreadyEnqueued:
        return None


@app.periodic(cron="0 7 * * *", periodic_id="finance-reminders")
@task(name="finance.schedule_reminders", queue="finance")
def schedule_reminders(*, timestamp: int) -> None:
    from django.utils import timezone

    from spalk.centres.models import Centre

    day = timezone.localtime(datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC)).date()
    for centre_id in Centre.objects.filter(is_active=True).values_list("pk", flat=True):
        queue_reminders(centre_id=centre_id, day=day)
