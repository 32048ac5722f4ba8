"""A share is delivered, not only recorded: what went out is frozen on the share (a note or a summary as a PDF with
the "gedeeld met ... onder ..." footer, a report as its frozen PDF), with its sha256, and downloadable only
through the policy (audited), for the worker to send through a secure channel."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from spalk.audit.models import AuditAction, AuditEvent
from spalk.core.errors import DomainError
from spalk.network import artefacts
from spalk.network import consent as rules
from spalk.network.models import ShareKind

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def note(family, counsellor):
    from spalk.logbook.models import Note

    return Note.objects.create(centre=family.centre, family=family, author=counsellor, category="child_work",
                               text="Noor vertelt dat ze weer graag naar school gaat.")


def test_a_summary_is_frozen_as_a_pdf_with_the_sharing_footer(family, counsellor, consent):
    share = rules.share_create(actor=counsellor, family=family, data=rules.ShareInput(
        kind=ShareKind.SUMMARY, consent=consent, summary="Moeder volgt de gesprekken trouw op."))
    data = artefacts.artefact_bytes(share=share)
    assert hashlib.sha256(data).hexdigest() == share.artefact_sha256 and share.artefact.name.startswith("shares/")
    text = _text(data)
    assert "Moeder volgt de gesprekken trouw op." in text
    assert f"Gedeeld met CGG Test (demo) onder toestemming nr. {consent.pk}" in text
    assert family.reference in text


def test_a_note_is_frozen_as_it_was_and_later_edits_do_not_change_it(family, counsellor, consent, note):
    share = rules.share_create(actor=counsellor, family=family, data=rules.ShareInput(
        kind=ShareKind.NOTE, consent=consent, note=note))
    note.text = "Iets anders."
    note.save(update_fields=["text"])
    text = _text(artefacts.artefact_bytes(share=share))
    assert "weer graag naar school" in text and "Iets anders" not in text


def test_a_legal_basis_is_named_in_the_footer(family, counsellor, cgg):
    from spalk.network.models import Basis, Scope

    from .conftest import record

    court = record(family, counsellor, cgg, basis=Basis.COURT, scope=Scope.ALL, note="Vonnis JRB Brugge 12/03")
    share = rules.share_create(actor=counsellor, family=family, data=rules.ShareInput(
        kind=ShareKind.SUMMARY, consent=court, summary="Stand van zaken."))
    assert "wettelijke grond nr." in _text(artefacts.artefact_bytes(share=share))


def test_a_changed_file_is_refused(family, counsellor, consent):
    share = rules.share_create(actor=counsellor, family=family, data=rules.ShareInput(
        kind=ShareKind.SUMMARY, consent=consent, summary="Kort."))
    with share.artefact.storage.open(share.artefact.name, "wb") as handle:
        handle.write(b"%PDF-1.7 changed")
    with pytest.raises(DomainError) as exc:
        artefacts.artefact_bytes(share=share)
    assert exc.value.code == "integrity"


def test_only_an_issued_report_is_shared(family, counsellor, consent):
    from spalk.plans.models import Report
    from spalk.trajectories.models import Trajectory

    trajectory = Trajectory.objects.create(family=family, centre=family.centre, admitted_on=consent.valid_from)
    draft = Report.objects.create(trajectory=trajectory, family=family, kind="progress", title="Ontwerp",
                                  period_start=consent.valid_from, period_end=consent.valid_from)
    with pytest.raises(DomainError, match="uitgegeven"):
        rules.share_create(actor=counsellor, family=family, data=rules.ShareInput(
            kind=ShareKind.REPORT, consent=consent, report=draft))


def test_download_through_the_policy_is_audited(mfa_client, counsellor, family, consent, partner_director,
                                                outsider):
    share = rules.share_create(actor=counsellor, family=family, data=rules.ShareInput(
        kind=ShareKind.SUMMARY, consent=consent, summary="Samenvatting voor het CGG."))
    url = reverse("network:share_file", args=[share.pk])
    client = mfa_client(counsellor)
    assert url in client.get(reverse("network:family", args=[family.pk])).content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"] and response["Cache-Control"] == "no-store"
    assert hashlib.sha256(response.content).hexdigest() == share.artefact_sha256
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, object_type="network.share", object_id=str(share.pk))
    assert event.actor_id == counsellor.pk and event.extra["artefact_sha256"] == share.artefact_sha256
    # a centre the family is shared with sees that it was shared, but does not take the file; others see nothing
    partner = mfa_client(partner_director)
    assert url not in partner.get(reverse("network:family", args=[family.pk])).content.decode()
    assert partner.get(url).status_code == 403
    assert mfa_client(outsider).get(url).status_code == 404
