"""Writes of health coordination: each one with its audit row in the same transaction.

Services receive what already passed the policy (``HealthAccess`` or a record from ``access_*``); they check the
domain rules and raise ``DomainError`` (Dutch, the field it concerns) — several at once as ``DomainErrors``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spalk.access.policy import HealthAccess
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.core.errors import ConcurrentEditError, DomainError, raise_if_any
from spalk.families.models import FamilyMember, MemberRole, Person, Sex
from spalk.health import growth
from spalk.health.gestation import TERM_DAYS
from spalk.health.models import (
    AdministrationStatus,
    Allergy,
    Birth,
    Consultation,
    ConsultationKind,
    GordonAssessment,
    GrowthMeasurement,
    HealthEntry,
    HealthRecord,
    Medication,
    MedicationAdministration,
    Pregnancy,
    PregnancyStatus,
    VaccinationDose,
)

R = TypeVar("R", bound=HealthRecord)

# Values no human has (a 422 in the API, an error on the form): "negative or absurd".
LIMITS = {
    "weight_kg": (Decimal("0.2"), Decimal("250")),
    "length_cm": (Decimal("20"), Decimal("250")),
    "head_circumference_cm": (Decimal("15"), Decimal("75")),
}
LIMIT_MESSAGES = {
    "weight_kg": gettext_lazy("Give a weight between 0.2 and 250 kg."),
    "length_cm": gettext_lazy("Give a length between 20 and 250 cm."),
    "head_circumference_cm": gettext_lazy("Give a head circumference between 15 and 75 cm."),
}
BIRTH_LIMITS = {
    "weight_kg": (Decimal("0.2"), Decimal("8"), gettext_lazy("Give a birth weight between 0.2 and 8 kg.")),
    "length_cm": (Decimal("20"), Decimal("70"), gettext_lazy("Give a birth length between 20 and 70 cm.")),
    "head_circumference_cm": (Decimal("15"), Decimal("45"),
                              gettext_lazy("Give a head circumference at birth between 15 and 45 cm.")),
}
# Changes that are possible but so unlikely in the interval that the screen asks before saving.
WEIGHT_GAIN_KG_PER_DAY = Decimal("0.1")
WEIGHT_MARGIN_KG = Decimal("0.3")
WEIGHT_LOSS_FRACTION = Decimal("0.10")
LENGTH_LOSS_CM = Decimal("1.5")
LENGTH_GAIN_CM_PER_DAY = Decimal("0.2")
LENGTH_MARGIN_CM = Decimal("2")
HEAD_GAIN_CM_PER_DAY = Decimal("0.1")
EXTREME_Z = Decimal("4")


def _base(access: HealthAccess, actor: Any, shared: bool) -> dict:
    return {"family": access.family, "person": access.person, "recorded_by": actor, "shared_with_team": shared}


# --- growth -----------------------------------------------------------------------------------------------------

@dataclass
class GrowthInput:
    measured_on: datetime.date
    weight_kg: Decimal | None = None
    length_cm: Decimal | None = None
    head_circumference_cm: Decimal | None = None
    note: str = ""
    shared_with_team: bool = False


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def growth_errors(*, person: Person, data: GrowthInput, today: datetime.date | None = None) -> list[DomainError]:
    """The rules a measurement must meet (dates and values); an empty list when it may be stored."""
    today = today or timezone.localdate()
    errors: list[DomainError] = []
    if person.birth_date is None:
        errors.append(DomainError(_("This person has no birth date yet: record the birth first."), field="date"))
    elif data.measured_on < person.birth_date:
        errors.append(DomainError(_("The date lies before the birth date (%(birth)s).")
                                  % {"birth": f"{person.birth_date:%d/%m/%Y}"}, field="date"))
    if data.measured_on > today:
        errors.append(DomainError(_("The date lies in the future. Give the date of the measurement."),
                                  field="date"))
    values = {"weight_kg": data.weight_kg, "length_cm": data.length_cm,
              "head_circumference_cm": data.head_circumference_cm}
    for name, value in values.items():
        if value is None:
            continue
        low, high = LIMITS[name]
        if not value.is_finite() or value < low or value > high:
            errors.append(DomainError(str(LIMIT_MESSAGES[name]), field=name))
    if all(v is None for v in values.values()):
        errors.append(DomainError(_("Give at least one measurement: weight, length or head circumference."),
                                  field="weight_kg"))
    return errors


def growth_doubts(*, person: Person, data: GrowthInput, previous: list[GrowthMeasurement]) -> list[str]:
    """Values that are possible but unlikely (a change impossible in the interval, |z| ≥ 4): the screen asks
    before saving. ``previous`` are the person's other measurements."""
    doubts: list[str] = []
    before = [m for m in previous if m.measured_on <= data.measured_on]
    last = max(before, key=lambda m: (m.measured_on, m.pk)) if before else None
    if last is not None:
        days = Decimal(max((data.measured_on - last.measured_on).days, 0))
        when = f"{last.measured_on:%d/%m/%Y}"
        if data.weight_kg is not None and last.weight_kg is not None:
            change = data.weight_kg - last.weight_kg
            if change > WEIGHT_MARGIN_KG + WEIGHT_GAIN_KG_PER_DAY * days:
                doubts.append(_("The weight rose by %(kg)s kg since %(date)s: more than a child can gain in that "
                                "time.") % {"kg": f"{change:.3f}".replace(".", ","), "date": when})
            elif -change > WEIGHT_MARGIN_KG + WEIGHT_LOSS_FRACTION * last.weight_kg:
                doubts.append(_("The weight fell by %(kg)s kg since %(date)s.")
                              % {"kg": f"{-change:.3f}".replace(".", ","), "date": when})
        if data.length_cm is not None and last.length_cm is not None:
            change = data.length_cm - last.length_cm
            if change < -LENGTH_LOSS_CM:
                doubts.append(_("The length is %(cm)s cm less than on %(date)s.")
                              % {"cm": f"{-change:.1f}".replace(".", ","), "date": when})
            elif change > LENGTH_MARGIN_CM + LENGTH_GAIN_CM_PER_DAY * days:
                doubts.append(_("The length rose by %(cm)s cm since %(date)s: more than a child can grow in that "
                                "time.") % {"cm": f"{change:.1f}".replace(".", ","), "date": when})
        if data.head_circumference_cm is not None and last.head_circumference_cm is not None:
            change = data.head_circumference_cm - last.head_circumference_cm
            if change < -LENGTH_LOSS_CM or change > LENGTH_MARGIN_CM + HEAD_GAIN_CM_PER_DAY * days:
                doubts.append(_("The head circumference changed by %(cm)s cm since %(date)s.")
                              % {"cm": f"{change:.1f}".replace(".", ","), "date": when})
    if person.birth_date is not None:
        scores = growth.z_scores(sex=person.sex, birth_date=person.birth_date, measured_on=data.measured_on,
                                 weight_kg=data.weight_kg, length_cm=data.length_cm,
                                 head_circumference_cm=data.head_circumference_cm)
        extreme = [z for z in (scores.weight_for_age_z, scores.length_for_age_z, scores.head_circumference_for_age_z,
                               scores.weight_for_length_z) if z is not None and abs(z) >= EXTREME_Z]
        if extreme:
            doubts.append(_("A value lies more than 4 standard deviations from the WHO median: check the "
                            "measurement and the unit."))
    return doubts


def growth_measurement_add(*, actor: Any, access: HealthAccess, data: GrowthInput) -> GrowthMeasurement:
    person = access.person
    raise_if_any(growth_errors(person=person, data=data))
    assert person.birth_date is not None
    scores = growth.z_scores(sex=person.sex, birth_date=person.birth_date, measured_on=data.measured_on,
                             weight_kg=data.weight_kg, length_cm=data.length_cm,
                             head_circumference_cm=data.head_circumference_cm)
    with transaction.atomic():
        measurement = GrowthMeasurement.objects.create(
            **_base(access, actor, data.shared_with_team), measured_on=data.measured_on,
            weight_kg=_q(data.weight_kg, "0.001"), length_cm=_q(data.length_cm, "0.1"),
            head_circumference_cm=_q(data.head_circumference_cm, "0.1"), note=data.note.strip()[:500],
            age_days=scores.age_days, weight_for_age_z=scores.weight_for_age_z,
            length_for_age_z=scores.length_for_age_z,
            head_circumference_for_age_z=scores.head_circumference_for_age_z,
            weight_for_length_z=scores.weight_for_length_z, bmi_for_age_z=scores.bmi_for_age_z)
        audit_record(actor=actor, action=AuditAction.CREATE, target=measurement,
                     fields=["measured_on", "weight_kg", "length_cm", "head_circumference_cm"])
    return measurement


def _q(value: Decimal | None, places: str) -> Decimal | None:
    return None if value is None else value.quantize(Decimal(places))


def record_update(*, actor: Any, record: R, version: int, changes: dict[str, Any]) -> R:
    """Change fields of an editable record with the optimistic lock (``version`` as read)."""
    model = type(record)
    with transaction.atomic():
        locked = model._default_manager.select_for_update().get(pk=record.pk)
        if locked.version != version:
            raise ConcurrentEditError()
        changed = [name for name, value in changes.items() if getattr(locked, name) != value]
        for name in changed:
            setattr(locked, name, changes[name])
        if changed:
            locked.version += 1
            locked.full_clean(exclude=["family", "person", "recorded_by"])
            locked.save()
            audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, fields=changed)
    return locked


# --- pregnancy and birth ----------------------------------------------------------------------------------------

@dataclass
class PregnancyInput:
    expected_date: datetime.date
    last_period_date: datetime.date | None = None
    risks: str = ""
    birth_plan: str = ""
    hospital: str = ""
    shared_with_team: bool = False


def pregnancy_create(*, actor: Any, access: HealthAccess, data: PregnancyInput) -> Pregnancy:
    """A pregnancy of the person (the mother). The unborn child of the family without a pregnancy yet becomes its
    child record; otherwise an unborn child is added to the family (the same record becomes the child at birth)."""
    mother = access.person
    today = timezone.localdate()
    member = FamilyMember.objects.filter(family=access.family, person=mother).first()
    errors = []
    if member is None or member.role != MemberRole.PARENT:
        errors.append(DomainError(_("Only a parent of the family can be followed as pregnant."), field="person"))
    if data.expected_date < today - datetime.timedelta(days=60) or \
            data.expected_date > today + datetime.timedelta(days=TERM_DAYS + 14):
        errors.append(DomainError(_("Give an expected date within the coming ten months."), field="expected_date"))
    if Pregnancy.objects.filter(person=mother, status=PregnancyStatus.ONGOING).exists():
        errors.append(DomainError(_("This person already has an ongoing pregnancy. Open it to change it."),
                                  field="expected_date"))
    raise_if_any(errors)
    assert member is not None
    taken = Pregnancy.objects.filter(family=access.family, unborn__isnull=False).values("unborn_id")
    with transaction.atomic():
        unborn_member = (FamilyMember.objects.filter(family=access.family, role=MemberRole.UNBORN)
                         .exclude(person_id__in=taken).select_related("person").first())
        if unborn_member is None:
            unborn = Person.objects.create(centre=access.family.centre, last_name=mother.last_name,
                                           expected_birth_date=data.expected_date, sex=Sex.UNKNOWN)
            FamilyMember.objects.create(family=access.family, person=unborn, role=MemberRole.UNBORN,
                                        relation=_("unborn child"), start_date=today)
        else:
            unborn = unborn_member.person
            unborn.expected_birth_date = data.expected_date
            unborn.save(update_fields=["expected_birth_date", "updated_at"])
        if not member.pregnant:
            member.pregnant = True
            member.save(update_fields=["pregnant"])
        pregnancy = Pregnancy.objects.create(
            **_base(access, actor, data.shared_with_team), unborn=unborn, expected_date=data.expected_date,
            last_period_date=data.last_period_date, risks=data.risks.strip(), birth_plan=data.birth_plan.strip(),
            hospital=data.hospital.strip())
        audit_record(actor=actor, action=AuditAction.CREATE, target=pregnancy,
                     fields=["expected_date", "risks", "birth_plan"])
    return pregnancy


def pregnancy_update(*, actor: Any, pregnancy: Pregnancy, version: int, data: PregnancyInput) -> Pregnancy:
    if pregnancy.status != PregnancyStatus.ONGOING:
        raise DomainError(_("This pregnancy has ended; it can no longer be changed."))
    with transaction.atomic():
        updated = record_update(actor=actor, record=pregnancy, version=version, changes={
            "expected_date": data.expected_date, "last_period_date": data.last_period_date,
            "risks": data.risks.strip(), "birth_plan": data.birth_plan.strip(), "hospital": data.hospital.strip(),
            "shared_with_team": data.shared_with_team})
        if pregnancy.unborn_id:
            Person.objects.filter(pk=pregnancy.unborn_id).update(expected_birth_date=data.expected_date)
    return updated


@dataclass
class ConsultationInput:
    held_on: datetime.date
    with_whom: str = ""
    notes: str = ""
    next_on: datetime.date | None = None
    shared_with_team: bool = False


def consultation_add(*, actor: Any, access: HealthAccess, kind: str, data: ConsultationInput,
                     pregnancy: Pregnancy | None = None) -> Consultation:
    if kind not in ConsultationKind.values:
        raise DomainError(_("Choose the kind of consultation."), field="kind")
    if data.held_on > timezone.localdate() + datetime.timedelta(days=1):
        raise DomainError(_("The date lies in the future. Put a planned consultation under 'next consultation'."),
                          field="held_on")
    with transaction.atomic():
        consultation = Consultation.objects.create(
            **_base(access, actor, data.shared_with_team), kind=kind, pregnancy=pregnancy, held_on=data.held_on,
            with_whom=data.with_whom.strip(), notes=data.notes.strip(), next_on=data.next_on)
        audit_record(actor=actor, action=AuditAction.CREATE, target=consultation,
                     fields=["held_on", "with_whom", "notes", "next_on"])
    return consultation


@dataclass
class BirthInput:
    born_on: datetime.date
    sex: str
    first_name: str = ""
    weight_kg: Decimal | None = None
    length_cm: Decimal | None = None
    head_circumference_cm: Decimal | None = None
    gestational_weeks: int | None = None
    gestational_days: int = 0
    place: str = ""
    notes: str = ""
    warnings: list[str] = field(default_factory=list)


def birth_record(*, actor: Any, pregnancy: Pregnancy, data: BirthInput) -> Birth:
    """The unborn child is born: the same person record becomes the child (its history kept by pghistory), the
    mother is no longer pregnant, her stay counts for two until the birth and the child stays with her from then
    on; the birth weight, length and head circumference are the first growth measurement."""
    from spalk.stays.models import AllocationMember

    today = timezone.localdate()
    errors = []
    if pregnancy.status != PregnancyStatus.ONGOING or pregnancy.unborn_id is None:
        errors.append(DomainError(_("This pregnancy has no unborn child to record a birth for.")))
    if data.born_on > today:
        errors.append(DomainError(_("The birth date lies in the future."), field="born_on"))
    if data.born_on < pregnancy.expected_date - datetime.timedelta(days=TERM_DAYS - 22 * 7):
        errors.append(DomainError(_("The birth date lies before 22 weeks of pregnancy. Check the date."),
                                  field="born_on"))
    if data.sex not in Sex.values:
        errors.append(DomainError(_("Choose the sex."), field="sex"))
    ga_days = None
    if data.gestational_weeks is not None:
        ga_days = data.gestational_weeks * 7 + data.gestational_days
        if not 22 * 7 <= ga_days <= 44 * 7 or not 0 <= data.gestational_days <= 6:
            errors.append(DomainError(_("Give the gestational age as weeks (22–44) and days (0–6)."),
                                      field="gestational_weeks"))
    else:
        ga_days = TERM_DAYS - (pregnancy.expected_date - data.born_on).days
    for name, (low, high, message) in BIRTH_LIMITS.items():
        value = getattr(data, name)
        if value is not None and not (low <= value <= high):
            errors.append(DomainError(str(message), field=name))
    raise_if_any(errors)
    with transaction.atomic():
        locked = Pregnancy.objects.select_for_update().get(pk=pregnancy.pk)
        if locked.status != PregnancyStatus.ONGOING:
            raise ConcurrentEditError()
        child = Person.objects.select_for_update().get(pk=locked.unborn_id or 0)
        child.birth_date = data.born_on
        child.sex = data.sex
        if data.first_name.strip():
            child.first_name = data.first_name.strip()
        child.version += 1
        child.save()
        child_member = FamilyMember.objects.filter(family=pregnancy.family, person=child).first()
        if child_member is not None:
            child_member.role = MemberRole.CHILD
            if child_member.relation in ("", _("unborn child"), "ongeboren kind"):
                child_member.relation = {"f": _("daughter"), "m": _("son")}.get(data.sex, _("child"))
            child_member.save(update_fields=["role", "relation"])
        mother_member = FamilyMember.objects.filter(family=pregnancy.family, person_id=pregnancy.person_id).first()
        if mother_member is not None and mother_member.pregnant:
            mother_member.pregnant = False
            mother_member.save(update_fields=["pregnant"])
        if mother_member is not None and child_member is not None:
            _stay_with_mother(mother_member=mother_member, child_member=child_member, born_on=data.born_on,
                              model=AllocationMember)
        locked.status, locked.ended_on = PregnancyStatus.BORN, data.born_on
        locked.version += 1
        locked.save(update_fields=["status", "ended_on", "version", "updated_at"])
        birth = Birth.objects.create(
            family=pregnancy.family, person=child, recorded_by=actor, shared_with_team=pregnancy.shared_with_team,
            pregnancy=locked, born_on=data.born_on, weight_kg=data.weight_kg, length_cm=data.length_cm,
            head_circumference_cm=data.head_circumference_cm, gestational_age_days=ga_days,
            place=data.place.strip(), notes=data.notes.strip())
        audit_record(actor=actor, action=AuditAction.CREATE, target=birth,
                     fields=["born_on", "weight_kg", "length_cm", "head_circumference_cm", "gestational_age_days"])
        audit_record(actor=actor, action=AuditAction.UPDATE, target=child, fields=["birth_date", "sex", "role"])
        if any(v is not None for v in (data.weight_kg, data.length_cm, data.head_circumference_cm)):
            scores = growth.z_scores(sex=child.sex, birth_date=data.born_on, measured_on=data.born_on,
                                     weight_kg=data.weight_kg, length_cm=data.length_cm,
                                     head_circumference_cm=data.head_circumference_cm)
            first = GrowthMeasurement.objects.create(
                family=pregnancy.family, person=child, recorded_by=actor, shared_with_team=pregnancy.shared_with_team,
                measured_on=data.born_on, weight_kg=data.weight_kg, length_cm=data.length_cm,
                head_circumference_cm=data.head_circumference_cm, note=_("at birth"), age_days=0,
                weight_for_age_z=scores.weight_for_age_z, length_for_age_z=scores.length_for_age_z,
                head_circumference_for_age_z=scores.head_circumference_for_age_z,
                weight_for_length_z=scores.weight_for_length_z, bmi_for_age_z=scores.bmi_for_age_z)
            audit_record(actor=actor, action=AuditAction.CREATE, target=first,
                         fields=["measured_on", "weight_kg", "length_cm", "head_circumference_cm"])
    return birth


def _stay_with_mother(*, mother_member: FamilyMember, child_member: FamilyMember, born_on: datetime.date,
                      model) -> None:
    """Occupancy follows the birth: the mother counts for two until the birth date, the child stays in her unit
    from the day it comes home (the birth date) until the end of her stay."""
    from psycopg.types.range import DateRange

    stays = model.objects.select_for_update().filter(member=mother_member, period__contains=born_on)
    for stay in stays:
        if stay.unborn_until is None or stay.unborn_until > born_on:
            stay.unborn_until = born_on
            stay.save(update_fields=["unborn_until"])
        end = stay.period.upper
        if end is not None and end > born_on and not model.objects.filter(member=child_member,
                                                                           period__overlap=DateRange(born_on, end)
                                                                           ).exists():
            model.objects.create(allocation=stay.allocation, member=child_member, period=DateRange(born_on, end))


# --- vaccinations, entries, allergies ---------------------------------------------------------------------------

@dataclass
class VaccinationInput:
    vaccine: str
    dose_number: int
    given_on: datetime.date
    product: str = ""
    batch: str = ""
    given_by: str = ""
    shared_with_team: bool = False


def vaccination_add(*, actor: Any, access: HealthAccess, data: VaccinationInput) -> VaccinationDose:
    from spalk.health.schedule import VACCINES

    errors = []
    if data.vaccine not in VACCINES:
        errors.append(DomainError(_("Choose the vaccine."), field="vaccine"))
    if not 1 <= data.dose_number <= 6:
        errors.append(DomainError(_("Give the dose number (1–6)."), field="dose_number"))
    if data.given_on > timezone.localdate():
        errors.append(DomainError(_("The date lies in the future."), field="given_on"))
    birth = access.person.birth_date
    if birth is not None and data.given_on < birth:
        errors.append(DomainError(_("The date lies before the birth date."), field="given_on"))
    if VaccinationDose.objects.filter(person=access.person, vaccine=data.vaccine, dose_number=data.dose_number,
                                      error_at__isnull=True).exists():
        errors.append(DomainError(_("This dose has already been recorded."), field="dose_number"))
    raise_if_any(errors)
    with transaction.atomic():
        dose = VaccinationDose.objects.create(
            **_base(access, actor, data.shared_with_team), vaccine=data.vaccine, dose_number=data.dose_number,
            given_on=data.given_on, product=data.product.strip(), batch=data.batch.strip(),
            given_by=data.given_by.strip())
        audit_record(actor=actor, action=AuditAction.CREATE, target=dose, fields=["vaccine", "dose_number",
                                                                                 "given_on"])
    return dose


def entry_add(*, actor: Any, access: HealthAccess, kind: str, noted_on: datetime.date, topic: str, text: str,
              shared_with_team: bool = False) -> HealthEntry:
    if not topic.strip():
        raise DomainError(_("Say what it is about."), field="topic")
    if noted_on > timezone.localdate():
        raise DomainError(_("The date lies in the future."), field="noted_on")
    with transaction.atomic():
        entry = HealthEntry(**_base(access, actor, shared_with_team), kind=kind, noted_on=noted_on,
                            topic=topic.strip()[:200], text=text.strip())
        entry.full_clean(exclude=["family", "person", "recorded_by"])
        entry.save()
        audit_record(actor=actor, action=AuditAction.CREATE, target=entry, fields=["kind", "noted_on", "topic",
                                                                                  "text"])
    return entry


def allergy_add(*, actor: Any, access: HealthAccess, substance: str, reaction: str = "", severity: str = "mild",
                noted_on: datetime.date | None = None, shared_with_team: bool = True) -> Allergy:
    if not substance.strip():
        raise DomainError(_("Say what the person is allergic to."), field="substance")
    with transaction.atomic():
        allergy = Allergy(**_base(access, actor, shared_with_team), substance=substance.strip()[:200],
                          reaction=reaction.strip()[:300], severity=severity, noted_on=noted_on)
        allergy.full_clean(exclude=["family", "person", "recorded_by"])
        allergy.save()
        audit_record(actor=actor, action=AuditAction.CREATE, target=allergy, fields=["substance", "severity"])
    return allergy


# --- medication -------------------------------------------------------------------------------------------------

@dataclass
class MedicationInput:
    name: str
    dose: str
    start_on: datetime.date
    route: str = ""
    times: str = ""
    end_on: datetime.date | None = None
    prescribed_by: str = ""
    instructions: str = ""
    shared_with_team: bool = True


def _normal_times(times: str) -> str:
    out = []
    for raw in times.replace(",", " ").replace(";", " ").split():
        try:
            moment = datetime.datetime.strptime(raw.replace("u", ":").replace(".", ":"), "%H:%M").time()
        except ValueError:
            raise DomainError(_("Give the times as HH:MM, for example 08:00 20:00."), field="times") from None
        out.append(f"{moment:%H:%M}")
    return " ".join(sorted(set(out)))


def medication_errors(data: MedicationInput) -> list[DomainError]:
    errors = []
    if not data.name.strip():
        errors.append(DomainError(_("Give the name of the medication."), field="name"))
    if not data.dose.strip():
        errors.append(DomainError(_("Give the dose."), field="dose"))
    if data.end_on is not None and data.end_on < data.start_on:
        errors.append(DomainError(_("The end date lies before the start date."), field="end_on"))
    return errors


def medication_add(*, actor: Any, access: HealthAccess, data: MedicationInput) -> Medication:
    raise_if_any(medication_errors(data))
    times = _normal_times(data.times)
    with transaction.atomic():
        medication = Medication.objects.create(
            **_base(access, actor, data.shared_with_team), name=data.name.strip()[:200], dose=data.dose.strip()[:100],
            route=data.route.strip()[:100], times=times, start_on=data.start_on, end_on=data.end_on,
            prescribed_by=data.prescribed_by.strip()[:200], instructions=data.instructions.strip())
        audit_record(actor=actor, action=AuditAction.CREATE, target=medication,
                     fields=["name", "dose", "times", "start_on", "end_on"])
    return medication


def medication_update(*, actor: Any, medication: Medication, version: int, data: MedicationInput) -> Medication:
    """Change a medication (dose, schedule, period …); the earlier values stay in its history (pghistory)."""
    if medication.error_at is not None:
        raise DomainError(_("This medication was entered in error; it cannot be changed."), field="name")
    raise_if_any(medication_errors(data))
    return record_update(actor=actor, record=medication, version=version, changes={
        "name": data.name.strip()[:200], "dose": data.dose.strip()[:100], "route": data.route.strip()[:100],
        "times": _normal_times(data.times), "start_on": data.start_on, "end_on": data.end_on,
        "prescribed_by": data.prescribed_by.strip()[:200], "instructions": data.instructions.strip(),
        "shared_with_team": data.shared_with_team})


def administration_log(*, actor: Any, medication: Medication, status: str, given_at: datetime.datetime,
                       scheduled_for: datetime.datetime | None = None, note: str = "") -> MedicationAdministration:
    """Who gave what when: one line of the log (also 'refused' or 'not given', with a note)."""
    if status not in AdministrationStatus.values:
        raise DomainError(_("Choose what happened."), field="status")
    if given_at > timezone.now() + datetime.timedelta(minutes=10):
        raise DomainError(_("The moment lies in the future."), field="given_at")
    if status != AdministrationStatus.GIVEN and not note.strip():
        raise DomainError(_("Say why the dose was not given."), field="note")
    if medication.error_at is not None:
        raise DomainError(_("This medication was entered in error; no dose can be logged."), field="status")
    with transaction.atomic():
        line = MedicationAdministration.objects.create(
            medication=medication, family=medication.family, person=medication.person, scheduled_for=scheduled_for,
            given_at=given_at, status=status, given_by=actor, note=note.strip()[:300])
        audit_record(actor=actor, action=AuditAction.CREATE, target=line, fields=["status", "given_at"])
    return line


# --- Gordon -----------------------------------------------------------------------------------------------------

def gordon_save(*, actor: Any, access: HealthAccess, assessed_on: datetime.date, answers: dict, summary: str,
                shared_with_team: bool = False, assessment: GordonAssessment | None = None,
                version: int | None = None) -> GordonAssessment:
    """A new assessment (``assessment`` None) or a change to one (with its ``version``)."""
    from spalk.health.models import GORDON_PATTERNS

    codes = {code for code, _label in GORDON_PATTERNS}
    clean = {code: {"observation": str(v.get("observation", "")).strip()[:5000], "concern": bool(v.get("concern"))}
             for code, v in answers.items() if code in codes}
    if not any(v["observation"] or v["concern"] for v in clean.values()):
        raise DomainError(_("Describe at least one pattern."), field="health_perception")
    if assessed_on > timezone.localdate():
        raise DomainError(_("The date lies in the future."), field="assessed_on")
    if assessment is not None:
        return record_update(actor=actor, record=assessment, version=version or 0,
                             changes={"assessed_on": assessed_on, "answers": clean, "summary": summary.strip(),
                                      "shared_with_team": shared_with_team})
    with transaction.atomic():
        created = GordonAssessment.objects.create(**_base(access, actor, shared_with_team), assessed_on=assessed_on,
                                                  answers=clean, summary=summary.strip())
        audit_record(actor=actor, action=AuditAction.CREATE, target=created, fields=["assessed_on", "answers",
                                                                                    "summary"])
    return created


# --- development milestones -------------------------------------------------------------------------------------

@dataclass
class MilestoneInput:
    milestone_id: int
    observed_on: datetime.date
    status: str
    achieved_on: datetime.date | None = None
    note: str = ""
    shared_with_team: bool = False


def milestone_problems(*, person: Person, data: MilestoneInput) -> list[DomainError]:
    from spalk.health.models import Milestone, MilestoneStatus

    errors = []
    if not Milestone.objects.filter(pk=data.milestone_id, is_active=True).exists():
        errors.append(DomainError(_("Choose the milestone."), field="milestone"))
    if data.status not in MilestoneStatus.values:
        errors.append(DomainError(_("Choose whether the milestone is achieved."), field="status"))
    today = timezone.localdate()
    if data.observed_on > today:
        errors.append(DomainError(_("The date lies in the future."), field="observed_on"))
    if person.birth_date is None:
        errors.append(DomainError(_("This person has no birth date yet: record the birth first."),
                                  field="observed_on"))
    elif data.observed_on < person.birth_date:
        errors.append(DomainError(_("The date lies before the birth date."), field="observed_on"))
    if data.status == MilestoneStatus.ACHIEVED:
        if data.achieved_on is None:
            errors.append(DomainError(_("Give the date on which the milestone was achieved."), field="achieved_on"))
        elif data.achieved_on > data.observed_on:
            errors.append(DomainError(_("The milestone cannot be achieved after the date of the observation."),
                                      field="achieved_on"))
        elif person.birth_date is not None and data.achieved_on < person.birth_date:
            errors.append(DomainError(_("The date lies before the birth date."), field="achieved_on"))
    elif data.achieved_on is not None:
        errors.append(DomainError(_("A milestone that is not yet achieved has no date of achievement."),
                                  field="achieved_on"))
    return errors


def milestone_record(*, actor: Any, access: HealthAccess, data: MilestoneInput):
    """A child's milestone observed on a date: achieved (on a date) or not yet, with a free-text note."""
    from spalk.health.models import MilestoneObservation

    raise_if_any(milestone_problems(person=access.person, data=data))
    with transaction.atomic():
        observation = MilestoneObservation.objects.create(
            **_base(access, actor, data.shared_with_team), milestone_id=data.milestone_id,
            observed_on=data.observed_on, status=data.status, achieved_on=data.achieved_on, note=data.note.strip())
        audit_record(actor=actor, action=AuditAction.CREATE, target=observation,
                     fields=["milestone", "observed_on", "status", "achieved_on", "note"])
    return observation


def milestone_update(*, actor: Any, observation, version: int, data: MilestoneInput):
    if observation.error_at is not None:
        raise DomainError(_("This was entered in error; it cannot be changed."), field="status")
    raise_if_any(milestone_problems(person=observation.person, data=data))
    return record_update(actor=actor, record=observation, version=version, changes={
        "milestone_id": data.milestone_id, "observed_on": data.observed_on, "status": data.status,
        "achieved_on": data.achieved_on, "note": data.note.strip(), "shared_with_team": data.shared_with_team})
