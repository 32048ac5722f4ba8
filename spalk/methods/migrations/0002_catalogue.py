"""The methods catalogue of seed 000."""

from django.db import migrations


def load(apps, schema_editor):
    from spalk.methods.catalogue import load_catalogue

    load_catalogue(apps.get_model("methods", "MethodArea"), apps.get_model("methods", "Method"))


class Migration(migrations.Migration):
    dependencies = [("methods", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
