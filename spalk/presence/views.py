"""The nightly presence check (phone-first, a few taps per unit) and a family's presence over recent weeks."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from spalk.access.declare import dossier
from spalk.access.policy import (
    access_family,
    access_presence_centre,
    access_presence_stay,
    can_record_presence,
    presence_centres,
    visible_presence_stays,
)
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_list_read, audit_record
from spalk.centres.models import Centre
from spalk.core.errors import DomainError
from spalk.core.forms import add_domain_error
from spalk.core.params import in_range
from spalk.core.types import SpalkRequest
from spalk.families.selectors import family_members
from spalk.presence import selectors, services
from spalk.presence.forms import LeaveForm, NightForm
from spalk.presence.models import NightStatus

FAMILY_DAYS = 28


def _night(value: str | None) -> datetime.date:
    """The night asked for, never one that has not begun; Http404 for a malformed date in a URL."""
    tonight = selectors.current_night()
    if not value:
        return tonight
    try:
        night = datetime.date.fromisoformat(value)
    except ValueError:
        raise Http404 from None
    if not in_range(night):  # the day before 01/01/0001 does not exist
        raise Http404
    return max(min(night, tonight), datetime.date(2000, 1, 1))


def _check_url(centre_id: int, night: datetime.date) -> str:
    return f"{reverse('presence:check')}?centre={centre_id}&night={night.isoformat()}"


@require_http_methods(["GET"])
@login_required
@dossier
def check(request: SpalkRequest) -> HttpResponse:
    centre = access_presence_centre(user=request.user, centre_id=request.GET.get("centre"))
    night = _night(request.GET.get("night"))
    sheets = selectors.night_sheet(stays=visible_presence_stays(user=request.user), centre_id=centre.pk, night=night)
    audit_list_read(actor=request.user, action=AuditAction.VIEW, object_type="presence.check",
                    query={"centre_id": centre.pk, "night": night.isoformat()}, count=len(sheets),
                    family_ids=[s.family_id for s in sheets])
    return render(request, "presence/check.html", {
        "centre": centre, "centres": Centre.objects.filter(pk__in=presence_centres(user=request.user)),
        "night": night, "tonight": selectors.current_night(), "sheets": sheets,
        "previous": night - datetime.timedelta(days=1), "next": night + datetime.timedelta(days=1),
        "to_do": sum(1 for s in sheets if not s.checked), "form": NightForm(),
    })


@require_POST
@login_required
@dossier
def record(request: SpalkRequest, stay_id: int, night: str) -> HttpResponse:
    stay = access_presence_stay(user=request.user, stay_id=stay_id)
    day = _night(night)
    form = NightForm(request.POST)
    if form.is_valid():
        try:
            services.presence_record(actor=request.user, stay=stay, night=day, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
    if not request.htmx:
        if form.errors:
            messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect(_check_url(stay.allocation.unit.centre_id, day))
    return _unit_answer(request, unit_id=stay.allocation.unit_id, centre_id=stay.allocation.unit.centre_id,
                        night=day, form=form, failed=bool(form.errors), just_recorded=stay.pk)


def _unit_answer(request: SpalkRequest, *, unit_id: int, centre_id: int, night: datetime.date, **context):
    """The unit's card after a tap (its members, checked or not) and, out of band, the count of units still to
    check, so that both say what was just recorded."""
    stays = visible_presence_stays(user=request.user)
    sheets = selectors.night_sheet(stays=stays, centre_id=centre_id, night=night, unit_id=unit_id)
    if not sheets:
        raise Http404
    audit_list_read(actor=request.user, action=AuditAction.VIEW, object_type="presence.check",
                    query={"centre_id": centre_id, "unit_id": unit_id, "night": night.isoformat()}, count=1,
                    family_ids=[sheets[0].family_id])
    context = {"form": NightForm(), **context, "sheet": sheets[0], "night": night}
    to_do = selectors.units_to_check(stays=stays, centre_ids=[centre_id], night=night)
    return HttpResponse(render_to_string("presence/check.html#unit", context, request=request)
                        + render_to_string("presence/check.html#to_do", {"to_do": to_do, "oob": True},
                                           request=request))


@require_POST
@login_required
@dossier
def all_present(request: SpalkRequest, unit_id: int, night: str) -> HttpResponse:
    day = _night(night)
    stays = visible_presence_stays(user=request.user).filter(allocation__unit_id=unit_id)
    centre_id = stays.values_list("allocation__unit__centre_id", flat=True).first()
    if centre_id is None:
        raise Http404
    sheets = selectors.night_sheet(stays=stays, centre_id=centre_id, night=day, unit_id=unit_id)
    if not sheets:
        raise Http404
    error = None
    try:
        services.unit_all_present(actor=request.user, stays=[r.stay for r in sheets[0].rows], night=day)
    except DomainError as exc:
        error = exc.message
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect(_check_url(centre_id, day))
    return _unit_answer(request, unit_id=unit_id, centre_id=centre_id, night=day, error=error,
                        just_checked=error is None)


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def family_presence(request: SpalkRequest, family_id: int) -> HttpResponse:
    family = access_family(user=request.user, family_id=family_id)
    may_record = can_record_presence(user=request.user, family=family)
    members = [m for m in family_members(family=family) if m.role in ("parent", "child")]
    form = LeaveForm(request.POST or None, members=members)
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                rows = services.leave_register(
                    actor=request.user, family=family, members=[m for m in members if m.pk in data["members"]],
                    start=data["start"], end=data["end"], status=data["status"], reason=data["reason"],
                    note=data["note"])
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Saved: %(count)s nights.") % {"count": len(rows)})
                return redirect(reverse("presence:family", args=[family.pk]))
    end = selectors.current_night() + datetime.timedelta(days=1)
    start = end - datetime.timedelta(days=FAMILY_DAYS)
    nights = selectors.person_nights(family=family, start=start, end=end + datetime.timedelta(days=14))
    audit_record(actor=request.user, action=AuditAction.VIEW, target=family, object_type="presence.family")
    return render(request, "presence/family.html", {
        "family": family, "form": form, "may_record": may_record, "grid": selectors.night_grid(
            nights=nights, members=members, start=start, end=end + datetime.timedelta(days=14)),
        "statuses": NightStatus,
    })
