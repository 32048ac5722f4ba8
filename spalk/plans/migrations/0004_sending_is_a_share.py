"""A report's sending is a share with a partner (spalk.network): one kind of consent, one sharing rule.

Every existing sending becomes a ConsentRecord (its own legal basis or the consent it named, valid on the day it
was sent only, so that it opens no sharing later) and a Share of the report under it, carrying the report's frozen
PDF fingerprint; the sending keeps the recipient's kind and the day. The way back writes the basis onto the
sending again and removes what this migration made."""

import django.db.models.deletion
from django.db import migrations, models

MARK = "Overgenomen uit de verzending van een verslag: "


def _age(birth, day):
    if birth is None:
        return None
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def forward(apps, schema_editor):
    ReportSending = apps.get_model("plans", "ReportSending")
    ConsentRecord = apps.get_model("network", "ConsentRecord")
    ConsentGiver = apps.get_model("network", "ConsentGiver")
    Share = apps.get_model("network", "Share")
    FamilyMember = apps.get_model("families", "FamilyMember")
    for s in ReportSending.objects.filter(share__isnull=True).select_related("report", "family", "consent_by"):
        report = s.report
        consent = s.basis == "consent" and s.consent_by_id is not None
        start = min(s.consent_on or s.sent_on, s.sent_on) if consent else s.sent_on
        record = ConsentRecord.objects.create(
            centre_id=s.family.centre_id, family_id=s.family_id,
            basis="consent" if consent else {"court": "court", "ocj": "ocj"}.get(s.recipient_kind, "legal"),
            basis_note="" if consent else (s.legal_basis or "—"), scope="reports", scope_note=report.title[:300],
            recipient_text=s.recipient_name[:200],
            purpose=f"{MARK}'{report.title}', verstuurd op {s.sent_on:%d/%m/%Y}.",
            valid_from=start, valid_until=s.sent_on, created_by_id=s.recorded_by_id)
        if consent:
            person = s.consent_by
            role = FamilyMember.objects.filter(family_id=s.family_id, person_id=person.pk).values_list(
                "role", flat=True).first()
            age = _age(person.birth_date, s.consent_on or s.sent_on)
            capacity = ("parent" if role == "parent" else
                        "minor_12" if role == "child" and age is not None and 12 <= age < 18 else "other")
            ConsentGiver.objects.create(record=record, person_id=person.pk, capacity=capacity, answer="given",
                                        name=f"{person.first_name} {person.last_name}".strip() or "—",
                                        answered_on=s.consent_on or s.sent_on)
        share = Share.objects.create(
            centre_id=s.family.centre_id, family_id=s.family_id, consent=record, kind="report", report_id=report.pk,
            recipient_label=s.recipient_name[:300], title=report.title[:300], shared_by_id=s.recorded_by_id,
            artefact_sha256=report.pdf_sha256)
        Share.objects.filter(pk=share.pk).update(shared_at=s.recorded_at)
        s.share = share
        s.save(update_fields=["share"])


def backward(apps, schema_editor):
    ReportSending = apps.get_model("plans", "ReportSending")
    Share = apps.get_model("network", "Share")
    ConsentRecord = apps.get_model("network", "ConsentRecord")
    for s in ReportSending.objects.filter(share__isnull=False).select_related("share__consent"):
        record = s.share.consent
        giver = record.givers.filter(person__isnull=False).order_by("pk").first()
        if record.basis == "consent" and giver is not None:
            s.basis, s.consent_by_id, s.consent_on, s.legal_basis = "consent", giver.person_id, giver.answered_on, ""
        else:
            s.basis, s.legal_basis = "legal", (record.basis_note or record.purpose)[:300]
        share_id = s.share_id
        s.share = None
        s.save()
        Share.objects.filter(pk=share_id).delete()
        if record.purpose.startswith(MARK) and not record.shares.exists():
            ConsentRecord.objects.filter(pk=record.pk).delete()


class Migration(migrations.Migration):
    # the rows are written in their own transaction (RunPython below is atomic by itself): PostgreSQL refuses to
    # alter a table with pending deferred constraint triggers in the same transaction
    atomic = False

    dependencies = [
        ("network", "0004_share_artefacts"),
        ("families", "0003_history_clock_timestamp"),
        ("plans", "0003_readable_labels"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="reportsending", name="report_sending_has_basis"),
        migrations.AddField(
            model_name="reportsending", name="share",
            field=models.OneToOneField(null=True, on_delete=django.db.models.deletion.PROTECT,
                                       related_name="report_sending", to="network.share"),
        ),
        # blank with a default, so that the way back can add the column to rows that have one
        migrations.AlterField(
            model_name="reportsending", name="basis",
            field=models.CharField(blank=True, default="", max_length=10, verbose_name="basis",
                                   choices=[("legal", "legal basis"), ("consent", "the family's consent")]),
        ),
        migrations.RunPython(forward, backward, atomic=True),
        migrations.RemoveField(model_name="reportsending", name="basis"),
        migrations.RemoveField(model_name="reportsending", name="consent_by"),
        migrations.RemoveField(model_name="reportsending", name="consent_on"),
        migrations.RemoveField(model_name="reportsending", name="legal_basis"),
        migrations.AlterField(
            model_name="reportsending", name="share",
            field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name="report_sending",
                                       to="network.share"),
        ),
    ]
