"""The 24 support forms of seed 004 with every criterion and its colour code (spalk.network.supportforms)."""

from django.db import migrations


def load(apps, schema_editor):
    from spalk.network.supportforms import load_support_forms

    load_support_forms(apps.get_model("network", "SupportForm"), apps.get_model("network", "SupportFormCriterion"))


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
