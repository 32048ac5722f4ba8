"""The six WHO gross motor milestones with their windows of achievement (spalk/health/milestones.py)."""

from django.db import migrations


def load(apps, schema_editor):
    from spalk.health.milestones import load_milestones

    load_milestones(apps.get_model("health", "Milestone"))


class Migration(migrations.Migration):
    dependencies = [("health", "0002_corrections_milestones")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
