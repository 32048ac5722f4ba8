from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from spalk.access.declare import dossier
from spalk.access.policy import (
    Action,
    access_family,
    access_person,
    allowed_actions,
    can_break_glass,
    can_close_trajectory,
    can_see_health,
    creatable_centres,
    visible_families,
)
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_list_read, audit_record
from spalk.centres.models import Centre
from spalk.core.forms import form_view
from spalk.core.types import SpalkRequest
from spalk.families import selectors, services
from spalk.families.forms import FamilyCreateForm, FamilyForm, MemberForm, PersonFields
from spalk.families.history import family_history
from spalk.finance.selectors import family_section as finance_family_section
from spalk.network.selectors import network_family_section
from spalk.safety.selectors import family_safety_header
from spalk.trajectories.selectors import family_page_header, family_section


@require_GET
@login_required
@dossier
def family_list(request: SpalkRequest) -> HttpResponse:
    search = request.GET.get("q", "")[:100]
    families = selectors.family_list(families=visible_families(user=request.user), search=search)
    page = Paginator(families, 50).get_page(request.GET.get("page"))
    audit_list_read(actor=request.user, action=AuditAction.SEARCH if search else AuditAction.VIEW,
                    object_type="families.family", query={"q": search, "page": page.number},
                    count=page.paginator.count, family_ids=[f.pk for f in page])
    template = "families/list.html#results" if request.htmx else "families/list.html"
    return render(request, template, {"page": page, "search": search,
                                      "can_create": bool(creatable_centres(user=request.user)),
                                      "can_break_glass": can_break_glass(user=request.user)})


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def family_create(request: SpalkRequest) -> HttpResponse:
    centres = list(Centre.objects.filter(pk__in=creatable_centres(user=request.user)))
    if not centres:
        raise Http404
    form = FamilyCreateForm(request.POST or None, centres=centres)
    return form_view(
        request, form, save=lambda d: services.family_create(
            actor=request.user, centre=next(c for c in centres if c.pk == d["centre"]), data=d),
        success=lambda family: _family_url(family.pk), template="families/create.html",
        message=lambda family: _("Family %(name)s created.") % {"name": family.name})


def _family_url(family_id: int) -> str:
    return reverse("families:detail", kwargs={"family_id": family_id})


@require_GET
@login_required
@dossier
def family_detail(request: SpalkRequest, family_id: int) -> HttpResponse:
    family = access_family(user=request.user, family_id=family_id)
    members = selectors.family_members(family=family)
    today = timezone.localdate()
    safety = family_safety_header(user=request.user, family=family, today=today)
    actions = allowed_actions(user=request.user, family=family)
    trajectory_section = family_section(family=family, can_edit=Action.EDIT in actions, today=today,
                                        can_close=can_close_trajectory(user=request.user, family=family))
    header = family_page_header(family=family, members=members, today=today,
                                trajectories=trajectory_section["trajectories"])
    audit_record(actor=request.user, action=AuditAction.VIEW, target=family)
    return render(request, "families/detail.html", {
        "family": family, "members": members, "actions": actions, "Action": Action, "header": header,
        "safety": safety, "trajectory_section": trajectory_section,
        "sees_health": can_see_health(user=request.user, family=family),
        "finance_section": finance_family_section(user=request.user, family=family, today=today),
        "network_section": network_family_section(user=request.user, family=family, today=today),
    })


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def family_edit(request: SpalkRequest, family_id: int) -> HttpResponse:
    family = access_family(user=request.user, family_id=family_id, action=Action.EDIT)
    form = FamilyForm(request.POST or None, instance=family if request.method == "GET" else None,
                      initial={"version": family.version})
    return form_view(
        request, form, save=lambda d: services.family_update(actor=request.user, family=family, data=d,
                                                            version=d.get("version") or 0),
        success=_family_url(family.pk), message=_("Changes saved."), template="families/edit.html",
        context={"family": family})


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def member_add(request: SpalkRequest, family_id: int) -> HttpResponse:
    family = access_family(user=request.user, family_id=family_id, action=Action.EDIT)
    form = MemberForm(request.POST or None)
    return form_view(
        request, form, save=lambda d: services.member_add(
            actor=request.user, family=family, person_data=d, role=d["role"], relation=d.get("relation", ""),
            pregnant=d.get("pregnant", False)),
        success=_family_url(family.pk), message=_("Member added."), template="families/member_add.html",
        context={"family": family})


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def person_edit(request: SpalkRequest, family_id: int, person_id: int) -> HttpResponse:
    family = access_family(user=request.user, family_id=family_id, action=Action.EDIT)
    person = access_person(user=request.user, person_id=person_id, action=Action.EDIT)
    member = next((m for m in selectors.family_members(family=family) if m.person_id == person.pk), None)
    if member is None:
        raise Http404
    initial = {k: getattr(person, k) for k in services.PERSON_FIELDS}
    initial["version"] = person.version
    form = PersonFields(request.POST or None, initial=initial)

    def page() -> dict:
        audit_record(actor=request.user, action=AuditAction.VIEW, target=person, family=family)
        return {"family": family, "person": person, "member": member}

    return form_view(
        request, form, save=lambda d: services.person_update(
            actor=request.user, person=person, data=d, version=d.get("version") or 0, family=family,
            role=member.role),
        success=_family_url(family.pk), message=_("Changes saved."), template="families/person_edit.html",
        context=page)


@require_GET
@login_required
@dossier
def family_history_view(request: SpalkRequest, family_id: int) -> HttpResponse:
    family = access_family(user=request.user, family_id=family_id)
    changes = family_history(family=family)
    audit_record(actor=request.user, action=AuditAction.VIEW, target=family, extra={"page": "history"})
    return render(request, "families/history.html", {"family": family, "changes": changes})
