"""Issue 10, defect 2: the A-document and its PDF name a minor parent, the national numbers, the consent dates,
mark a draft and keep module codes on one line. The PDF is rendered by WeasyPrint and read back as text."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from spalk.intake import pdf, services
from spalk.intake.models import ADocumentStatus, Consent, Module
from spalk.intake.tests.conftest import RegistrationMemberFactory, years_ago

pytestmark = pytest.mark.django_db

NN_MOTHER = "09031412483"  # fictional, valid check digits


def _text(content: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def adoc(intake_officer, registration):
    mother = registration.members.get()
    mother.birth_date = years_ago(17)
    mother.save()
    services.registration_member_update(actor=intake_officer, member=mother,
                                        data={"national_number": NN_MOTHER, "consent": Consent.GIVEN})
    module = Module.objects.get(code="VHF-GO")
    return services.a_document_create(actor=intake_officer, registration=registration,
                                      data={"question": "Vraag", "motivation": "Waarom", "urgency": "high",
                                            "contact_name": "Inge"}, lines=[(module, 6)])


def test_consent_date_is_recorded_when_given_and_cleared_when_withdrawn(intake_officer, registration):
    member = registration.members.get()
    member = services.registration_member_update(actor=intake_officer, member=member,
                                                 data={"consent": Consent.GIVEN})
    assert member.consent_on == timezone.localdate()
    member = services.registration_member_update(actor=intake_officer, member=member,
                                                 data={"consent": Consent.REFUSED})
    assert member.consent_on is None


def test_a_pregnant_mother_of_17_is_a_minor_of_12_or_more(adoc):
    data = pdf.a_document_data(adoc=adoc)
    minors = data["consent"]["minors_12_plus"]
    assert [(m["age"], m["consent"]) for m in minors] == [(17, Consent.GIVEN)]
    assert minors[0]["consent_on"] == timezone.localdate().isoformat()
    assert data["members"][0]["national_number"] == "09.03.14-124.83"


def test_pdf_shows_minor_parent_national_number_consent_date_and_draft_mark(mfa_client, intake_officer, adoc):
    response = mfa_client(intake_officer).get(
        reverse("intake:a_document_pdf", args=[adoc.registration_id, adoc.pk]))
    assert response.status_code == 200
    text = _text(response.content)
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert "geen minderjarige" not in text and "tussen 12 en 17" not in text
    assert "Lien Janssens (17 jaar, ouder): gegeven op " + today in text.replace("\n", " ")
    assert "09.03.14-124.83" in text
    assert "ONTWERP" in text
    assert "VHF-GO" in text  # the module code on one line (white-space: nowrap)


def test_pdf_of_a_sent_document_has_no_draft_mark(intake_officer, adoc):
    services.a_document_set_status(actor=intake_officer, adoc=adoc, status=ADocumentStatus.SENT,
                                   on=timezone.localdate())
    adoc.refresh_from_db()
    assert "ONTWERP" not in _text(pdf.a_document_pdf(adoc=adoc))


def test_without_any_minor_the_document_says_so_in_plain_words(intake_officer, registration):
    member = registration.members.get()
    member.birth_date = years_ago(30)
    member.save()
    RegistrationMemberFactory(registration=registration, role="child", birth_date=years_ago(3))
    adoc = services.a_document_create(actor=intake_officer, registration=registration, data={"question": "V"},
                                      lines=[(Module.objects.get(code="VHF-GO"), 6)])
    assert pdf.a_document_data(adoc=adoc)["consent"]["minors_12_plus"] == []
    assert "Geen gezinslid is tussen 12 en 17 jaar oud" in _text(pdf.a_document_pdf(adoc=adoc))
