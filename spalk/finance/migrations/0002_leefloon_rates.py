"""The real leefloon amounts and the 25 % contribution, so that a new installation computes from day one.

Sources (docs/finance.md): the monthly amounts of the leefloon published by the POD Maatschappelijke Integratie
(mi-is.be, "Bedragen leefloon"), indexations of 1 May 2024 and 1 February 2025; the 25 % from the CIG sector
profile (CIG Vlaanderen, seed 000: "een cliëntbijdrage die gebaseerd is op 25% van het leefloon").
"""

import datetime
from decimal import Decimal

from django.db import migrations

POD_MI = "POD Maatschappelijke Integratie, bedragen leefloon, indexering van {day}"
RATES = [
    (datetime.date(2024, 5, 1), datetime.date(2025, 1, 31), "1 mei 2024",
     {"cohabiting": "858.97", "single": "1288.46", "family": "1741.29"}),
    (datetime.date(2025, 2, 1), None, "1 februari 2025",
     {"cohabiting": "876.13", "single": "1314.20", "family": "1776.07"}),
]


def add(apps, schema_editor):
    LeefloonRate = apps.get_model("finance", "LeefloonRate")
    ContributionPercentage = apps.get_model("finance", "ContributionPercentage")
    for valid_from, valid_to, label, amounts in RATES:
        for category, amount in amounts.items():
            LeefloonRate.objects.get_or_create(category=category, valid_from=valid_from, defaults={
                "valid_to": valid_to, "monthly_amount": Decimal(amount), "source": POD_MI.format(day=label)})
    ContributionPercentage.objects.get_or_create(valid_from=datetime.date(2024, 5, 1), defaults={
        "percentage": Decimal("25.00"),
        "source": "CIG Vlaanderen, profiel van de sector: cliëntbijdrage van 25 % van het leefloon"})


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
