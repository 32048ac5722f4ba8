"""Writes of the jobs screen: the installation administrator puts a failed job back in the queue (audited)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob

from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.core.errors import DomainError


def job_retry(*, actor: Any, job_id: int) -> None:
    with transaction.atomic():
        job = ProcrastinateJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != "failed":
            raise DomainError(_("Only a failed job can be retried. Reload the page to see its current state."))
        app.job_manager.retry_job_by_id(job.id, retry_at=timezone.now())
        audit_record(actor=actor, action=AuditAction.UPDATE, object_type="jobs.job", object_id=job.id,
                     fields=["status"], extra={"task": job.task_name, "retried": True})
