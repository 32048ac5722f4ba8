"""The audit trail in people's words, and the family filter chosen by name through the policy."""

from __future__ import annotations

import pytest
from django.urls import reverse

from spalk.audit.models import AuditAction, AuditEvent
from spalk.families.services import member_add, person_update
from spalk.testing.factories import FamilyFactory

pytestmark = pytest.mark.django_db


def test_what_names_the_record_and_its_people(mfa_client, director, family):
    member = member_add(actor=director, family=family, role="parent",
                        person_data={"first_name": "Rita", "last_name": "Vermeulen", "sex": "f"})
    person = member.person
    person_update(actor=director, person=person, data={"phone": "0470 12 34 56"}, version=person.version,
                  family=family, role="parent")
    response = mfa_client(director).get(reverse("audit:events"), {"family": family.pk})
    body = response.content.decode()
    assert f"Persoon: Rita Vermeulen · {family.name}" in body
    assert "families.person" not in body and f"#{person.pk}" not in body
    assert "telefoon" in body.lower()  # the changed field by its label


def test_an_auditor_never_sees_names_from_another_centre(director, outsider, other_family):
    from spalk.audit.describe import describe_events

    event = AuditEvent(action=AuditAction.VIEW, object_type="families.family", family_id=other_family.pk,
                       fields=[])
    describe_events(user=director, events=[event])
    assert event.what == "Gezin" and other_family.name not in event.what


def test_choose_the_family_by_name(mfa_client, director, counsellor, family):
    mfa_client(counsellor).get(reverse("families:detail", args=[family.pk]))
    response = mfa_client(director).get(reverse("audit:events"), {"family_name": f"{family.name} ({family.reference})"})
    assert response.status_code == 200
    events = list(response.context["page"])
    assert events and all(e.family_id == family.pk or family.pk in (e.extra or {}).get("family_ids", [])
                          for e in events)
    assert f"Gebeurtenissen van {family.name}" in response.content.decode()


def test_an_ambiguous_or_unknown_name_says_so(mfa_client, director, centre, family):
    FamilyFactory(centre=centre, name="Gezin Peeters-Janssens")
    client = mfa_client(director)
    several = client.get(reverse("audit:events"), {"family_name": "Peeters"}).content.decode()
    assert "Meerdere gezinnen passen" in several and "Gezin Peeters-Janssens" in several
    none = client.get(reverse("audit:events"), {"family_name": "Onbekend"}).content.decode()
    assert "Geen gezin van uw centrum" in none


def test_family_suggestions_come_through_the_policy(mfa_client, director, family, other_family):
    url = reverse("audit:family_options")
    body = mfa_client(director).get(url, {"family_name": "Gezin"}).content.decode()
    assert f'value="{family.name} ({family.reference})"' in body
    assert other_family.name not in body


def test_family_suggestions_are_for_auditors_only(mfa_client, counsellor, family):
    assert mfa_client(counsellor).get(reverse("audit:family_options"), {"family_name": "Gezin"}).status_code == 404
