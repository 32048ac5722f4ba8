"""Reads for the jobs screen of the installation administrator (no dossier data: task names, ids, times)."""

from __future__ import annotations

from dataclasses import dataclass

from procrastinate.contrib.django.models import ProcrastinateEvent, ProcrastinateJob

from spalk.jobs.models import JobFailure


@dataclass
class FailedJob:
    job: ProcrastinateJob
    failed_at: object
    errors: list[JobFailure]


def failed_jobs(*, limit: int = 200) -> list[FailedJob]:
    """Failed jobs, newest first, with when they failed and the class of each attempt's error. Three queries."""
    jobs = list(ProcrastinateJob.objects.filter(status="failed").order_by("-id")[:limit])
    ids = [j.id for j in jobs]
    last: dict[int, object] = {}
    for event in ProcrastinateEvent.objects.filter(job_id__in=ids, type="failed").order_by("at"):
        last[event.job_id] = event.at
    errors: dict[int, list[JobFailure]] = {}
    for failure in JobFailure.objects.filter(job_id__in=ids).order_by("attempt", "pk"):
        errors.setdefault(failure.job_id, []).append(failure)
    return [FailedJob(job=j, failed_at=last.get(j.id), errors=errors.get(j.id, [])) for j in jobs]


def job_counts() -> dict[str, int]:
    from django.db.models import Count

    return {row["status"]: row["n"] for row in ProcrastinateJob.objects.values("status").annotate(n=Count("id"))}
