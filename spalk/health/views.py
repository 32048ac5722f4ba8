"""Health screens (Dutch, phone-first): a family's health overview, a person's health page, growth with its
charts, pregnancy and birth, vaccinations, medication with its administration log, entries, allergies and
Gordon's functional health patterns. Parse → policy → selector or service → render."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spalk.access.declare import dossier
from spalk.access.policy import (
    Action,
    HealthAccess,
    access_family,
    access_gordon_assessment,
    access_health_person,
    access_medication,
    access_pregnancy,
    can_edit_health,
    can_log_medication,
    health_families,
    shared_health_families,
)
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.core.forms import form_view
from spalk.core.params import parse_date
from spalk.core.types import SpalkRequest
from spalk.families.selectors import family_members
from spalk.health import chart, forms, selectors, services
from spalk.health.gestation import GestationalAge, gestational_age
from spalk.health.models import GORDON_PATTERNS, ConsultationKind, EntryKind


def person_url(person_id: int) -> str:
    return reverse("health:person", args=[person_id])


@require_GET
@login_required
@dossier
def family_health(request: SpalkRequest, family_id: int) -> HttpResponse:
    """Who of the family has which health records (only what this user may see)."""
    family = access_family(user=request.user, family_id=family_id)
    full = health_families(user=request.user).filter(pk=family.pk).exists()
    if not full and not shared_health_families(user=request.user).filter(pk=family.pk).exists():
        raise PermissionDenied  # the family is visible to them, its health is not (STYLE §2: 403, not 404)
    members = family_members(family=family)
    counts = selectors.family_health(user=request.user, family=family, full=full)
    audit_record(actor=request.user, action=AuditAction.VIEW, target=family, object_type="health.family")
    return render(request, "health/family.html", {
        "family": family, "full": full, "today": timezone.localdate(),
        "rows": [(m, counts.get(m.person_id, {})) for m in members]})


@require_GET
@login_required
@dossier
def person_health(request: SpalkRequest, person_id: int) -> HttpResponse:
    access = access_health_person(user=request.user, person_id=person_id)
    today = timezone.localdate()
    health = selectors.person_health(user=request.user, access=access, today=today)
    audit_record(actor=request.user, action=AuditAction.VIEW, target=access.person, object_type="health.person")
    unborn_age = gestational_age(expected_date=health.unborn_of.expected_date, on=today) if health.unborn_of else None
    ga = health.birth.gestational_age_days if health.birth else None
    return render(request, "health/person.html", {
        "access": access, "person": access.person, "family": access.family, "health": health, "today": today,
        "unborn_age": unborn_age, "may_edit": access.may_edit, "consultation_form": forms.ConsultationForm(),
        "is_parent": selectors.is_parent(access=access),
        "birth_ga": str(GestationalAge(days=ga)) if ga is not None else "",
        "open_doses": [s for s in health.vaccinations if s.status in ("due", "overdue")],
        "active_allergies": [a for a in health.allergies if a.is_active]})


def _growth_context(request: SpalkRequest, access: HealthAccess) -> dict:
    every = selectors.growth_measurements(user=request.user, access=access, include_errors=True)
    measurements = [m for m in every if m.error_at is None]
    birth = selectors.birth_of(user=request.user, access=access)
    ga = birth.gestational_age_days if birth else None
    corrected = request.GET.get("corrected", "1") != "0"
    charts = [chart.build(key=key, sex=access.person.sex, birth_date=access.person.birth_date,
                          measurements=measurements, corrected=corrected, gestational_age_days=ga)
              for key in chart.CHARTS]
    from spalk.health.gestation import is_preterm

    return {"access": access, "person": access.person, "family": access.family, "measurements": measurements,
            "in_error": [m for m in every if m.error_at is not None], "charts": charts, "birth": birth,
            "preterm": is_preterm(ga), "corrected": corrected, "may_edit": access.may_edit}


@require_GET
@login_required
@dossier
def growth(request: SpalkRequest, person_id: int) -> HttpResponse:
    access = access_health_person(user=request.user, person_id=person_id)
    context = _growth_context(request, access)
    audit_record(actor=request.user, action=AuditAction.VIEW, target=access.person,
                 object_type="health.growthmeasurement")
    return render(request, "health/growth.html", {**context, "form": forms.GrowthForm(
        initial={"measured_on": timezone.localdate()})})


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def growth_new(request: SpalkRequest, person_id: int) -> HttpResponse:
    access = access_health_person(user=request.user, person_id=person_id, action=Action.EDIT)
    form = forms.GrowthForm(request.POST or None, initial={"measured_on": timezone.localdate()})

    def data(d) -> services.GrowthInput:
        return services.GrowthInput(measured_on=d["measured_on"], weight_kg=d.get("weight_kg"),
                                    length_cm=d.get("length_cm"), head_circumference_cm=d.get("head_circumference_cm"),
                                    note=d.get("note", ""), shared_with_team=d.get("shared_with_team", False))

    confirm = None
    if request.method == "POST" and form.is_valid() and form.cleaned_data.get("measured_on"):
        previous = selectors.growth_measurements(user=request.user, access=access)
        doubts = services.growth_doubts(person=access.person, data=data(form.cleaned_data), previous=previous)
        if doubts:
            confirm = " ".join([*doubts, _("Is the measurement right?")])
    return form_view(
        request, form, template="health/growth_new.html",
        context=lambda: {"access": access, "person": access.person, "family": access.family,
                         "title": _("Check the measurement")},
        checks=lambda d: services.growth_errors(person=access.person, data=data(d)) if d.get("measured_on") else [],
        confirm=confirm, confirm_button=_("Yes, the measurement is right"),
        save=lambda d: services.growth_measurement_add(actor=request.user, access=access, data=data(d)),
        success=reverse("health:growth", args=[access.person.pk]), message=_("Measurement saved."))


# --- pregnancy and birth ----------------------------------------------------------------------------------------

def _pregnancy_input(d) -> services.PregnancyInput:
    return services.PregnancyInput(expected_date=d["expected_date"], last_period_date=d.get("last_period_date"),
                                   risks=d.get("risks", ""), birth_plan=d.get("birth_plan", ""),
                                   hospital=d.get("hospital", ""), shared_with_team=d.get("shared_with_team", False))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def pregnancy_new(request: SpalkRequest, person_id: int) -> HttpResponse:
    access = access_health_person(user=request.user, person_id=person_id, action=Action.EDIT)
    form = forms.PregnancyForm(request.POST or None)
    return form_view(request, form, template="health/pregnancy_form.html",
                     context={"access": access, "person": access.person, "family": access.family},
                     save=lambda d: services.pregnancy_create(actor=request.user, access=access,
                                                              data=_pregnancy_input(d)),
                     success=lambda p: reverse("health:pregnancy", args=[p.pk]), message=_("Pregnancy recorded."))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def pregnancy(request: SpalkRequest, pregnancy_id: int) -> HttpResponse:
    """The pregnancy: weeks + days today, consultations, risks and birth plan; its editor for those who write."""
    record = access_pregnancy(user=request.user, pregnancy_id=pregnancy_id,
                              action=Action.EDIT if request.method == "POST" else Action.VIEW)
    access = access_health_person(user=request.user, person_id=record.person_id)
    today = timezone.localdate()
    on = parse_date(request.GET.get("on"), today)
    form = forms.PregnancyForm(request.POST or None, initial={
        "expected_date": record.expected_date, "last_period_date": record.last_period_date, "risks": record.risks,
        "birth_plan": record.birth_plan, "hospital": record.hospital, "shared_with_team": record.shared_with_team,
        "version": record.version})
    if request.method == "GET":
        audit_record(actor=request.user, action=AuditAction.VIEW, target=record)
    consultations = selectors.pregnancy_consultations(user=request.user, access=access, pregnancy=record)
    return form_view(
        request, form, template="health/pregnancy.html",
        context=lambda: {"pregnancy": record, "access": access, "person": access.person, "family": access.family,
                         "age_today": gestational_age(expected_date=record.expected_date, on=today),
                         "age_on": gestational_age(expected_date=record.expected_date, on=on), "on": on,
                         "consultations": consultations, "may_edit": access.may_edit,
                         "consultation_form": forms.ConsultationForm(), "today": today},
        save=lambda d: services.pregnancy_update(actor=request.user, pregnancy=record, version=d.get("version") or 0,
                                                 data=_pregnancy_input(d)),
        success=reverse("health:pregnancy", args=[record.pk]), message=_("Pregnancy saved."))


@require_POST
@login_required
@dossier
def consultation_new(request: SpalkRequest, person_id: int) -> HttpResponse:
    """A consultation: prenatal (``pregnancy`` given) or Kind en Gezin."""
    access = access_health_person(user=request.user, person_id=person_id, action=Action.EDIT)
    pregnancy = None
    if request.POST.get("pregnancy"):
        pregnancy = access_pregnancy(user=request.user, pregnancy_id=request.POST["pregnancy"], action=Action.EDIT)
    kind = ConsultationKind.PRENATAL if pregnancy else ConsultationKind.KG
    form = forms.ConsultationForm(request.POST)
    back = reverse("health:pregnancy", args=[pregnancy.pk]) if pregnancy else person_url(access.person.pk)
    return form_view(
        request, form, template="health/record_form.html",
        context={"access": access, "person": access.person, "family": access.family,
                 "title": _("Add a consultation"), "back": back},
        save=lambda d: services.consultation_add(actor=request.user, access=access, kind=kind, pregnancy=pregnancy,
                                                 data=services.ConsultationInput(
                                                     held_on=d["held_on"], with_whom=d.get("with_whom", ""),
                                                     notes=d.get("notes", ""), next_on=d.get("next_on"),
                                                     shared_with_team=d.get("shared_with_team", False))),
        success=back, message=_("Consultation saved."))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def birth_new(request: SpalkRequest, pregnancy_id: int) -> HttpResponse:
    record = access_pregnancy(user=request.user, pregnancy_id=pregnancy_id, action=Action.EDIT)
    form = forms.BirthForm(request.POST or None, initial={"born_on": timezone.localdate()})

    def save(d):
        return services.birth_record(actor=request.user, pregnancy=record, data=services.BirthInput(
            born_on=d["born_on"], sex=d["sex"], first_name=d.get("first_name", ""), weight_kg=d.get("weight_kg"),
            length_cm=d.get("length_cm"), head_circumference_cm=d.get("head_circumference_cm"),
            gestational_weeks=d.get("gestational_weeks"), gestational_days=d.get("gestational_days") or 0,
            place=d.get("place", ""), notes=d.get("notes", "")))

    return form_view(request, form, template="health/record_form.html",
                     context={"pregnancy": record, "person": record.person, "family": record.family,
                              "title": _("Record the birth"), "back": reverse("health:pregnancy", args=[record.pk]),
                              "button": _("Record the birth")},
                     save=save, success=lambda b: reverse("health:person", args=[b.person_id]),
                     message=_("Birth recorded. The child now has its own health page."))


# --- vaccinations, entries, allergies ---------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@login_required
@dossier
def vaccinations(request: SpalkRequest, person_id: int) -> HttpResponse:
    access = access_health_person(user=request.user, person_id=person_id,
                                  action=Action.EDIT if request.method == "POST" else Action.VIEW)
    today = timezone.localdate()
    form = forms.VaccinationForm(request.POST or None, initial={"given_on": today,
                                                                  "vaccine": request.GET.get("vaccine", ""),
                                                                  "dose_number": request.GET.get("dose", "")})
    if request.method == "GET":
        audit_record(actor=request.user, action=AuditAction.VIEW, target=access.person,
                     object_type="health.vaccinationdose")
    from spalk.health.schedule import SCHEDULES, SOURCES

    return form_view(
        request, form, template="health/vaccinations.html",
        context=lambda: {"access": access, "person": access.person, "family": access.family,
                         "statuses": selectors.vaccination_status(user=request.user, access=access, today=today),
                         "may_edit": access.may_edit, "sources": SOURCES, "schedule": SCHEDULES[-1]},
        save=lambda d: services.vaccination_add(actor=request.user, access=access, data=services.VaccinationInput(
            vaccine=d["vaccine"], dose_number=d["dose_number"], given_on=d["given_on"], product=d.get("product", ""),
            batch=d.get("batch", ""), given_by=d.get("given_by", ""),
            shared_with_team=d.get("shared_with_team", False))),
        success=reverse("health:vaccinations", args=[access.person.pk]), message=_("Vaccination saved."))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def entry_new(request: SpalkRequest, person_id: int) -> HttpResponse:
    access = access_health_person(user=request.user, person_id=person_id, action=Action.EDIT)
    kind = request.GET.get("kind", "")
    form = forms.EntryForm(request.POST or None, initial={"noted_on": timezone.localdate(),
                                                          "kind": kind if kind in EntryKind.values else ""})
    return form_view(
        request, form, template="health/record_form.html",
        context={"access": access, "person": access.person, "family": access.family,
                 "title": _("Add a health entry"), "back": person_url(access.person.pk)},
        save=lambda d: services.entry_add(actor=request.user, access=access, kind=d["kind"], noted_on=d["noted_on"],
                                          topic=d["topic"], text=d.get("text", ""),
                                          shared_with_team=d.get("shared_with_team", False)),
        success=person_url(access.person.pk), message=_("Entry saved."))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def allergy_new(request: SpalkRequest, person_id: int) -> HttpResponse:
    access = access_health_person(user=request.user, person_id=person_id, action=Action.EDIT)
    form = forms.AllergyForm(request.POST or None)
    return form_view(
        request, form, template="health/record_form.html",
        context={"access": access, "person": access.person, "family": access.family,
                 "title": _("Add an allergy"), "back": person_url(access.person.pk)},
        save=lambda d: services.allergy_add(actor=request.user, access=access, substance=d["substance"],
                                            reaction=d.get("reaction", ""), severity=d["severity"],
                                            noted_on=d.get("noted_on"),
                                            shared_with_team=d.get("shared_with_team", False)),
        success=person_url(access.person.pk), message=_("Allergy saved."))


# --- medication -------------------------------------------------------------------------------------------------

def _medication_input(d) -> services.MedicationInput:
    return services.MedicationInput(name=d["name"], dose=d["dose"], start_on=d["start_on"], route=d.get("route", ""),
                                    times=d.get("times", ""), end_on=d.get("end_on"),
                                    prescribed_by=d.get("prescribed_by", ""), instructions=d.get("instructions", ""),
                                    shared_with_team=d.get("shared_with_team", False))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def medication_new(request: SpalkRequest, person_id: int) -> HttpResponse:
    access = access_health_person(user=request.user, person_id=person_id, action=Action.EDIT)
    form = forms.MedicationForm(request.POST or None, initial={"start_on": timezone.localdate(),
                                                               "shared_with_team": True})
    return form_view(
        request, form, template="health/record_form.html",
        context={"access": access, "person": access.person, "family": access.family,
                 "title": _("Add a medication"), "back": person_url(access.person.pk)},
        save=lambda d: services.medication_add(actor=request.user, access=access, data=_medication_input(d)),
        success=lambda m: reverse("health:medication", args=[m.pk]), message=_("Medication saved."))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def medication(request: SpalkRequest, medication_id: int) -> HttpResponse:
    """A medication, today's doses with who gave them, the log; logging a dose (POST)."""
    record = access_medication(user=request.user, medication_id=medication_id)
    may_log = can_log_medication(user=request.user, medication=record)
    now = timezone.now()
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    if request.method == "POST":
        if not may_log:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        form = forms.AdministrationForm(request.POST)
        return form_view(
            request, form, template="health/medication.html",
            context=lambda: _medication_context(request, record, start, may_log),
            save=lambda d: services.administration_log(
                actor=request.user, medication=record, status=d["status"], given_at=now,
                scheduled_for=parse_datetime(d["scheduled_for"]) if d.get("scheduled_for") else None,
                note=d.get("note", "")),
            success=reverse("health:medication", args=[record.pk]), message=_("Dose logged."))
    audit_record(actor=request.user, action=AuditAction.VIEW, target=record)
    return render(request, "health/medication.html", {**_medication_context(request, record, start, may_log),
                                                      "form": forms.AdministrationForm()})


def _medication_context(request: SpalkRequest, record, start, may_log) -> dict:
    end = start + datetime.timedelta(days=1)
    return {"medication": record, "person": record.person, "family": record.family, "may_log": may_log,
            "may_edit": not record.error_at and can_edit_health(user=request.user, family=record.family),
            "doses": selectors.doses_between(user=request.user, medications=[record], start=start, end=end),
            "log": selectors.medication_log(user=request.user, medication=record), "now": timezone.now()}


# --- Gordon -----------------------------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@login_required
@dossier
def gordon_new(request: SpalkRequest, person_id: int) -> HttpResponse:
    access = access_health_person(user=request.user, person_id=person_id, action=Action.EDIT)
    form = forms.GordonForm(request.POST or None, initial={"assessed_on": timezone.localdate()})
    return form_view(
        request, form, template="health/gordon_form.html",
        context={"access": access, "person": access.person, "family": access.family, "patterns": GORDON_PATTERNS},
        save=lambda d: services.gordon_save(actor=request.user, access=access, assessed_on=d["assessed_on"],
                                            answers=form.answers(), summary=d.get("summary", ""),
                                            shared_with_team=d.get("shared_with_team", False)),
        success=lambda a: reverse("health:gordon", args=[a.pk]), message=_("Assessment saved."))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def gordon(request: SpalkRequest, assessment_id: int) -> HttpResponse:
    record = access_gordon_assessment(user=request.user, assessment_id=assessment_id,
                                      action=Action.EDIT if request.method == "POST" else Action.VIEW)
    access = access_health_person(user=request.user, person_id=record.person_id)
    initial = {"assessed_on": record.assessed_on, "summary": record.summary, "version": record.version,
               "shared_with_team": record.shared_with_team}
    for code, _label, observation, concern in record.pattern_rows():
        initial[code], initial[f"{code}_concern"] = observation, concern
    form = forms.GordonForm(request.POST or None, initial=initial)
    if request.method == "GET":
        audit_record(actor=request.user, action=AuditAction.VIEW, target=record)
    return form_view(
        request, form, template="health/gordon.html",
        context={"assessment": record, "access": access, "person": access.person, "family": access.family,
                 "may_edit": access.may_edit, "patterns": GORDON_PATTERNS},
        save=lambda d: services.gordon_save(actor=request.user, access=access, assessed_on=d["assessed_on"],
                                            answers=form.answers(), summary=d.get("summary", ""),
                                            shared_with_team=d.get("shared_with_team", False), assessment=record,
                                            version=d.get("version") or 0),
        success=reverse("health:gordon", args=[record.pk]), message=_("Assessment saved."))


# --- printable summary ------------------------------------------------------------------------------------------

@require_GET
@login_required
@dossier
def summary_pdf(request: SpalkRequest, person_id: int) -> HttpResponse:
    access = access_health_person(user=request.user, person_id=person_id)
    from spalk.health.pdf import health_summary_pdf

    today = timezone.localdate()
    health = selectors.person_health(user=request.user, access=access, today=today)
    data = health_summary_pdf(request=request, health=health, today=today)
    audit_record(actor=request.user, action=AuditAction.PRINT, target=access.person, object_type="health.summary")
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="gezondheid-{access.person.pk}.pdf"'
    return response
