"""The consent given at intake (per registration member) as ConsentRecords, for registrations made before
spalk.network existed (spalk.network.intake_sync does it for every change from now on)."""

import datetime

from django.db import migrations

PURPOSE = ("Aanmelding en A-document: de vraag om een indicatie aan de Intersectorale Toegangspoort (ITP).")


def _age(birth, day):
    if birth is None:
        return None
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def forward(apps, schema_editor):
    Registration = apps.get_model("intake", "Registration")
    ConsentRecord = apps.get_model("network", "ConsentRecord")
    ConsentGiver = apps.get_model("network", "ConsentGiver")
    today = datetime.date.today()
    for reg in Registration.objects.filter(members__consent__in=["given", "refused"]).distinct().iterator():
        if ConsentRecord.objects.filter(registration=reg, scope="registration").exists():
            continue
        record = ConsentRecord.objects.create(
            centre_id=reg.centre_id, family_id=reg.family_id, registration=reg, basis="consent",
            scope="registration", recipient_text="Intersectorale Toegangspoort (ITP)", purpose=PURPOSE,
            valid_from=reg.received_on, created_by_id=reg.created_by_id)
        for m in reg.members.filter(consent__in=["given", "refused"]):
            age = _age(m.birth_date, today)
            capacity = ("parent" if m.role == "parent" else
                        "minor_12" if m.role == "child" and age is not None and 12 <= age < 18 else "other")
            ConsentGiver.objects.create(record=record, registration_member=m, person_id=m.person_id,
                                        name=f"{m.first_name} {m.last_name}".strip(), capacity=capacity,
                                        answer=m.consent, answered_on=reg.received_on)


class Migration(migrations.Migration):
    dependencies = [("network", "0002_support_forms"), ("intake", "0006_history_clock_timestamp")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
