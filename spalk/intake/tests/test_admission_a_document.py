"""Issue 10, defect 4: a registration is not set to "opgenomen" while the A-document it needs is still a draft;
the step says what is missing and links to the A-document."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from spalk.core.errors import DomainError
from spalk.intake import selectors, services
from spalk.intake.models import ADocumentStatus, Consent, Module, Status

pytestmark = pytest.mark.django_db


def _to_decision(actor, reg):
    services.registration_transition(actor=actor, registration=reg, to_status=Status.IN_SCREENING)
    services.screening_save(actor=actor, registration=reg, answers={"drug_use": {"answer": "no"}},
                            weighing="not_yet")
    return services.registration_transition(actor=actor, registration=reg, to_status=Status.DECISION)


@pytest.fixture
def draft(intake_officer, registration):
    routes, _problems = selectors.registration_access_routes(registration=registration,
                                                             members=list(registration.members.all()))
    assert routes is not None and routes.a_document_required  # a pregnant 16-year-old: the ITP decides
    return services.a_document_create(actor=intake_officer, registration=registration, data={"question": "V"},
                                      lines=[(Module.objects.get(code="VHF-GO"), 6)])


def test_admission_is_refused_while_the_needed_a_document_is_a_draft(intake_officer, registration, draft):
    reg = _to_decision(intake_officer, registration)
    with pytest.raises(DomainError) as exc:
        services.registration_transition(actor=intake_officer, registration=reg, to_status=Status.ADMITTED,
                                         reason="Studio vrij.")
    assert exc.value.field == "to_status" and "nog een ontwerp" in exc.value.message
    reg.refresh_from_db()
    assert reg.status == Status.DECISION and reg.family is None


def test_admission_goes_ahead_once_the_a_document_is_sent(intake_officer, registration, draft):
    services.registration_member_update(actor=intake_officer, member=registration.members.get(),
                                        data={"consent": Consent.GIVEN})
    services.a_document_set_status(actor=intake_officer, adoc=draft, status=ADocumentStatus.SENT,
                                   on=timezone.localdate())
    reg = _to_decision(intake_officer, registration)
    reg = services.registration_transition(actor=intake_officer, registration=reg, to_status=Status.ADMITTED,
                                           reason="Studio vrij.")
    assert reg.status == Status.ADMITTED


def test_the_step_says_what_is_missing_and_links_to_the_a_document(mfa_client, intake_officer, registration,
                                                                   draft):
    reg = _to_decision(intake_officer, registration)
    client = mfa_client(intake_officer)
    link = reverse("intake:a_document", args=[reg.pk, draft.pk])
    page = client.get(reverse("intake:detail", args=[reg.pk])).content.decode()
    assert 'id="admission-blocker"' in page and f'href="{link}"' in page
    response = client.post(reverse("intake:transition", args=[reg.pk]),
                           {"to_status": Status.ADMITTED, "reason": "Studio vrij."})
    assert response.status_code == 422
    body = response.content.decode()
    assert "nog een ontwerp" in body and f'href="{link}"' in body
    reg.refresh_from_db()
    assert reg.status == Status.DECISION
