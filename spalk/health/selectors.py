"""Reads of health coordination, always starting from the health policy (``visible_health``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy

from spalk.access.policy import HealthAccess, visible_health, visible_medication_log
from spalk.health import schedule
from spalk.health.gestation import GestationalAge, gestational_age
from spalk.health.marks import ERROR_FREE
from spalk.health.models import (
    Allergy,
    Birth,
    Consultation,
    GordonAssessment,
    GrowthMeasurement,
    HealthEntry,
    Medication,
    MedicationAdministration,
    Milestone,
    MilestoneObservation,
    Pregnancy,
    PregnancyStatus,
    VaccinationDose,
)


def _mine(model, *, user, access: HealthAccess):
    """Every record of ``model`` of the person this user may see, those entered in error included."""
    return visible_health(model, user=user, family=access.family, full=access.full).filter(
        person=access.person).select_related("error_by")


def _split(records: list) -> tuple[list, list]:
    """(the records in force, those entered in error)."""
    return [r for r in records if r.error_at is None], [r for r in records if r.error_at is not None]


def growth_measurements(*, user, access: HealthAccess, include_errors: bool = False) -> list[GrowthMeasurement]:
    """The measurements oldest first; those entered in error only with ``include_errors``."""
    qs = _mine(GrowthMeasurement, user=user, access=access).order_by("measured_on", "pk")
    return list(qs if include_errors else qs.filter(ERROR_FREE))


def is_parent(*, access: HealthAccess) -> bool:
    from spalk.families.models import FamilyMember, MemberRole

    return FamilyMember.objects.filter(family=access.family, person=access.person, role=MemberRole.PARENT).exists()


def pregnancy_consultations(*, user, access: HealthAccess, pregnancy: Pregnancy) -> list[Consultation]:
    return list(_mine(Consultation, user=user, access=access).filter(ERROR_FREE, pregnancy=pregnancy))


def birth_of(*, user, access: HealthAccess) -> Birth | None:
    return _mine(Birth, user=user, access=access).first()


def vaccination_status(*, user, access: HealthAccess, today: datetime.date) -> list[schedule.DoseStatus]:
    birth = access.person.birth_date
    if birth is None:
        return []
    given = list(_mine(VaccinationDose, user=user, access=access).filter(ERROR_FREE))
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


# --- development milestones (WHO windows of achievement, spalk/health/milestones.py) ----------------------------

MONTH_DAYS = Decimal("30.4375")  # 365.25 / 12: the month the WHO standards count in
MILESTONE_AGE_DAYS = 6 * 365  # the person's health page shows the milestones of children under six


def age_months(birth_date: datetime.date, on: datetime.date) -> Decimal:
    return (Decimal((on - birth_date).days) / MONTH_DAYS).quantize(Decimal("0.1"))


class MilestoneFlag:
    EARLY = "early"  # achieved before the window (outside it, not a concern in itself)
    LATE = "late"  # achieved after the window
    OVERDUE = "overdue"  # not (yet) recorded as achieved and the window has closed
    IN_WINDOW = "in_window"  # not yet achieved, the window is open
    NOT_YET_DUE = "not_yet_due"  # the window has not opened
    ON_TIME = "on_time"  # achieved within the window


FLAG_LABELS = {
    MilestoneFlag.EARLY: gettext_lazy("earlier than the window"),
    MilestoneFlag.LATE: gettext_lazy("later than the window"),
    MilestoneFlag.OVERDUE: gettext_lazy("window passed, not achieved"),
    MilestoneFlag.IN_WINDOW: gettext_lazy("window open"),
    MilestoneFlag.NOT_YET_DUE: gettext_lazy("not expected yet"),
    MilestoneFlag.ON_TIME: gettext_lazy("within the window"),
}
OUTSIDE = frozenset({MilestoneFlag.EARLY, MilestoneFlag.LATE, MilestoneFlag.OVERDUE})


@dataclass
class MilestoneRow:
    milestone: Milestone
    latest: MilestoneObservation | None
    achieved: MilestoneObservation | None
    age_at_achievement: Decimal | None
    flag: str
    observations: list[MilestoneObservation] = field(default_factory=list)

    @property
    def flag_label(self) -> str:
        return str(FLAG_LABELS[self.flag])

    @property
    def outside_window(self) -> bool:
        return self.flag in OUTSIDE


def milestone_flag(*, milestone: Milestone, birth_date: datetime.date, achieved_on: datetime.date | None,
                   today: datetime.date) -> tuple[str, Decimal | None]:
    """Where the child stands against the milestone's window: (flag, age in months at achievement)."""
    if achieved_on is not None:
        age = age_months(birth_date, achieved_on)
        if age < milestone.window_start_months:
            return MilestoneFlag.EARLY, age
        if age > milestone.window_end_months:
            return MilestoneFlag.LATE, age
        return MilestoneFlag.ON_TIME, age
    now = age_months(birth_date, today)
    if now > milestone.window_end_months:
        return MilestoneFlag.OVERDUE, None
    if now >= milestone.window_start_months:
        return MilestoneFlag.IN_WINDOW, None
    return MilestoneFlag.NOT_YET_DUE, None


def milestone_rows(*, person, observations: list[MilestoneObservation], today: datetime.date) -> list[MilestoneRow]:
    """One row per active milestone with the child's observations (in force), newest first; one query."""
    if person.birth_date is None:
        return []
    by_milestone: dict[int, list[MilestoneObservation]] = {}
    for o in sorted(observations, key=lambda o: (o.observed_on, o.pk), reverse=True):
        by_milestone.setdefault(o.milestone_id, []).append(o)
    rows = []
    for milestone in Milestone.objects.filter(is_active=True).order_by("order", "pk"):
        mine = by_milestone.get(milestone.pk, [])
        achieved = next((o for o in mine if o.achieved_on is not None), None)
        flag, age = milestone_flag(milestone=milestone, birth_date=person.birth_date,
                                   achieved_on=achieved.achieved_on if achieved else None, today=today)
        rows.append(MilestoneRow(milestone=milestone, latest=mine[0] if mine else None, achieved=achieved,
                                 age_at_achievement=age, flag=flag, observations=mine))
    return rows


def milestones_of(*, user, access: HealthAccess, today: datetime.date) -> list[MilestoneRow]:
    observations = list(_mine(MilestoneObservation, user=user, access=access).filter(ERROR_FREE)
                        .select_related("milestone"))
    return milestone_rows(person=access.person, observations=observations, today=today)


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
    milestones: list[MilestoneRow] = field(default_factory=list)
    in_error: list[Any] = field(default_factory=list)  # every record entered in error, newest mark first

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
    errors: list[Any] = []

    def split(records: list) -> list:
        active, wrong = _split(records)
        errors.extend(wrong)
        return active

    consultations = split(consultations)
    measurements = split(growth_measurements(user=user, access=access, include_errors=True)) if born else []
    given = split(list(_mine(VaccinationDose, user=user, access=access))) if born else []
    observations = split(list(_mine(MilestoneObservation, user=user, access=access).select_related("milestone"))) \
        if born else []
    health = PersonHealth(
        access=access,
        pregnancies=[PregnancyView(pregnancy=p, today_age=gestational_age(expected_date=p.expected_date, on=today),
                                   consultations=by_pregnancy.get(p.pk, [])) for p in pregnancies],
        birth=birth_of(user=user, access=access) if born else None,
        measurements=measurements,
        vaccinations=_statuses(access=access, given=given, today=today),
        allergies=split(list(_mine(Allergy, user=user, access=access))),
        medications=split(list(_mine(Medication, user=user, access=access))),
        consultations=[c for c in consultations if not c.pregnancy_id],
        entries=split(list(_mine(HealthEntry, user=user, access=access))),
        assessments=split(list(_mine(GordonAssessment, user=user, access=access))),
        unborn_of=unborn_of,
        milestones=milestone_rows(person=access.person, observations=observations, today=today)
        if access.person.birth_date is not None and (today - access.person.birth_date).days <= MILESTONE_AGE_DAYS
        else [],
    )
    from spalk.health.corrections import describe

    for record in errors:
        record.error_description = describe(record)
    health.in_error = sorted(errors, key=lambda r: r.error_at, reverse=True)
    return health


def _statuses(*, access: HealthAccess, given: list[VaccinationDose], today: datetime.date,
              ) -> list[schedule.DoseStatus]:
    birth = access.person.birth_date
    if birth is None:
        return []
    brand = next((g.product.lower() for g in given if g.vaccine == "rota" and "rotateq" in g.product.lower()), "")
    return schedule.dose_statuses(birth_date=birth, given=given, today=today, rota_brand="rotateq" if brand else "")


def family_health(*, user, family, full: bool) -> dict[int, dict[str, Any]]:
    """Per person of the family: counts that the family health overview shows (one query per kind)."""
    out: dict[int, dict[str, Any]] = {}
    for key, model in (("measurements", GrowthMeasurement), ("allergies", Allergy), ("medications", Medication),
                       ("pregnancies", Pregnancy), ("vaccinations", VaccinationDose)):
        for person_id in visible_health(model, user=user, family=family, full=full).filter(ERROR_FREE).values_list(
                "person_id", flat=True):
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
    return _doses_in_windows(user=user, medications=medications, windows=[(start, end)])[0]


Window = tuple[datetime.datetime, datetime.datetime]


def _doses_in_windows(*, user, medications: list[Medication], windows: list[Window]) -> list[list[DueDose]]:
    """``doses_between`` for several windows with one query for the log of all of them."""
    if not medications or not windows:
        return [[] for _window in windows]
    logged = {}
    for line in visible_medication_log(user=user, medications=Medication.objects.filter(
            pk__in=[m.pk for m in medications])).filter(ERROR_FREE, scheduled_for__gte=min(w[0] for w in windows),
                                                        scheduled_for__lt=max(w[1] for w in windows)
                                                        ).select_related("given_by"):
        logged[(line.medication_id, line.scheduled_for)] = line
    out = []
    for start, end in windows:
        doses = [DueDose(medication=m, at=at, logged=logged.get((m.pk, at))) for m in medications
                 for at in _moments(m, start, end)]
        out.append(sorted(doses, key=lambda d: (d.at, d.medication.name)))
    return out


def missed_doses(*, user, centre_id: int, start: datetime.datetime, end: datetime.datetime) -> list[DueDose]:
    """Doses of medications of children in residence in the centre, due in [start, end) and not logged, that
    this reader may see (shared medications for the living group; every one for the health roles)."""
    return [d for d in resident_doses(user=user, centre_id=centre_id, start=start, end=end) if d.missed]


def resident_doses(*, user, centre_id: int, start: datetime.datetime, end: datetime.datetime) -> list[DueDose]:
    """Every scheduled dose in [start, end) of medications (in force) of families in residence in the centre, that
    this reader may see, with what was logged for each (the night shift's schedule); two queries."""
    return resident_doses_in_windows(user=user, centre_id=centre_id, windows=[(start, end)])[0]


def resident_doses_in_windows(*, user, centre_id: int, windows: list[Window]) -> list[list[DueDose]]:
    """``resident_doses`` for several windows (a handover's missed doses and its shift's doses) in the same two
    queries: the medications in force in any of the windows, and their log over all of them."""
    from spalk.stays.selectors import in_residence_q

    if not windows:
        return []
    start, end = min(w[0] for w in windows), max(w[1] for w in windows)
    today = timezone.localdate()
    medications = list(visible_health(Medication, user=user, centre_id=centre_id).filter(ERROR_FREE)
                       .exclude(times="").filter(start_on__lte=timezone.localtime(end).date())
                       .exclude(end_on__lt=timezone.localtime(start).date())
                       .filter(family__in=_resident_families(in_residence_q, today, centre_id))
                       .select_related("person", "family"))
    return _doses_in_windows(user=user, medications=medications, windows=windows)


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
