"""plans/0004: every report sending made before becomes a share under a consent record (one kind of consent, one
sharing rule). Migrate back to before it, write sendings on both old bases with the historical model, migrate
forward and read the records, givers and shares it made; then the way back gives the old fields again."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from spalk.families.models import MemberRole

BEFORE = [("plans", "0003_readable_labels")]
AFTER = [("plans", "0004_sending_is_a_share")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_sendings_become_shares_under_consent_records(family, counsellor):
    from spalk.plans.models import Report
    from spalk.trajectories.models import Trajectory

    today = timezone.localdate()
    mother = family.members.get(role=MemberRole.PARENT).person
    trajectory = Trajectory.objects.create(family=family, centre=family.centre, admitted_on=today - datetime.
                                           timedelta(days=90))
    report = Report.objects.create(trajectory=trajectory, family=family, kind="progress", title="Evolutieverslag",
                                   period_start=today - datetime.timedelta(days=90), period_end=today,
                                   status="issued", content_sha256="c" * 64, pdf_sha256="p" * 64)
    sent = today - datetime.timedelta(days=3)
    try:
        apps = _migrate(BEFORE)  # the reports' tables do not change here: only the sendings'
        Sending = apps.get_model("plans", "ReportSending")
        by_consent = Sending.objects.create(report_id=report.pk, family_id=family.pk, recipient_kind="ocj",
                                            recipient_name="OCJ Oostende", sent_on=sent, basis="consent",
                                            consent_by_id=mother.pk, consent_on=sent - datetime.timedelta(days=1),
                                            recorded_by_id=counsellor.pk)
        by_law = Sending.objects.create(report_id=report.pk, family_id=family.pk, recipient_kind="court",
                                        recipient_name="Jeugdrechtbank Brugge", sent_on=sent, basis="legal",
                                        legal_basis="Vonnis van 12/03/2026", recorded_by_id=counsellor.pk)

        apps = _migrate(AFTER)
        Sending = apps.get_model("plans", "ReportSending")
        consent_share = Sending.objects.select_related("share__consent").get(pk=by_consent.pk).share
        record = consent_share.consent
        assert (consent_share.kind, consent_share.report_id, consent_share.artefact_sha256) == (
            "report", report.pk, "p" * 64)
        assert (record.basis, record.scope, record.recipient_text) == ("consent", "reports", "OCJ Oostende")
        assert (record.valid_from, record.valid_until) == (sent - datetime.timedelta(days=1), sent)
        assert [(g.person_id, g.capacity, g.answer) for g in record.givers.all()] == [(mother.pk, "parent", "given")]
        legal = Sending.objects.select_related("share__consent").get(pk=by_law.pk).share.consent
        assert (legal.basis, legal.basis_note, legal.valid_until) == ("court", "Vonnis van 12/03/2026", sent)
        assert not legal.givers.exists()

        apps = _migrate(BEFORE)
        Sending = apps.get_model("plans", "ReportSending")
        back = Sending.objects.get(pk=by_consent.pk)
        assert (back.basis, back.consent_by_id, back.consent_on) == ("consent", mother.pk,
                                                                     sent - datetime.timedelta(days=1))
        assert Sending.objects.get(pk=by_law.pk).legal_basis == "Vonnis van 12/03/2026"
        from spalk.network.models import ConsentRecord, Share  # network stays where it is: its tables are current

        assert not Share.objects.exists()
        assert not ConsentRecord.objects.filter(scope="reports").exists()
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
