from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from spalk.access.declare import dossier, staff_only
from spalk.access.policy import principal_for
from spalk.accounts.models import Role
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_list_read
from spalk.centres.models import Centre
from spalk.core.forms import DateField
from spalk.home.registry import Urgency, WorkItem, WorkRow, visible_work_items


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


class _SampleForm(forms.Form):
    """Only for the design reference: one field of each kind, bound with errors."""

    name = forms.CharField(label=_("Name"), help_text=_("As on the identity card."), max_length=20)
    birth_date = DateField(label=_("Birth date"), help_text=_("dd/mm/yyyy"))
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("Choose…")), ("parent", _("parent")),
                                                        ("child", _("child"))])
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


@require_GET
@login_required
@staff_only("the design reference: every component rendered from the real templates with invented sample data")
def design_reference(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    if not (principal.roles_by_centre or principal.is_installation_admin):
        raise Http404
    form = _SampleForm(data={"name": "Lotte", "birth_date": "31/02/2026", "role": ""})
    form.is_valid()
    detail = gettext("A second line with details")
    items = [
        WorkItem(key="design.overdue", title=gettext("A card with rows"), url="#cards", count=2,
                 urgency=Urgency.OVERDUE, summary=gettext("An example card with rows."), more=3,
                 rows=(WorkRow(label="Gezin Voorbeeld", url="#cards", detail=detail, badges=("ANK-2026-0001",),
                               urgency=Urgency.OVERDUE),
                       WorkRow(label="Gezin Proef", url="#cards", detail=detail, urgency=Urgency.SOON))),
        WorkItem(key="design.info", title=gettext("A card with a figure"), url="#cards", count=14,
                 count_label=gettext("places"), summary=gettext("An example card with figures only.")),
    ]
    page = Paginator(list(range(1, 101)), 10).get_page(request.GET.get("page") or 3)
    return render(request, "home/design.html", {"form": form, "items": items, "page": page,
                                                "urgencies": list(Urgency)})
