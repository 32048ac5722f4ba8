from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from spalk.access.declare import dossier
from spalk.access.policy import principal_for
from spalk.accounts.models import Role
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_list_read
from spalk.centres.models import Centre
from spalk.home.registry import visible_work_items


@require_GET
@login_required
@dossier
def home(request: HttpRequest) -> HttpResponse:
    """The start screen: the user's roles and the work items every app registered (spalk/home/registry.py)."""
    principal = principal_for(request.user)
    items = visible_work_items(user=request.user)
    family_ids = sorted({pk for item in items for pk in item.family_ids})
    if family_ids:
        audit_list_read(actor=request.user, action=AuditAction.VIEW, object_type="home.work_items",
                        query={"items": [i.key for i in items]}, count=len(family_ids), family_ids=family_ids)
    centres = Centre.objects.filter(pk__in=principal.centre_ids).order_by("name")
    memberships = [
        {"centre": c, "roles": sorted(str(Role(r).label) for r in principal.roles_by_centre.get(c.pk, set()))}
        for c in centres
    ]
    return render(request, "home/home.html", {"memberships": memberships, "principal": principal, "items": items})
