"""What a share with a partner delivers, kept as it went out (the artefact).

- an issued report: its frozen PDF, unchanged (the share records the report's ``pdf_sha256``; the download checks
  it again), so the partner receives exactly what the centre issued;
- a logbook note or a summary: rendered once, at the moment of sharing, to a PDF whose every page names the
  recipient and the consent or legal basis it was shared under ("Gedeeld met X onder toestemming Y"); stored
  outside the web root with its sha256.

spalk does not send the artefact: the worker downloads it (through the policy, audited) and sends it through a
secure channel (eHealthBox, the partner's platform) — see docs/network.md for why spalk does not e-mail dossier
content.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from spalk.core.errors import DomainError
from spalk.network.models import Basis, ConsentRecord, Share, ShareKind


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def basis_line(record: ConsentRecord) -> str:
    """"toestemming nr. 12 (doel)" or "wettelijke grond nr. 12: mandaat van het OCJ (as written)"."""
    if record.basis == Basis.CONSENT:
        return _("consent no. %(id)s (%(purpose)s)") % {"id": record.pk, "purpose": record.purpose.strip()}
    return _("legal basis no. %(id)s: %(basis)s (%(note)s)") % {
        "id": record.pk, "basis": record.get_basis_display(), "note": record.basis_note.strip()}


def footer_line(*, share: Share, record: ConsentRecord, actor: Any) -> str:
    when = timezone.localtime(share.shared_at or timezone.now())
    return _("Shared with %(to)s under %(basis)s on %(date)s by %(who)s. Only for this purpose: do not pass it "
             "on.") % {"to": record.recipient_label, "basis": basis_line(record), "date": f"{when:%d/%m/%Y}",
                       "who": str(actor)}


def render_share_pdf(*, share: Share, record: ConsentRecord, actor: Any, body: str, concerns: list) -> bytes:
    """The note's or the summary's PDF, in Dutch (the centre's language), with the sharing footer on every page."""
    from weasyprint import HTML

    family = share.family
    with translation.override("nl"):
        html = render_to_string("network/share_pdf.html", {
            "centre": family.centre, "family": family, "share": share, "title": share.title,
            "kind": ShareKind(share.kind).label, "body": body, "concerns": [p.full_name for p in concerns],
            "footer": footer_line(share=share, record=record, actor=actor),
            "shared_on": timezone.localtime(share.shared_at or timezone.now())})
    return HTML(string=html).write_pdf()


def freeze(*, share: Share, record: ConsentRecord, actor: Any, note: Any, summary: str, concerns: list) -> None:
    """Store what went out on ``share`` (inside the share's transaction)."""
    if share.kind == ShareKind.REPORT:
        assert share.report is not None  # share_create refuses a report share without an issued report
        share.artefact_sha256 = share.report.pdf_sha256
        share.save(update_fields=["artefact_sha256"])
        return
    body = note.text if share.kind == ShareKind.NOTE else summary
    pdf = render_share_pdf(share=share, record=record, actor=actor, body=body, concerns=concerns)
    share.artefact_sha256 = sha256(pdf)
    share.artefact.save(f"{share.pk}.pdf", ContentFile(pdf), save=False)
    share.save(update_fields=["artefact", "artefact_sha256"])


def has_artefact(share: Share) -> bool:
    return bool(share.artefact_sha256)


def artefact_bytes(*, share: Share) -> bytes:
    """The artefact as it went out, checked against the fingerprint recorded when it was shared."""
    if not share.artefact_sha256:
        raise DomainError(_("This share was recorded before spalk kept what was shared; there is no file."),
                          code="no_artefact")
    if share.kind == ShareKind.REPORT and share.report is not None:
        from spalk.plans.reports import issued_pdf

        data = issued_pdf(report=share.report)
    else:
        with share.artefact.open("rb") as handle:
            data = handle.read()
    if sha256(data) != share.artefact_sha256:
        raise DomainError(_("The stored file does not match its fingerprint. Contact the administrator."),
                          code="integrity")
    return data


def artefact_filename(share: Share) -> str:
    return f"{share.family.reference}-G{share.pk}-{share.kind}.pdf"
