"""The signed-in person's own notifications (no dossier content; the link opens the record through the policy)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from spalk.access.declare import staff_only
from spalk.core.types import SpalkRequest
from spalk.notifications import services


@require_GET
@login_required
@staff_only("the user's own notifications; they carry no dossier content")
def notification_list(request: SpalkRequest) -> HttpResponse:
    return render(request, "notifications/list.html", {
        "notifications": services.notification_list(user=request.user)})


@require_POST
@login_required
@staff_only("marks the user's own notification read, then follows its link (which checks access itself)")
def notification_open(request: SpalkRequest, notification_id: int) -> HttpResponse:
    notification = services.notification_open(user=request.user, notification_id=notification_id)
    if notification is None:
        raise Http404
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("notifications:list")


@require_POST
@login_required
@staff_only("marks the user's own notifications read")
def notifications_read(request: SpalkRequest) -> HttpResponse:
    services.notifications_mark_all_read(user=request.user)
    return redirect("notifications:list")
