"""Reads of health coordination, always starting from the health policy (``visible_health``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from spalk.access.policy import HealthAccess, visible_health, visible_medication_log
from spalk.health import schedule
from spalk.health.gestation import GestationalAge, gestational_age
from spalk.health.models import (
    Allergy,
    Birth,
    Consultation,
    GordonAssessment,
    GrowthMeasurement,
    HealthEntry,
    Medication,
    MedicationAdministration,
    Pregnancy,
    PregnancyStatus,
    VaccinationDose,
)


def _mine(model, *, user, access: HealthAccess):
    return visible_health(model, user=user, family=access.family, full=access.full).filter(person=access.person)


def growth_measurements(*, user, access: HealthAccess) -> list[GrowthMeasurement]:
    return list(_mine(GrowthMeasurement, user=user, access=access).order_by("measured_on", "pk"))


def is_parent(*, access: HealthAccess) -> bool:
    from spalk.families.models import FamilyMember, MemberRole

    return FamilyMember.objects.filter(family=access.family, person=access.person, role=MemberRole.PARENT).exists()


def pregnancy_consultations(*, user, access: HealthAccess, pregnancy: Pregnancy) -> list[Consultation]:
    return list(_mine(Consultation, user=user, access=access).filter(pregnancy=pregnancy))


def birth_of(*, user, access: HealthAccess) -> Birth | None:
    return _mine(Birth, user=user, access=access).first()


def vaccination_status(*, user, access: HealthAccess, today: datetime.date) -> list[schedule.DoseStatus]:
    birth = access.person.birth_date
    if birth is None:
        return []
    given = list(_mine(VaccinationDose, user=user, access=access))
    brand = next((g.product.lower() for g in given if g.vaccine == "rota" and "rotateq" in g.product.lower()), "")
    return schedule.dose_statuses(birth_date=birth, given=given, today=today,
                                  rota_brand="rotateq" if brand else "")


@dataclass
class PregnancyView:
    pregnancy: Pregnancy
    today_age: GestationalAge
    consultations: list[Consultation] = field(default_factory=list)

    @property
    def days_to_go(self) -> int:
        return (self.pregnancy.expected_date - timezone.localdate()).days


@dataclass
class PersonHealth:
    access: HealthAccess
    pregnancies: list[PregnancyView]
    birth: Birth | None
    measurements: list[GrowthMeasurement]
    vaccinations: list[schedule.DoseStatus]
    allergies: list[Allergy]
    medications: list[Medication]
    consultations: list[Consultation]
    entries: list[HealthEntry]
    assessments: list[GordonAssessment]
    unborn_of: Pregnancy | None = None

    @property
    def latest(self) -> GrowthMeasurement | None:
        return self.measurements[-1] if self.measurements else None


def person_health(*, user, access: HealthAccess, today: datetime.date | None = None) -> PersonHealth:
    """Everything of one person's health this user may see, in a fixed number of queries."""
    today = today or timezone.localdate()
    pregnancies = list(_mine(Pregnancy, user=user, access=access).order_by("-expected_date"))
    consultations = list(_mine(Consultation, user=user, access=access))
    by_pregnancy: dict[int, list[Consultation]] = {}
    for c in consultations:
        if c.pregnancy_id:
            by_pregnancy.setdefault(c.pregnancy_id, []).append(c)
    born = access.person.birth_date is not None
    unborn_of = None if born else visible_health(Pregnancy, user=user, family=access.family, full=access.full).filter(
        unborn=access.person, status=PregnancyStatus.ONGOING).first()
    return PersonHealth(
        access=access,
        pregnancies=[PregnancyView(pregnancy=p, today_age=gestational_age(expected_date=p.expected_date, on=today),
                                   consultations=by_pregnancy.get(p.pk, [])) for p in pregnancies],
        birth=birth_of(user=user, access=access) if born else None,
        measurements=growth_measurements(user=user, access=access) if born else [],
        vaccinations=vaccination_status(user=user, access=access, today=today),
        allergies=list(_mine(Allergy, user=user, access=access)),
        medications=list(_mine(Medication, user=user, access=access)),
        consultations=[c for c in consultations if not c.pregnancy_id],
        entries=list(_mine(HealthEntry, user=user, access=access)),
        assessments=list(_mine(GordonAssessment, user=user, access=access)),
        unborn_of=unborn_of,
    )


def family_health(*, user, family, full: bool) -> dict[int, dict[str, Any]]:
    """Per person of the family: counts that the family health overview shows (one query per kind)."""
    out: dict[int, dict[str, Any]] = {}
    for key, model in (("measurements", GrowthMeasurement), ("allergies", Allergy), ("medications", Medication),
                       ("pregnancies", Pregnancy), ("vaccinations", VaccinationDose)):
        for person_id in visible_health(model, user=user, family=family, full=full).values_list("person_id",
                                                                                                flat=True):
            out.setdefault(person_id, {}).setdefault(key, 0)
            out[person_id][key] += 1
    return out


# --- medication: doses due and missed ----------------------------------------------------------------------------

@dataclass(frozen=True)
class DueDose:
    medication: Medication
    at: datetime.datetime
    logged: MedicationAdministration | None

    @property
    def missed(self) -> bool:
        return self.logged is None


def _moments(medication: Medication, start: datetime.datetime, end: datetime.datetime) -> list[datetime.datetime]:
    tz = timezone.get_current_timezone()
    out = []
    day = timezone.localtime(start).date()
    while day <= timezone.localtime(end).date():
        if medication.start_on <= day and (medication.end_on is None or day <= medication.end_on):
            for text in medication.time_list():
                hour, minute = (int(p) for p in text.split(":"))
                moment = datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=tz)
                if start <= moment < end:
                    out.append(moment)
        day += datetime.timedelta(days=1)
    return out


def doses_between(*, user, medications: list[Medication], start: datetime.datetime, end: datetime.datetime,
                  ) -> list[DueDose]:
    """The scheduled doses of these (already visible) medications in [start, end) with what was logged for each
    (a line for the same scheduled moment); one query for the log."""
    if not medications:
        return []
    logged = {}
    for line in visible_medication_log(user=user, medications=Medication.objects.filter(
            pk__in=[m.pk for m in medications])).filter(scheduled_for__gte=start, scheduled_for__lt=end) \
            .select_related("given_by"):
        logged[(line.medication_id, line.scheduled_for)] = line
    doses = [DueDose(medication=m, at=at, logged=logged.get((m.pk, at))) for m in medications
             for at in _moments(m, start, end)]
    return sorted(doses, key=lambda d: (d.at, d.medication.name))


def missed_doses(*, user, centre_id: int, start: datetime.datetime, end: datetime.datetime) -> list[DueDose]:
    """Doses of medications of children in residence in the centre, due in [start, end) and not logged, that
    this reader may see (shared medications for the living group; every one for the health roles)."""
    from spalk.stays.selectors import in_residence_q

    today = timezone.localdate()
    medications = list(visible_health(Medication, user=user).filter(family__centre_id=centre_id)
                       .exclude(times="").filter(start_on__lte=timezone.localtime(end).date())
                       .exclude(end_on__lt=timezone.localtime(start).date())
                       .filter(family__in=_resident_families(in_residence_q, today, centre_id))
                       .select_related("person", "family"))
    return [d for d in doses_between(user=user, medications=medications, start=start, end=end) if d.missed]


def _resident_families(in_residence_q, today: datetime.date, centre_id: int):
    from spalk.families.models import Family

    return Family.objects.filter(in_residence_q(today=today, centre_ids=[centre_id]))


def medication_log(*, user, medication: Medication, limit: int = 100) -> list[MedicationAdministration]:
    return list(visible_medication_log(user=user, medications=Medication.objects.filter(pk=medication.pk))
                .select_related("given_by")[:limit])


def due_pregnancies(*, user, today: datetime.date, within_days: int = 28) -> list[Pregnancy]:
    """Ongoing pregnancies this user follows whose expected date is within ``within_days`` or past."""
    return list(visible_health(Pregnancy, user=user).filter(
        status=PregnancyStatus.ONGOING, expected_date__lte=today + datetime.timedelta(days=within_days))
        .select_related("person", "family").order_by("expected_date"))
