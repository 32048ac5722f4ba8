"""Corrections of health records (issue 13): nothing in health is deleted.

- A record entered by mistake is marked *entered in error* with a reason (``record_mark_error``): it stays, with who
  marked it and when, in its history and in the audit trail; lists, charts, z-score tables, the vaccination status and
  the summary leave it out and the pages show it apart, labelled as such. One mechanism for every kind (``KINDS``).
- The shared withholding mark (``spalk.access.withholding``) is set or cleared with a reason (``record_withhold``).
- A medication is changed (dose, schedule) with ``services.medication_update`` and stopped on a date
  (``medication_stop``); an allergy ends (``allergy_end``: no longer present since a date).

Every write: optimistic lock where the record has ``version``, one audit row in the same transaction.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spalk.access.withholding import WithholdReason, withholding_apply
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.core.errors import ConcurrentEditError, DomainError
from spalk.health.models import (
    Allergy,
    Consultation,
    GordonAssessment,
    GrowthMeasurement,
    HealthEntry,
    Medication,
    MedicationAdministration,
    MilestoneObservation,
    VaccinationDose,
)


@dataclass(frozen=True)
class Kind:
    """A kind of health record that can be corrected: its URL part, model, URL id name and Dutch name."""

    slug: str
    model: type
    kwarg: str
    label: Promise
    withholdable: bool = True


KINDS: dict[str, Kind] = {k.slug: k for k in (
    Kind("measurements", GrowthMeasurement, "growthmeasurement_id", gettext_lazy("growth measurement")),
    Kind("vaccinations", VaccinationDose, "vaccinationdose_id", gettext_lazy("vaccination")),
    Kind("consultations", Consultation, "consultation_id", gettext_lazy("consultation")),
    Kind("allergies", Allergy, "allergy_id", gettext_lazy("allergy")),
    Kind("medications", Medication, "medication_id", gettext_lazy("medication")),
    Kind("entries", HealthEntry, "healthentry_id", gettext_lazy("health entry")),
    Kind("milestones", MilestoneObservation, "milestoneobservation_id", gettext_lazy("milestone")),
    Kind("gordon", GordonAssessment, "assessment_id", gettext_lazy("Gordon assessment")),
    Kind("administrations", MedicationAdministration, "medicationadministration_id",
         gettext_lazy("dose in the administration log"), withholdable=False),
)}
KIND_BY_MODEL: dict[type, Kind] = {k.model: k for k in KINDS.values()}


def describe(record: Any) -> str:
    """A short Dutch description of the record (date and what), for the correction screens and lists."""
    if isinstance(record, GrowthMeasurement):
        values = [f"{v} {u}".replace(".", ",") for v, u in ((record.weight_kg, "kg"), (record.length_cm, "cm"),
                                                            (record.head_circumference_cm, _("cm head")))
                  if v is not None]
        return f"{record.measured_on:%d/%m/%Y} · {' · '.join(values)}"
    if isinstance(record, VaccinationDose):
        return f"{record.given_on:%d/%m/%Y} · {record.get_vaccine_display()} {record.dose_number}"
    if isinstance(record, Consultation):
        return f"{record.held_on:%d/%m/%Y} · {record.get_kind_display()}"
    if isinstance(record, Allergy):
        return f"{record.substance} ({record.get_severity_display()})"
    if isinstance(record, Medication):
        return f"{record.name} · {record.dose}"
    if isinstance(record, HealthEntry):
        return f"{record.noted_on:%d/%m/%Y} · {record.get_kind_display()}: {record.topic}"
    if isinstance(record, MilestoneObservation):
        return f"{record.observed_on:%d/%m/%Y} · {record.milestone.name}: {record.get_status_display()}"
    if isinstance(record, GordonAssessment):
        return f"{record.assessed_on:%d/%m/%Y} · Gordon"
    if isinstance(record, MedicationAdministration):
        return f"{timezone.localtime(record.given_at):%d/%m/%Y %H:%M} · {record.medication.name}: " \
               f"{record.get_status_display()}"
    return str(record)


def _locked(record: Any, version: int | None):
    model = type(record)
    locked = model._default_manager.select_for_update().get(pk=record.pk)
    if hasattr(locked, "version") and version is not None and locked.version != version:
        raise ConcurrentEditError()
    return locked


def record_mark_error(*, actor: Any, record: Any, reason: str, version: int | None = None) -> Any:
    """Mark a record as entered in error, with the reason; it is never deleted."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why this was entered in error."), field="reason")
    with transaction.atomic():
        locked = _locked(record, version)
        if locked.error_at is not None:
            raise DomainError(_("This was already marked as entered in error."), field="reason")
        locked.error_at, locked.error_by, locked.error_reason = timezone.now(), actor, reason[:500]
        fields = ["error_at", "error_by", "error_reason"]
        if hasattr(locked, "version"):
            locked.version += 1
            fields += ["version", "updated_at"]
        locked.save(update_fields=fields)
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.family,
                     person=locked.person, fields=["error_at", "error_reason"])
    return locked


def record_withhold(*, actor: Any, record: Any, version: int, withheld: bool, reason: str) -> Any:
    """Set or clear the shared "withheld from the family" mark on a health record (BRIEF.md §7)."""
    if withheld and reason not in WithholdReason.values:
        raise DomainError(_("Choose why this is withheld from the family."), field="withheld_reason")
    with transaction.atomic():
        locked = _locked(record, version)
        changed = withholding_apply(locked, actor=actor, withheld=withheld, reason=reason, now=timezone.now())
        if not changed:
            return locked
        locked.version += 1
        locked.save(update_fields=[*changed, "withheld_by", "withheld_at", "version", "updated_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.family,
                     person=locked.person, fields=changed)
    return locked


def medication_stop(*, actor: Any, medication: Medication, version: int, end_on: datetime.date) -> Medication:
    """Stop a medication: its last day is ``end_on``; no dose is scheduled after it."""
    if end_on < medication.start_on:
        raise DomainError(_("The medication cannot stop before it started (%(date)s).")
                          % {"date": f"{medication.start_on:%d/%m/%Y}"}, field="end_on")
    with transaction.atomic():
        locked = _locked(medication, version)
        if locked.error_at is not None:
            raise DomainError(_("This medication was entered in error; it cannot be changed."), field="end_on")
        locked.end_on = end_on
        locked.version += 1
        locked.save(update_fields=["end_on", "version", "updated_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.family,
                     person=locked.person, fields=["end_on"])
    return locked


def allergy_end(*, actor: Any, allergy: Allergy, version: int, resolved_on: datetime.date) -> Allergy:
    """The allergy is no longer present since ``resolved_on`` (it stays in the history)."""
    if resolved_on > timezone.localdate():
        raise DomainError(_("The date lies in the future."), field="resolved_on")
    if allergy.noted_on is not None and resolved_on < allergy.noted_on:
        raise DomainError(_("The date lies before the date the allergy was known (%(date)s).")
                          % {"date": f"{allergy.noted_on:%d/%m/%Y}"}, field="resolved_on")
    with transaction.atomic():
        locked = _locked(allergy, version)
        if not locked.is_active:
            raise DomainError(_("This allergy has already ended."), field="resolved_on")
        locked.is_active, locked.resolved_on = False, resolved_on
        locked.version += 1
        locked.save(update_fields=["is_active", "resolved_on", "version", "updated_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.family,
                     person=locked.person, fields=["is_active", "resolved_on"])
    return locked
