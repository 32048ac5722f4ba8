"""A share keeps what went out (its artefact). Shares of a report made before: the report's frozen PDF is what
went out, so they get its fingerprint; notes and summaries shared before have no file (there is nothing to
render them from as they were)."""

import spalk.network.models
from django.db import migrations, models


def report_fingerprints(apps, schema_editor):
    Share = apps.get_model("network", "Share")
    for share in Share.objects.filter(kind="report", artefact_sha256="", report__isnull=False).select_related(
            "report"):
        share.artefact_sha256 = share.report.pdf_sha256
        share.save(update_fields=["artefact_sha256"])


class Migration(migrations.Migration):

    dependencies = [
        ('network', '0003_intake_consent_records'),
    ]

    operations = [
        migrations.AddField(
            model_name='share',
            name='artefact',
            field=models.FileField(blank=True, default='', editable=False, max_length=300, storage=spalk.network.models.share_storage, upload_to=spalk.network.models.share_path),
        ),
        migrations.AddField(
            model_name='share',
            name='artefact_sha256',
            field=models.CharField(blank=True, default='', editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name='consentrecord',
            name='basis',
            field=models.CharField(choices=[('consent', 'consent of the family'), ('court', 'court mandate'), ('ocj', 'mandate of the OCJ'), ('child_danger', 'duty to protect a child in danger'), ('legal', 'another legal basis, as written on the record')], default='consent', max_length=20, verbose_name='basis'),
        ),
        migrations.RunPython(report_fingerprints, migrations.RunPython.noop),
    ]
