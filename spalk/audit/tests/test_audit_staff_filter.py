"""Issue 10, audit in people's words: the auditor chooses a staff member by name (autocomplete through the
policy: only staff of the centres whose audit trail the auditor reads), not by id."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from spalk.access.policy import audit_staff

pytestmark = pytest.mark.django_db
URL = reverse("audit:events")


def test_choose_the_staff_member_by_name(mfa_client, director, counsellor, colleague, family):
    mfa_client(counsellor).get(reverse("families:detail", args=[family.pk]))
    mfa_client(colleague).get(reverse("families:list"))
    response = mfa_client(director).get(URL, {"actor_name": f"{counsellor} ({counsellor.email})"})
    assert response.status_code == 200
    events = list(response.context["page"])
    assert events and all(e.actor_id == counsellor.pk for e in events)
    name = escape(str(counsellor))  # a name such as D'hondt is escaped in the page
    assert f"Gebeurtenissen van {name}" in response.content.decode() or \
        f"Gebeurtenissen door {name}" in response.content.decode()


def test_the_filter_is_a_name_field_not_a_list_of_ids(mfa_client, director, counsellor):
    body = mfa_client(director).get(URL).content.decode()
    assert 'name="actor_name"' in body and 'list="audit-staff-options"' in body
    assert f'<option value="{counsellor.pk}"' not in body


def test_an_ambiguous_or_unknown_name_says_so(mfa_client, director, counsellor, colleague):
    client = mfa_client(director)
    several = client.get(URL, {"actor_name": "example.test"}).content.decode()
    assert "Meerdere medewerkers passen" in several and f'href="?actor={counsellor.pk}"' in several
    none = client.get(URL, {"actor_name": "Niemand Onbekend"}).content.decode()
    assert "Geen medewerker van uw centrum" in none


def test_suggestions_come_through_the_policy(mfa_client, director, counsellor, outsider):
    assert counsellor in audit_staff(user=director) and outsider not in audit_staff(user=director)
    body = mfa_client(director).get(reverse("audit:staff_options"), {"actor_name": "example"}).content.decode()
    assert f'value="{counsellor} ({counsellor.email})"' in body
    assert outsider.email not in body


def test_someone_of_another_centre_cannot_be_filtered_on_by_id(mfa_client, director, outsider):
    response = mfa_client(director).get(URL, {"actor": outsider.pk})
    assert response.status_code == 200 and "Geen medewerker van uw centrum" in response.content.decode()
    assert str(outsider) not in response.content.decode()


def test_suggestions_are_for_auditors_only(mfa_client, counsellor):
    assert mfa_client(counsellor).get(reverse("audit:staff_options"), {"actor_name": "a"}).status_code == 404
