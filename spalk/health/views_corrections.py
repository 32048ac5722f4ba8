"""Correction screens of health (issue 13): entered in error (every kind, one view), the shared withholding mark,
changing and stopping a medication, ending an allergy; and the development milestones. Nothing is deleted.
Parse → policy → service → render, through ``form_view`` (error summary, kept input, optimistic locking)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from spalk.access.declare import dossier
from spalk.access.policy import (
    Action,
    access_health_person,
    access_health_record,
    access_medication,
    access_medication_administration,
)
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.core.forms import form_view
from spalk.core.types import SpalkRequest
from spalk.health import corrections, forms, selectors, services
from spalk.health.models import Allergy, GrowthMeasurement, Medication, MedicationAdministration


def _record(request: SpalkRequest, kind: str, ids: dict, action: Action):
    spec = corrections.KINDS.get(kind)
    if spec is None or spec.kwarg not in ids:
        raise Http404
    if spec.model is MedicationAdministration:
        return spec, access_medication_administration(user=request.user, administration_id=ids[spec.kwarg],
                                                      action=action)
    select = ("milestone",) if spec.slug == "milestones" else ()
    return spec, access_health_record(spec.model, user=request.user, record_id=ids[spec.kwarg], action=action,
                                      select=select)


def back_url(record) -> str:
    """Where a correction returns to: the page that lists the record."""
    if isinstance(record, GrowthMeasurement):
        return reverse("health:growth", args=[record.person_id])
    if isinstance(record, MedicationAdministration):
        return reverse("health:medication", args=[record.medication_id])
    if isinstance(record, Medication):
        return reverse("health:medication", args=[record.pk])
    if record._meta.model_name == "milestoneobservation":
        return reverse("health:milestones", args=[record.person_id])
    if record._meta.model_name == "gordonassessment":
        return reverse("health:gordon", args=[record.pk])
    return reverse("health:person", args=[record.person_id])


def _context(record, spec, title: str) -> dict:
    return {"record": record, "kind": spec, "description": corrections.describe(record), "title": title,
            "person": record.person, "family": record.family, "back": back_url(record)}


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def record_error(request: SpalkRequest, kind: str, **ids) -> HttpResponse:
    """Mark one record of any kind as entered in error, with the reason (never a deletion)."""
    spec, record = _record(request, kind, ids, Action.EDIT)
    form = forms.ErrorForm(request.POST or None, initial={"version": getattr(record, "version", None)})
    if request.method == "GET":
        audit_record(actor=request.user, action=AuditAction.VIEW, target=record)
    return form_view(
        request, form, template="health/record_error.html",
        context=lambda: _context(record, spec, _("Entered in error")),
        save=lambda d: corrections.record_mark_error(actor=request.user, record=record, reason=d["reason"],
                                                     version=d.get("version")),
        confirm=_("Mark this as entered in error? It stays in the history, but no longer counts."),
        success=back_url(record), message=_("Marked as entered in error. It stays in the history."))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def record_withhold(request: SpalkRequest, kind: str, **ids) -> HttpResponse:
    """Withhold a health record from the family (or stop withholding it), with the reason the law allows."""
    spec, record = _record(request, kind, ids, Action.EDIT)
    if not spec.withholdable:
        raise Http404
    form = forms.WithholdForm(request.POST or None, initial={
        "withheld": record.withheld_from_family, "withheld_reason": record.withheld_reason,
        "version": record.version})
    if request.method == "GET":
        audit_record(actor=request.user, action=AuditAction.VIEW, target=record)
    return form_view(
        request, form, template="health/record_withhold.html",
        context=lambda: _context(record, spec, _("Withhold from the family")),
        save=lambda d: corrections.record_withhold(actor=request.user, record=record, version=d["version"],
                                                   withheld=bool(d.get("withheld")),
                                                   reason=d.get("withheld_reason") or ""),
        success=back_url(record),
        message=lambda r: _("Withheld from the family.") if r.withheld_from_family
        else _("The family may see this again."))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def medication_edit(request: SpalkRequest, medication_id: int) -> HttpResponse:
    """Change a medication: dose, times of the day, period, instructions (the earlier values stay in history)."""
    record = access_medication(user=request.user, medication_id=medication_id, action=Action.EDIT)
    form = forms.MedicationForm(request.POST or None, initial={
        "name": record.name, "dose": record.dose, "route": record.route, "times": record.times,
        "start_on": record.start_on, "end_on": record.end_on, "prescribed_by": record.prescribed_by,
        "instructions": record.instructions, "shared_with_team": record.shared_with_team, "version": record.version})
    if request.method == "GET":
        audit_record(actor=request.user, action=AuditAction.VIEW, target=record)
    from spalk.health.views import _medication_input

    return form_view(
        request, form, template="health/record_form.html",
        context={"person": record.person, "family": record.family, "title": _("Change the medication"),
                 "back": reverse("health:medication", args=[record.pk])},
        save=lambda d: services.medication_update(actor=request.user, medication=record,
                                                  version=d.get("version") or 0, data=_medication_input(d)),
        success=reverse("health:medication", args=[record.pk]), message=_("Medication changed."))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def medication_stop(request: SpalkRequest, medication_id: int) -> HttpResponse:
    record = access_medication(user=request.user, medication_id=medication_id, action=Action.EDIT)
    form = forms.MedicationStopForm(request.POST or None, initial={"end_on": timezone.localdate(),
                                                                   "version": record.version})
    if request.method == "GET":
        audit_record(actor=request.user, action=AuditAction.VIEW, target=record)
    return form_view(
        request, form, template="health/record_form.html",
        context={"person": record.person, "family": record.family,
                 "title": _("Stop %(name)s") % {"name": record.name},
                 "back": reverse("health:medication", args=[record.pk]), "button": _("Stop the medication")},
        save=lambda d: corrections.medication_stop(actor=request.user, medication=record, version=d["version"],
                                                   end_on=d["end_on"]),
        success=reverse("health:medication", args=[record.pk]), message=_("Medication stopped."))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def allergy_end(request: SpalkRequest, allergy_id: int) -> HttpResponse:
    record = access_health_record(Allergy, user=request.user, record_id=allergy_id, action=Action.EDIT)
    form = forms.AllergyEndForm(request.POST or None, initial={"resolved_on": timezone.localdate(),
                                                               "version": record.version})
    if request.method == "GET":
        audit_record(actor=request.user, action=AuditAction.VIEW, target=record)
    return form_view(
        request, form, template="health/record_form.html",
        context={"person": record.person, "family": record.family,
                 "title": _("End the allergy to %(substance)s") % {"substance": record.substance},
                 "back": reverse("health:person", args=[record.person_id]), "button": _("The allergy has ended")},
        save=lambda d: corrections.allergy_end(actor=request.user, allergy=record, version=d["version"],
                                               resolved_on=d["resolved_on"]),
        success=reverse("health:person", args=[record.person_id]), message=_("The allergy is marked as ended."))


# --- development milestones -------------------------------------------------------------------------------------

def _milestone_input(d) -> services.MilestoneInput:
    return services.MilestoneInput(milestone_id=d["milestone"].pk, observed_on=d["observed_on"], status=d["status"],
                                   achieved_on=d.get("achieved_on"), note=d.get("note", ""),
                                   shared_with_team=d.get("shared_with_team", False))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def milestones(request: SpalkRequest, person_id: int) -> HttpResponse:
    """The six WHO gross motor milestones with their windows and the child's observations; record one (POST)."""
    access = access_health_person(user=request.user, person_id=person_id,
                                  action=Action.EDIT if request.method == "POST" else Action.VIEW)
    birth_date = access.person.birth_date
    if birth_date is None:
        raise Http404
    today = timezone.localdate()
    form = forms.MilestoneForm(request.POST or None, initial={"observed_on": today,
                                                              "milestone": request.GET.get("milestone") or None})
    if request.method == "GET":
        audit_record(actor=request.user, action=AuditAction.VIEW, target=access.person,
                     object_type="health.milestoneobservation")
    return form_view(
        request, form, template="health/milestones.html",
        context=lambda: {"access": access, "person": access.person, "family": access.family,
                         "rows": selectors.milestones_of(user=request.user, access=access, today=today),
                         "age": selectors.age_months(birth_date, today), "may_edit": access.may_edit},
        checks=lambda d: services.milestone_problems(person=access.person, data=_milestone_input(d))
        if d.get("milestone") and d.get("observed_on") else [],
        save=lambda d: services.milestone_record(actor=request.user, access=access, data=_milestone_input(d)),
        success=reverse("health:milestones", args=[access.person.pk]), message=_("Milestone saved."))
