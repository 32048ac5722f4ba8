"""Health coordination (issue 13): for the measurements, twenty young children of the first centre get sixty growth
measurements each (z-scores computed as the app does), a medication and two vaccinations; their mothers a
pregnancy record now and then. Marked ``bench-growth`` in the note so that the measurements find them through the
policy."""

from __future__ import annotations

import datetime
from decimal import Decimal

from bench.generators.base import Context

NAME = "health"
MARK = "bench-growth"
CHILDREN = 20
MEASUREMENTS = 60


def available() -> bool:
    from django.apps import apps

    return apps.is_installed("spalk.health")


def generate(ctx: Context) -> None:
    from spalk.families.models import FamilyMember, MemberRole
    from spalk.health import growth
    from spalk.health.models import GrowthMeasurement, Medication, VaccinationDose

    rng = ctx.rng(NAME)
    today = ctx.today
    youngest = today - datetime.timedelta(days=1800)
    children = list(FamilyMember.objects.filter(role=MemberRole.CHILD, person__birth_date__gte=youngest,
                                                person__birth_date__lte=today - datetime.timedelta(days=240),
                                                person__sex__in=["f", "m"], family__centre__short_name__isnull=False)
                    .order_by("family__centre_id", "pk").select_related("person")[:ctx.n(CHILDREN, CHILDREN)])
    rows, medications, doses = [], [], []
    for member in children:
        person = member.person
        age = (today - person.birth_date).days
        step = max(1, age // MEASUREMENTS)
        weight, length, head = 3.3, 50.0, 34.5
        for i in range(MEASUREMENTS):
            day = min(age, i * step)
            on = person.birth_date + datetime.timedelta(days=day)
            weight = 3.3 + day * (0.025 if day < 365 else 0.006) * rng.uniform(0.9, 1.1)
            length = min(110.0, 50.0 + day * (0.07 if day < 365 else 0.025))
            head = min(51.0, 34.5 + day * (0.03 if day < 365 else 0.003))
            w, le, h = Decimal(f"{weight:.3f}"), Decimal(f"{length:.1f}"), Decimal(f"{head:.1f}")
            z = growth.z_scores(sex=person.sex, birth_date=person.birth_date, measured_on=on, weight_kg=w,
                                length_cm=le, head_circumference_cm=h)
            rows.append(GrowthMeasurement(
                family_id=member.family_id, person_id=person.pk, measured_on=on, weight_kg=w, length_cm=le,
                head_circumference_cm=h, age_days=z.age_days, weight_for_age_z=z.weight_for_age_z,
                length_for_age_z=z.length_for_age_z, head_circumference_for_age_z=z.head_circumference_for_age_z,
                weight_for_length_z=z.weight_for_length_z, bmi_for_age_z=z.bmi_for_age_z, note=MARK,
                shared_with_team=i % 2 == 0))
        medications.append(Medication(family_id=member.family_id, person_id=person.pk, name="Vitamine D",
                                      dose="1 druppel", times="08:00", start_on=today - datetime.timedelta(days=30),
                                      shared_with_team=True))
        for vaccine in ("hexa", "pcv"):
            doses.append(VaccinationDose(family_id=member.family_id, person_id=person.pk, vaccine=vaccine,
                                         dose_number=1, given_on=person.birth_date + datetime.timedelta(weeks=8)))
    GrowthMeasurement.objects.bulk_create(rows, batch_size=5000)
    Medication.objects.bulk_create(medications)
    VaccinationDose.objects.bulk_create(doses)
    ctx.counts.update({"growth measurements": len(rows), "medications": len(medications)})
