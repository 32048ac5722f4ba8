"""Attachments: type and size checked on the content, stored through the named storage, served only as a
download through the policy, audited."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from spalk.audit.models import AuditAction, AuditEvent
from spalk.core.errors import DomainError
from spalk.logbook import services
from spalk.logbook.files import sniff_attachment
from spalk.logbook.models import Attachment
from spalk.testing.logbook import NoteFactory

pytestmark = pytest.mark.django_db


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "JPEG")
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.parametrize("content,expected", [
    (png(), "image/png"), (jpeg(), "image/jpeg"), (PDF, "application/pdf"),
    (b"<html><script>alert(1)</script></html>", None),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', None),
    (b"\x89PNG\r\n\x1a\n<html>not really a png</html>", None),  # magic bytes alone do not suffice
    (b"\xff\xd8\xff<script>", None),
    (b"%PDF-1.4 but never ends", None),
])
def test_sniffing_trusts_the_content_only(content, expected):
    assert sniff_attachment(content) == expected


def test_html_named_as_pdf_is_refused(counsellor, resident):
    note = NoteFactory(family=resident, author=counsellor)
    upload = SimpleUploadedFile("brief.pdf", b"<html><body>hallo</body></html>", content_type="application/pdf")
    with pytest.raises(DomainError):
        services.attachment_add(actor=counsellor, note=note, upload=upload)
    assert not Attachment.objects.exists()


def test_too_large_is_refused(counsellor, resident, settings):
    settings.SPALK_ATTACHMENT_MAX_BYTES = 100
    note = NoteFactory(family=resident, author=counsellor)
    with pytest.raises(DomainError):
        services.attachment_add(actor=counsellor, note=note,
                                upload=SimpleUploadedFile("foto.png", png() + b"\0" * 200))


def test_upload_and_download_as_attachment(mfa_client, counsellor, resident, attachment_dir):
    note = NoteFactory(family=resident, author=counsellor)
    client = mfa_client(counsellor)
    response = client.post(reverse("logbook:attachment_add", args=[note.pk]),
                           {"file": SimpleUploadedFile("brief van OCMW.png", png(), content_type="text/html")})
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/png" and attachment.original_name == "brief van OCMW.png"
    assert (attachment_dir / attachment.file.name).exists()  # under the attachments storage, not the web root
    assert "OCMW" not in attachment.file.name
    download = client.get(reverse("logbook:attachment", args=[attachment.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff" and download["Content-Type"] == "image/png"
    assert b"".join(download.streaming_content) == png()
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_type="logbook.attachment").count() == 1


def test_download_of_a_health_only_note_is_404_for_a_colleague(mfa_client, counsellor, colleague, resident):
    note = NoteFactory(family=resident, author=counsellor, visibility="health")
    attachment = services.attachment_add(actor=counsellor, note=note, upload=SimpleUploadedFile("a.pdf", PDF))
    assert mfa_client(colleague).get(reverse("logbook:attachment", args=[attachment.pk])).status_code == 404


def test_outsider_gets_404(mfa_client, counsellor, outsider, resident):
    note = NoteFactory(family=resident, author=counsellor)
    attachment = services.attachment_add(actor=counsellor, note=note, upload=SimpleUploadedFile("a.pdf", PDF))
    assert mfa_client(outsider).get(reverse("logbook:attachment", args=[attachment.pk])).status_code == 404
