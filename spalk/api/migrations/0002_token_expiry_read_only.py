"""Tokens expire (issue 9, hole 6). Tokens that exist get 90 days from now, so that no program stops without
notice on the day of the upgrade; every new token gets its lifetime when it is made."""

import datetime

from django.db import migrations, models
from django.utils import timezone


def give_existing_tokens_an_expiry(apps, schema_editor):
    ApiToken = apps.get_model("api", "ApiToken")
    ApiToken.objects.filter(expires_at__isnull=True).update(expires_at=timezone.now() + datetime.timedelta(days=90))


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]

    operations = [
        migrations.AddField("apitoken", "expires_at", models.DateTimeField(null=True, verbose_name="expires at")),
        migrations.AddField("apitoken", "read_only",
                            models.BooleanField(default=False, verbose_name="read only")),
        migrations.RunPython(give_existing_tokens_an_expiry, migrations.RunPython.noop),
        migrations.AlterField("apitoken", "expires_at", models.DateTimeField(verbose_name="expires at")),
    ]
