"""What the installation administrator needs to see of a failed background job, beside procrastinate's own tables.

procrastinate keeps the jobs and their events (``procrastinate_jobs``, ``procrastinate_events``); it does not keep
why an attempt failed. ``JobFailure`` keeps the exception's class per attempt — never its message, which may
quote dossier data — so that the screen can say "ComputationError on attempt 2".
"""

from __future__ import annotations

from django.db import models


class JobFailure(models.Model):
    job_id = models.BigIntegerField(db_index=True)
    task_name = models.CharField(max_length=200)
    attempt = models.PositiveIntegerField()
    error_class = models.CharField(max_length=200)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.task_name}#{self.job_id}: {self.error_class}"
