"""The eight modules of a CIG (seed 000, "Toeleiding"), as data. Administrators maintain them afterwards."""

import datetime

from django.db import migrations

ONDER = "Verblijf voor (aanstaande) ouder(s) en kind(eren)"
MODULES = [
    # code, Dutch name, kind, frequency, directly accessible, within family admission
    ("CB", "Contextbegeleiding voor (aanstaande) ouder(s) en kind(eren)", "context", "", True, False),
    ("VHF-GO", f"{ONDER} hoge frequentie in functie van gezinsopname", "stay", "high", False, True),
    ("VLF-GO", f"{ONDER} lage frequentie in functie van gezinsopname", "stay", "low", False, True),
    ("VHF-RT", f"{ONDER} hoge frequentie rechtstreeks toegankelijk", "stay", "high", True, True),
    ("VLF-RT", f"{ONDER} lage frequentie rechtstreeks toegankelijk", "stay", "low", True, True),
    ("VHF", f"{ONDER} hoge frequentie", "stay", "high", False, False),
    ("VLF", f"{ONDER} lage frequentie", "stay", "low", False, False),
    ("KCV", "Kortdurend crisisverblijf", "crisis", "", False, False),
]
# The decree on integrale jeugdhulp took effect on 1 March 2014.
VALID_FROM = datetime.date(2014, 3, 1)


def load(apps, schema_editor):
    Module = apps.get_model("intake", "Module")
    for order, (code, name, kind, frequency, direct, family_admission) in enumerate(MODULES, start=1):
        Module.objects.update_or_create(code=code, valid_from=VALID_FROM, defaults={
            "name": name, "kind": kind, "frequency": frequency, "directly_accessible": direct,
            "family_admission": family_admission, "sort_order": order})


def unload(apps, schema_editor):
    apps.get_model("intake", "Module").objects.filter(code__in=[m[0] for m in MODULES],
                                                      valid_from=VALID_FROM).delete()


class Migration(migrations.Migration):
    dependencies = [("intake", "0002_initial")]
    operations = [migrations.RunPython(load, unload)]
