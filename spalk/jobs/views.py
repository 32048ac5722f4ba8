"""The installation administrator's screen of failed background jobs, with a retry action."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from spalk.access.declare import staff_only
from spalk.access.policy import is_installation_admin
from spalk.core.errors import DomainError
from spalk.core.types import SpalkRequest
from spalk.jobs import selectors, services


def _admin_only(request: SpalkRequest) -> None:
    if not is_installation_admin(user=request.user):
        raise Http404


@require_GET
@login_required
@staff_only("background jobs of the installation (task names, ids, times; no dossier data): installation admin")
def failed(request: SpalkRequest) -> HttpResponse:
    _admin_only(request)
    return render(request, "jobs/failed.html", {"failed": selectors.failed_jobs(), "counts": selectors.job_counts()})


@require_POST
@login_required
@staff_only("background jobs of the installation: the installation administrator retries a failed job")
def retry(request: SpalkRequest, job_id: int) -> HttpResponse:
    _admin_only(request)
    try:
        services.job_retry(actor=request.user, job_id=job_id)
        messages.success(request, _("The job is back in the queue."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("jobs:failed")
