"""Day and week views of the agenda, appointment forms, and the worker's secret calendar feed."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spalk.access.declare import dossier, public, staff_only
from spalk.access.policy import Action, access_appointment, access_family, visible_appointments
from spalk.agenda import ical, selectors, services
from spalk.agenda.forms import AppointmentForm
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_list_read, audit_record
from spalk.core.errors import DomainError
from spalk.core.forms import form_view

FEED_DAYS_BACK, FEED_DAYS_AHEAD = 30, 180


EARLIEST, LATEST = datetime.date(2000, 1, 1), datetime.date(2099, 12, 31)


def _day(value: str | None) -> datetime.date:
    """The day asked for, within the years the agenda can show (a junk date gives today)."""
    try:
        day = datetime.date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        return timezone.localdate()
    return min(max(day, EARLIEST), LATEST)


def _listing(request: HttpRequest, *, start: datetime.date, days: int, view: str) -> HttpResponse:
    mine = request.GET.get("mine") == "1"
    items = selectors.appointment_list(appointments=visible_appointments(user=request.user), start=start,
                                       end=start + datetime.timedelta(days=days), user=request.user if mine else None)
    audit_list_read(actor=request.user, action=AuditAction.VIEW, object_type="agenda.appointment",
                    query={"start": start.isoformat(), "days": days, "mine": mine}, count=len(items),
                    family_ids=sorted({a.family_id for a in items}))
    step = datetime.timedelta(days=days)
    return render(request, f"agenda/{view}.html", {
        "start": start, "days": selectors.by_day(items, start, days), "mine": mine, "today": timezone.localdate(),
        "previous": start - step, "next": start + step, "count": len(items)})


@require_GET
@login_required
@dossier
def day(request: HttpRequest) -> HttpResponse:
    return _listing(request, start=_day(request.GET.get("day")), days=1, view="day")


@require_GET
@login_required
@dossier
def week(request: HttpRequest) -> HttpResponse:
    start = _day(request.GET.get("start"))
    return _listing(request, start=start - datetime.timedelta(days=start.weekday()), days=7, view="week")


@require_GET
@login_required
@dossier
def detail(request: HttpRequest, appointment_id: int) -> HttpResponse:
    appointment = access_appointment(user=request.user, appointment_id=appointment_id)
    audit_record(actor=request.user, action=AuditAction.VIEW, target=appointment, family=appointment.family)
    return render(request, "agenda/detail.html", {"appointment": appointment, "persons": appointment.persons.all(),
                                                  "staff": appointment.staff.all()})


def _form(request: HttpRequest, family, instance=None) -> AppointmentForm:
    initial = {"version": instance.version} if instance else {}
    return AppointmentForm(request.POST or None, instance=instance if request.method == "GET" else None,
                           initial=initial, persons=selectors.family_persons(family=family),
                           staff=selectors.centre_staff(centre_id=family.centre_id))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def create(request: HttpRequest, family_id: int) -> HttpResponse:
    family = access_family(user=request.user, family_id=family_id, action=Action.EDIT)
    return form_view(
        request, _form(request, family), template="agenda/form.html", context={"family": family},
        save=lambda data: services.appointment_create(actor=request.user, family=family, data=data),
        success=lambda a: reverse("agenda:detail", args=[a.pk]), message=_("Appointment saved."))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def edit(request: HttpRequest, appointment_id: int) -> HttpResponse:
    appointment = access_appointment(user=request.user, appointment_id=appointment_id, action=Action.EDIT)
    return form_view(
        request, _form(request, appointment.family, appointment), template="agenda/form.html",
        context={"family": appointment.family, "appointment": appointment},
        save=lambda data: services.appointment_update(
            actor=request.user, appointment=appointment, version=data.get("version") or 0,
            data={k: v for k, v in data.items() if k != "version"}),
        success=lambda a: reverse("agenda:detail", args=[a.pk]), message=_("Changes saved."))


@require_POST
@login_required
@dossier
def cancel(request: HttpRequest, appointment_id: int) -> HttpResponse:
    appointment = access_appointment(user=request.user, appointment_id=appointment_id, action=Action.EDIT)
    try:
        services.appointment_cancel(actor=request.user, appointment=appointment)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Appointment cancelled."))
    return redirect(reverse("agenda:detail", args=[appointment.pk]))


@require_http_methods(["GET", "POST"])
@login_required
@staff_only("the user's own calendar feed address; no dossier data")
def feed_settings(request: HttpRequest) -> HttpResponse:
    raw = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.feed_revoke(actor=request.user)
            messages.success(request, _("The calendar address no longer works."))
            return redirect(reverse("agenda:feed_settings"))
        _feed, raw = services.feed_create(actor=request.user)
    url = request.build_absolute_uri(reverse("agenda:feed", args=[raw])) if raw else ""
    return render(request, "agenda/feed_settings.html", {"feed": selectors.active_feed(user=request.user),
                                                         "url": url})


@require_GET
@never_cache
@public("a worker's calendar app has no session: the secret token in the URL is the key; the feed holds "
        "only times and initials, only the worker's own appointments through the policy, and every read is audited")
def feed(request: HttpRequest, token: str) -> HttpResponse:
    calendar = selectors.feed_for_token(token)
    if calendar is None or not calendar.user.is_active:
        raise Http404
    user = calendar.user
    today = timezone.localdate()
    items = selectors.appointment_list(appointments=visible_appointments(user=user),
                                       start=today - datetime.timedelta(days=FEED_DAYS_BACK),
                                       end=today + datetime.timedelta(days=FEED_DAYS_AHEAD), user=user)
    services.feed_used(feed=calendar)
    audit_list_read(actor=user, action=AuditAction.VIEW, object_type="agenda.feed",
                    query={"feed": calendar.prefix}, count=len(items), family_ids=sorted({a.family_id for a in items}))
    body = ical.feed_calendar(appointments=items, base_url=request.build_absolute_uri("/").rstrip("/"))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8",
                        headers={"Content-Disposition": 'inline; filename="spalk.ics"'})
