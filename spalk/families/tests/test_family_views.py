from __future__ import annotations

import pytest
from django.urls import reverse

from spalk.audit.models import AuditAction, AuditEvent
from spalk.families.models import FamilyMember, Person
from spalk.testing.factories import FamilyFactory, FamilyMemberFactory, national_number

pytestmark = pytest.mark.django_db


def test_counsellor_sees_assigned_family_and_read_is_audited(mfa_client, counsellor, family):
    client = mfa_client(counsellor)
    response = client.get(reverse("families:detail", args=[family.pk]))
    assert response.status_code == 200
    assert "Gezin Peeters" in response.content.decode()
    assert AuditEvent.objects.filter(actor=counsellor, action=AuditAction.VIEW, family_id=family.pk).count() == 1


@pytest.mark.parametrize("persona", ["outsider", "colleague", "installation_admin", "centre_admin", "night_staff"])
def test_personas_without_access_get_404(request, mfa_client, family, persona):
    user = request.getfixturevalue(persona)
    response = mfa_client(user).get(reverse("families:detail", args=[family.pk]))
    assert response.status_code == 404


def test_unknown_family_is_404_too(mfa_client, director):
    assert mfa_client(director).get(reverse("families:detail", args=[999999])).status_code == 404


def test_administrative_can_read_but_not_edit(mfa_client, administrative, family):
    client = mfa_client(administrative)
    assert client.get(reverse("families:detail", args=[family.pk])).status_code == 200
    assert client.get(reverse("families:edit", args=[family.pk])).status_code == 403


def test_list_shows_only_visible_families(mfa_client, counsellor, family, other_family, centre):
    FamilyFactory(centre=centre, name="Gezin Onbekend")
    content = mfa_client(counsellor).get(reverse("families:list")).content.decode()
    assert "Gezin Peeters" in content
    assert "Gezin Onbekend" not in content
    assert "Gezin Elders" not in content


def test_list_query_count_is_flat(mfa_client, director, centre, django_assert_max_num_queries):
    client = mfa_client(director)
    FamilyFactory.create_batch(2, centre=centre)
    with django_assert_max_num_queries(20) as ctx_small:
        client.get(reverse("families:list"))
    small = len(ctx_small.captured_queries)  # read now: the next request resets the query log
    for f in FamilyFactory.create_batch(20, centre=centre):
        FamilyMemberFactory(family=f)
    with django_assert_max_num_queries(small) as ctx_big:
        response = client.get(reverse("families:list"))
    assert len(ctx_big.captured_queries) == small
    assert len(response.context["page"].object_list) == 22


def test_create_family_and_add_member(mfa_client, intake_officer, centre):
    client = mfa_client(intake_officer)
    response = client.post(reverse("families:create"), {"centre": centre.pk, "name": "Gezin Nieuw", "city": "Gent"})
    assert response.status_code == 302
    family = centre.families.get(name="Gezin Nieuw")
    assert family.reference.startswith("TST-")
    nn = national_number(__import__("datetime").date(2008, 5, 17), 42)
    response = client.post(reverse("families:member_add", args=[family.pk]), {
        "role": "parent", "first_name": "Lotte", "last_name": "Nieuw", "birth_date": "17/05/2008", "sex": "f",
        "national_number": nn, "pregnant": "on",
    })
    assert response.status_code == 302, response.content.decode()
    member = FamilyMember.objects.get(family=family)
    assert member.person.national_number == nn and member.pregnant
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, family_id=family.pk,
                                     object_type="families.familymember").exists()


def test_invalid_national_number_keeps_input(mfa_client, intake_officer, family, centre):
    client = mfa_client(intake_officer)
    response = client.post(reverse("families:member_add", args=[family.pk]), {
        "role": "child", "first_name": "Milan", "last_name": "Tijdelijk", "birth_date": "03/02/2023", "sex": "m",
        "national_number": "23.02.03-123.45", "relation": "zoon",
    })
    assert response.status_code == 200
    body = response.content.decode()
    assert "controlecijfers" in body
    assert 'value="Milan"' in body and 'value="Tijdelijk"' in body and 'value="03/02/2023"' in body
    assert not Person.objects.filter(first_name="Milan").exists()


def test_concurrent_edit_is_refused(mfa_client, director, family):
    client = mfa_client(director)
    url = reverse("families:edit", args=[family.pk])
    first = client.post(url, {"name": "Gezin A", "version": family.version})
    assert first.status_code == 302
    stale = client.post(url, {"name": "Gezin B", "version": family.version})
    assert stale.status_code == 200
    assert "Iemand anders heeft dit intussen gewijzigd" in stale.content.decode()
    family.refresh_from_db()
    assert family.name == "Gezin A"
