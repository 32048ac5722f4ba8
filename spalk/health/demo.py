"""Fictional health coordination for the demo families (Ten Anker Oostende): Lotte Vermeulen's pregnancy with a
prenatal consultation, Mona Claes as a newborn with her birth, growth points and vaccinations, a medication for
Milan Vermeulen (in residence, given by the night staff too) with its administration log, a Gordon assessment, the WHO
milestones of Mona and Milan, a measurement entered in error and a note withheld from the family. Every value here is
invented.

Idempotent: a person who already has the record is left alone.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from spalk.access.models import AssignmentRole, FamilyAssignment
from spalk.access.policy import HealthAccess
from spalk.accounts.models import User
from spalk.families.models import FamilyMember, MemberRole
from spalk.health import services
from spalk.health.models import Birth, GordonAssessment, GrowthMeasurement, Medication, Pregnancy, VaccinationDose

MIDWIFE = "vroedvrouw@tenanker.demo"
DAY = datetime.timedelta(days=1)
# Mona's measurements: (age in days, weight kg, length cm, head circumference cm) — a girl growing near P50
MONA = [(0, "3.250", "49.5", "34.0"), (14, "3.600", "51.0", "35.0"), (30, "4.250", "53.5", "36.4"),
        (45, "4.800", "55.4", "37.4"), (60, "5.300", "57.0", "38.2"), (90, "6.050", "59.8", "39.5"),
        (118, "6.600", "62.0", "40.4")]


def _member(family_name: str, first_name: str) -> FamilyMember | None:
    return (FamilyMember.objects.filter(family__name=family_name, family__centre__short_name="ANK",
                                        person__first_name=first_name).select_related("family", "person").first())


def _access(member: FamilyMember) -> HealthAccess:
    return HealthAccess(person=member.person, family=member.family, full=True, may_edit=True)


def _pregnancy(midwife: User, today: datetime.date) -> None:
    lotte = _member("Gezin Vermeulen", "Lotte")
    if lotte is None or Pregnancy.objects.filter(person=lotte.person).exists():
        return
    unborn = FamilyMember.objects.filter(family=lotte.family, role=MemberRole.UNBORN).select_related("person").first()
    expected = unborn.person.expected_birth_date if unborn and unborn.person.expected_birth_date else today + 70 * DAY
    pregnancy = services.pregnancy_create(actor=midwife, access=_access(lotte), data=services.PregnancyInput(
        expected_date=expected, last_period_date=expected - 280 * DAY, hospital="AZ Damiaan Oostende",
        risks="Jonge moeder (17 jaar). Rookt 5 sigaretten per dag; wil stoppen.",
        birth_plan="Bevallen in het ziekenhuis met de grootmoeder erbij. Borstvoeding proberen.",
        shared_with_team=True))
    services.consultation_add(actor=midwife, access=_access(lotte), kind="prenatal", pregnancy=pregnancy,
                              data=services.ConsultationInput(
                                  held_on=today - 12 * DAY, with_whom="vroedvrouw", next_on=today + 16 * DAY,
                                  notes="Bloeddruk 118/72. Kindje beweegt goed. Rookstop besproken."))
    services.gordon_save(actor=midwife, access=_access(lotte), assessed_on=today - 10 * DAY, answers={
        "sleep": {"observation": "Slaapt onrustig, wordt 3 keer per nacht wakker.", "concern": True},
        "nutrition": {"observation": "Eet 's middags warm in de leefgroep, ontbijt vaak niet.", "concern": True},
        "roles": {"observation": "Goede band met haar moeder; de vader van het kind is niet in beeld.",
                  "concern": False},
    }, summary="Ontbijt samen oefenen; slaapritueel bespreken op de volgende consultatie.")


def _newborn(midwife: User, today: datetime.date) -> None:
    mona = _member("Gezin Claes", "Mona")
    if mona is None or mona.person.birth_date is None or Birth.objects.filter(person=mona.person).exists():
        return
    if not FamilyAssignment.objects.filter(family=mona.family, user=midwife).exists():
        FamilyAssignment.objects.create(family=mona.family, user=midwife, role=AssignmentRole.HEALTH_COORDINATOR,
                                        start_date=mona.person.birth_date)
    born = mona.person.birth_date
    Birth.objects.create(family=mona.family, person=mona.person, recorded_by=midwife, shared_with_team=True,
                         born_on=born, weight_kg=Decimal("3.250"), length_cm=Decimal("49.5"),
                         head_circumference_cm=Decimal("34.0"), gestational_age_days=39 * 7 + 2,
                         place="AZ Oostende")
    access = _access(mona)
    for days, weight, length, head in MONA:
        if born + days * DAY > today:
            continue
        services.growth_measurement_add(actor=midwife, access=access, data=services.GrowthInput(
            measured_on=born + days * DAY, weight_kg=Decimal(weight), length_cm=Decimal(length),
            head_circumference_cm=Decimal(head), shared_with_team=True, note="bij de geboorte" if not days else ""))
    for vaccine, dose, product in (("hexa", 1, "Hexyon"), ("pcv", 1, "Prevenar 13"), ("rota", 1, "Rotarix"),
                                   ("hexa", 2, "Hexyon"), ("rota", 2, "Rotarix")):
        given = born + (8 if dose == 1 else 12) * 7 * DAY
        if given <= today:
            services.vaccination_add(actor=midwife, access=access, data=services.VaccinationInput(
                vaccine=vaccine, dose_number=dose, given_on=given, product=product, given_by="Kind en Gezin",
                shared_with_team=True))
    services.consultation_add(actor=midwife, access=access, kind="kg", data=services.ConsultationInput(
        held_on=min(today, born + 56 * DAY), with_whom="Kind en Gezin, consultatiebureau Oostende",
        notes="Groeit goed. Vitamine D dagelijks.", next_on=today + 20 * DAY, shared_with_team=True))
    services.entry_add(actor=midwife, access=access, kind="milestone", noted_on=today - 5 * DAY,
                       topic="Lacht terug", text="Lacht naar moeder en naar de begeleider.", shared_with_team=True)
    services.allergy_add(actor=midwife, access=access, substance="Koemelkeiwit (vermoeden)",
                         reaction="Huiduitslag na flesvoeding", severity="mild", noted_on=today - 30 * DAY)


def _medication(midwife: User, today: datetime.date) -> None:
    milan = _member("Gezin Vermeulen", "Milan")
    if milan is None or Medication.objects.filter(person=milan.person).exists():
        return
    services.medication_add(actor=midwife, access=_access(milan), data=services.MedicationInput(
        name="Amoxicilline siroop 250 mg/5 ml", dose="5 ml", route="oraal", times="08:00 14:00 20:00",
        start_on=today - 2 * DAY, end_on=today + 5 * DAY, prescribed_by="Dr. Decock (huisarts)",
        instructions="Na het eten geven. Volledige kuur afmaken."))


def _milestones(midwife: User, today: datetime.date) -> None:
    from spalk.health.milestones import load_milestones
    from spalk.health.models import Milestone, MilestoneObservation

    load_milestones(Milestone)  # the data migration's rows (gone after a flush in tests)
    mona, milan = _member("Gezin Claes", "Mona"), _member("Gezin Vermeulen", "Milan")
    if mona is not None and mona.person.birth_date and not MilestoneObservation.objects.filter(
            person=mona.person).exists():
        services.milestone_record(actor=midwife, access=_access(mona), data=services.MilestoneInput(
            milestone_id=Milestone.objects.get(code="sitting-without-support").pk, observed_on=today - 5 * DAY,
            status="not_yet", note="Zit met steun van een kussen, valt nog opzij.", shared_with_team=True))
    if milan is not None and milan.person.birth_date and not MilestoneObservation.objects.filter(
            person=milan.person).exists():
        born = milan.person.birth_date
        for code, months in (("sitting-without-support", 7), ("standing-with-assistance", 9),
                             ("walking-alone", 19)):
            achieved = min(today, born + round(months * 30.4375) * DAY)
            services.milestone_record(actor=midwife, access=_access(milan), data=services.MilestoneInput(
                milestone_id=Milestone.objects.get(code=code).pk, observed_on=achieved, status="achieved",
                achieved_on=achieved, note="Volgens moeder en de kinderbegeleider." if code == "walking-alone" else "",
                shared_with_team=True))


def _corrections(midwife: User, today: datetime.date) -> None:
    """A weight typed without its comma and marked as entered in error; a note about the partner withheld from the
    family; a dose of Milan's medicine given at night."""
    from spalk.health.corrections import record_mark_error, record_withhold
    from spalk.health.models import HealthEntry, MedicationAdministration

    mona, lotte, milan = (_member("Gezin Claes", "Mona"), _member("Gezin Vermeulen", "Lotte"),
                          _member("Gezin Vermeulen", "Milan"))
    if mona is not None and mona.person.birth_date and not GrowthMeasurement.objects.filter(
            person=mona.person, error_at__isnull=False).exists():
        on = min(today, mona.person.birth_date + 60 * DAY)
        wrong = services.growth_measurement_add(actor=midwife, access=_access(mona), data=services.GrowthInput(
            measured_on=on, weight_kg=Decimal("53.0"), shared_with_team=True))
        record_mark_error(actor=midwife, record=wrong, reason="Komma vergeten: het gewicht was 5,30 kg.",
                          version=wrong.version)
    if lotte is not None and not HealthEntry.objects.filter(person=lotte.person, kind="parent_health").exists():
        entry = services.entry_add(actor=midwife, access=_access(lotte), kind="parent_health",
                                   noted_on=today - 8 * DAY, topic="Gezondheid van de vader van het kind",
                                   text="De grootmoeder vertelde in vertrouwen over zijn ziekenhuisopname.")
        record_withhold(actor=midwife, record=entry, version=entry.version, withheld=True, reason="third_party")
    medication = Medication.objects.filter(person=milan.person).first() if milan is not None else None
    night = User.objects.filter(email="nacht@tenanker.demo").first()
    if medication is not None and not MedicationAdministration.objects.filter(medication=medication).exists():
        tz = timezone.get_current_timezone()
        yesterday = today - DAY
        for time, who in (("08:00", midwife), ("14:00", midwife), ("20:00", night or midwife)):
            hour, minute = (int(p) for p in time.split(":"))
            at = datetime.datetime.combine(yesterday, datetime.time(hour, minute), tzinfo=tz)
            services.administration_log(actor=who, medication=medication, status="given", given_at=at,
                                        scheduled_for=at)


def load(*, stdout) -> None:
    midwife = User.objects.filter(email=MIDWIFE).first()
    if midwife is None:
        stdout.write("health: no demo midwife, skipped\n")
        return
    today = timezone.localdate()
    with transaction.atomic():
        _pregnancy(midwife, today)
        _newborn(midwife, today)
        _medication(midwife, today)
        _milestones(midwife, today)
        _corrections(midwife, today)
    stdout.write(f"health: demo data loaded ({Pregnancy.objects.count()} pregnancies, "
                 f"{GrowthMeasurement.objects.count()} measurements, {VaccinationDose.objects.count()} vaccinations, "
                 f"{GordonAssessment.objects.count()} assessments)\n")
