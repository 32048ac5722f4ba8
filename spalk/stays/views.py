"""Units, the planning board, occupancy and the centre dashboard: centre data, for staff of the centre."""

from __future__ import annotations

import datetime

from allauth.account.decorators import reauthentication_required
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from spalk.access.declare import dossier, staff_only
from spalk.access.policy import access_stay_centre, access_unit, stay_centres, visible_families, visible_units
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.centres.models import Centre
from spalk.core.exports import csv_writer
from spalk.core.forms import form_view
from spalk.core.params import parse_date, parse_month
from spalk.stays import occupancy, selectors, services
from spalk.stays.forms import OutOfServiceForm, UnitEditForm, UnitForm
from spalk.trajectories import services as trajectory_services
from spalk.trajectories.selectors import crisis_stays_to_watch, families_without_supporter, settings_editable_centres

BOARD_DAYS = 14


def _centres(request) -> list[Centre]:
    return list(Centre.objects.filter(pk__in=stay_centres(user=request.user)))


@require_GET
@login_required
@dossier
def board(request: HttpRequest) -> HttpResponse:
    centre = access_stay_centre(user=request.user, centre_id=request.GET.get("centre"))
    today = timezone.localdate()
    start = parse_date(request.GET.get("start"), today - datetime.timedelta(days=today.weekday()))
    visible_ids = set(visible_families(user=request.user).filter(centre=centre, allocations__isnull=False)
                      .values_list("pk", flat=True))
    dates, rows = selectors.board(centre_id=centre.pk, start=start, days=BOARD_DAYS, visible_family_ids=visible_ids,
                                  today=today)
    audit_record(actor=request.user, action=AuditAction.VIEW, object_type="stays.board",
                 extra={"centre_id": centre.pk, "start": start.isoformat()})
    return render(request, "stays/board.html", {
        "centre": centre, "centres": _centres(request), "dates": dates, "rows": rows, "today": today,
        "board_days": selectors.board_days(dates=dates, rows=rows),
        "previous": start - datetime.timedelta(days=7), "next": start + datetime.timedelta(days=7),
        "day": occupancy.occupancy(centre_id=centre.pk, start=today, end=today + datetime.timedelta(days=1)).days[0],
    })


@require_GET
@login_required
@dossier
def dashboard(request: HttpRequest) -> HttpResponse:
    centre = access_stay_centre(user=request.user, centre_id=request.GET.get("centre"))
    today = timezone.localdate()
    week_start = today - datetime.timedelta(days=today.weekday())
    families = visible_families(user=request.user)
    visible_ids = set(families.filter(centre=centre).values_list("pk", flat=True))
    arrivals, departures = selectors.week_movements(centre_id=centre.pk, week_start=week_start,
                                                    visible_family_ids=visible_ids)
    without_to = list(families_without_supporter(families=families, centre_id=centre.pk, today=today)[:100])
    rules = trajectory_services.settings_for(centre.pk)
    crisis = crisis_stays_to_watch(families=families, centre_id=centre.pk, today=today,
                                   maximum=rules.crisis_max_days, margin=rules.crisis_warning_days)
    family_ids = sorted({f.pk for f in without_to} | {c.episode.trajectory.family_id for c in crisis})
    audit_record(actor=request.user, action=AuditAction.VIEW, object_type="stays.dashboard",
                 extra={"centre_id": centre.pk, "family_ids": family_ids})
    return render(request, "stays/dashboard.html", {
        "centre": centre, "centres": _centres(request), "today": today, "week_start": week_start,
        "day": occupancy.occupancy(centre_id=centre.pk, start=today, end=today + datetime.timedelta(days=1)).days[0],
        "arrivals": arrivals, "departures": departures, "without_to": without_to,
        "crisis": crisis, "rules": rules,
        "can_edit_settings": centre.pk in settings_editable_centres(user=request.user),
    })


@require_GET
@login_required
@staff_only("aggregated occupancy of the user's own centres; no dossier content")
def occupancy_report(request: HttpRequest) -> HttpResponse:
    centre = access_stay_centre(user=request.user, centre_id=request.GET.get("centre"))
    today = timezone.localdate()
    year, month = parse_month(request.GET.get("month"), today)
    report = occupancy.month_occupancy(centre_id=centre.pk, year=year, month=month)
    first = datetime.date(year, month, 1)
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    return render(request, "stays/occupancy.html", {
        "centre": centre, "centres": _centres(request), "report": report, "month": f"{year:04d}-{month:02d}",
        "first": first, "previous": f"{previous:%Y-%m}", "next": f"{report.end:%Y-%m}",
        "chart": occupancy.chart_svg_data(report),
    })


@require_GET
@login_required
@reauthentication_required
@staff_only("aggregated occupancy of the user's own centres; re-authenticated and audited as an export")
def occupancy_csv(request: HttpRequest) -> HttpResponse:
    centre = access_stay_centre(user=request.user, centre_id=request.GET.get("centre"))
    year, month = parse_month(request.GET.get("month"), timezone.localdate())
    report = occupancy.month_occupancy(centre_id=centre.pk, year=year, month=month)
    audit_record(actor=request.user, action=AuditAction.EXPORT, object_type="stays.occupancy",
                 extra={"centre_id": centre.pk, "month": f"{year:04d}-{month:02d}"})
    response = HttpResponse(content_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="bezetting-{centre.short_name}-{year:04d}-{month:02d}.csv"'})
    response.write("\ufeff")
    writer = csv_writer(response)
    writer.writerow(["datum", "personen", "waarvan_ongeboren", "gezinnen", "eenheden_bezet", "eenheden_vrij",
                     "eenheden_buiten_gebruik", "plaatsen_in_gebruik", "plaatsen_vrij", "bezetting_pct",
                     "aanwezig", "verlof", "afwezig", "niet_gecontroleerd"])
    for d in report.days:
        writer.writerow([d.day.strftime("%d/%m/%Y"), d.persons, d.unborn, d.families, d.units_occupied, d.units_free,
                         d.units_out_of_service, d.beds_in_service, d.beds_free, str(d.rate).replace(".", ","),
                         d.present, d.on_leave, d.absent, d.unchecked])
    writer.writerow(["totaal", report.person_nights, report.unborn_nights, report.families, "", "", "",
                     report.bed_nights, "", str(report.rate).replace(".", ","), report.present_nights,
                     report.leave_nights, report.absent_nights, report.unchecked_nights])
    return response


@require_http_methods(["GET", "POST"])
@login_required
@staff_only("units of the user's own centres; creating one needs team lead or director")
def units(request: HttpRequest) -> HttpResponse:
    centre = access_stay_centre(user=request.user, centre_id=request.GET.get("centre"))
    can_manage = centre.pk in stay_centres(user=request.user, manage=True)
    form = UnitForm(request.POST or None)
    if request.method == "POST":
        centre = access_stay_centre(user=request.user, centre_id=centre.pk, manage=True)
    return form_view(
        request, form, save=lambda d: services.unit_create(actor=request.user, centre=centre, data=d),
        success=f"{request.path}?centre={centre.pk}", message=_("Unit added."), template="stays/units.html",
        context=lambda: {"centre": centre, "centres": _centres(request), "can_manage": can_manage,
                         "units": selectors.unit_list(units=visible_units(user=request.user).filter(centre=centre),
                                                      today=timezone.localdate())})


@require_http_methods(["GET", "POST"])
@login_required
@staff_only("out-of-service periods of a unit of the user's own centres (team lead or director)")
def out_of_service(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = access_unit(user=request.user, unit_id=unit_id, manage=True)
    form = OutOfServiceForm(request.POST or None)
    return form_view(request, form, save=lambda d: services.out_of_service_add(actor=request.user, unit=unit, **d),
                     success=f"{reverse('stays:units')}?centre={unit.centre_id}", message=_("Saved."),
                     template="stays/out_of_service.html", context={"unit": unit})


@require_http_methods(["GET", "POST"])
@login_required
@staff_only("a unit of the user's own centres (team lead or director); no dossier data")
def unit_edit(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = access_unit(user=request.user, unit_id=unit_id, manage=True)
    form = UnitEditForm(request.POST or None, instance=unit if request.method == "GET" else None,
                        initial={"version": unit.version})
    return form_view(
        request, form, save=lambda d: services.unit_update(
            actor=request.user, unit=unit, data={k: v for k, v in d.items() if k != "version"},
            version=d.get("version") or 0),
        success=f"{reverse('stays:units')}?centre={unit.centre_id}", message=_("Changes saved."),
        template="stays/unit_edit.html", context={"unit": unit})
