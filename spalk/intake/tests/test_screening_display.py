"""Issue 10, defect 11: the registration says "Screening invullen" only when there is none yet, a consent
that was given no longer reads "nodig: ouder", and the screening form is laid out compactly."""

from __future__ import annotations

import re

from django.urls import reverse

from spalk.intake.models import Weighing
from spalk.intake.services import screening_save


def _detail(mfa_client, user, registration) -> str:
    return mfa_client(user).get(reverse("intake:detail", args=[registration.pk])).content.decode()


def test_fill_in_the_screening_only_when_none_exists(mfa_client, intake_officer, registration):
    assert "Screening invullen" in _detail(mfa_client, intake_officer, registration)
    screening_save(actor=intake_officer, registration=registration, answers={}, weighing=Weighing.NOT_YET)
    body = _detail(mfa_client, intake_officer, registration)
    assert "Screening invullen" not in body
    assert "Screening bekijken of bijwerken" in body


def test_a_given_consent_is_shown_as_given(mfa_client, intake_officer, registration):
    member = registration.members.get()
    member.consent = "given"
    member.save(update_fields=["consent"])
    body = _detail(mfa_client, intake_officer, registration)
    assert "gegeven (12 jaar of ouder)" in body or "gegeven (ouder)" in body
    assert "nodig: ouder" not in body and "instemming ontbreekt" not in body


def test_a_missing_consent_still_says_what_is_needed(mfa_client, intake_officer, registration):
    body = _detail(mfa_client, intake_officer, registration)
    assert "nodig: ouder" in body and "instemming ontbreekt" in body


def test_the_screening_form_is_compact(mfa_client, intake_officer, registration):
    body = mfa_client(intake_officer).get(reverse("intake:screening", args=[registration.pk])).content.decode()
    items = len(re.findall(r'class="screening-item(?: field--error)?"', body))
    assert items >= 20  # one compact row per question: the answers inline, a one-line note beside them
    assert body.count('rows="1"') >= items
