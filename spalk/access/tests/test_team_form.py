"""Issue 10, forms that help: the team page's forms go through spalk.core.forms.form_view like every other form
(error summary at the top that links to the field, everything typed kept)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from spalk.access.models import FamilyAssignment

pytestmark = pytest.mark.django_db


def test_a_missing_staff_member_is_in_the_error_summary_and_the_input_stays(mfa_client, team_lead, family):
    response = mfa_client(team_lead).post(reverse("access:team", args=[family.pk]), {
        "assign": "1", "user": "", "role": "counsellor"})
    assert response.status_code == 200
    body = response.content.decode()
    summary = body[body.index("data-error-summary"):]
    assert 'href="#id_user"' in summary[:summary.index("</ul>")]
    assert 'value="counsellor" selected' in body
    assert not FamilyAssignment.objects.filter(family=family, role="counsellor", user__isnull=True).exists()


def test_a_share_without_purpose_keeps_the_centre_chosen(mfa_client, team_lead, other_centre, family):
    response = mfa_client(team_lead).post(reverse("access:team", args=[family.pk]), {
        "share": "1", "centre": other_centre.pk, "purpose": ""})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'href="#id_purpose"' in body and f'value="{other_centre.pk}" selected' in body
