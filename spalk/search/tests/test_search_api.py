"""GET /api/v1/search: the public contract, the policy inside the query, Dutch errors and the audit row."""

from __future__ import annotations

import pytest

from spalk.accounts.models import Role
from spalk.api.services import api_token_create
from spalk.audit.models import AuditEvent
from spalk.testing.factories import FamilyFactory, FamilyMemberFactory, MembershipFactory

URL = "/api/v1/search"


def bearer(user):
    _token, raw = api_token_create(actor=user, user=user, name="t")
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def peeters_elsewhere(other_centre):
    """A family with the same name in another centre: never found from this centre."""
    family = FamilyFactory(centre=other_centre, name="Gezin Peeters")
    FamilyMemberFactory(family=family, person__first_name="Sarah", person__last_name="Peeters",
                        person__centre=other_centre)
    return family


@pytest.fixture
def unassigned(centre):
    """A family of the centre the counsellor is not assigned to and that does not live in."""
    family = FamilyFactory(centre=centre, name="Gezin Peeters-Wouters")
    FamilyMemberFactory(family=family, person__first_name="Lien", person__last_name="Peeters", person__centre=centre)
    return family


def test_the_contract(client, counsellor, family, peeters_elsewhere, unassigned):
    response = client.get(URL, {"q": "peeters"}, headers=bearer(counsellor))
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "items"}
    assert body["count"] == 2 == len(body["items"])  # the family and Sarah, nothing of the others
    assert {(i["kind"], i["id"]) for i in body["items"]} == {("family", family.pk),
                                                             ("person", family.members.get().person_id)}
    for item in body["items"]:
        assert set(item) == {"kind", "id", "family_id", "title", "snippet", "at"}
        assert item["family_id"] == family.pk and item["at"] is None
        assert "<mark>Peeters</mark>" in item["snippet"]


def test_a_director_finds_every_family_of_the_centre_only(client, director, family, peeters_elsewhere, unassigned):
    body = client.get(URL, {"q": "peeters", "kind": "family"}, headers=bearer(director)).json()
    assert body["count"] == 2
    assert {i["id"] for i in body["items"]} == {family.pk, unassigned.pk}


def test_outsider_finds_nothing_of_this_centre(client, outsider, family):
    assert client.get(URL, {"q": "peeters"}, headers=bearer(outsider)).json() == {"count": 0, "items": []}


def test_installation_admin_and_centre_admin_find_nothing(client, installation_admin, centre_admin, family):
    for user in (installation_admin, centre_admin):
        assert client.get(URL, {"q": "peeters"}, headers=bearer(user)).json()["count"] == 0


@pytest.mark.parametrize("q", ["", "a", "  b  "])
def test_a_query_shorter_than_two_characters_is_a_dutch_422(client, counsellor, q):
    response = client.get(URL, {"q": q}, headers=bearer(counsellor))
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "Typ minstens twee tekens om te zoeken."


def test_a_missing_query_is_a_dutch_422(client, counsellor):
    response = client.get(URL, headers=bearer(counsellor))
    assert response.status_code == 422 and response.json()["detail"][0]["msg"] == "Dit veld is verplicht."


def test_an_unknown_kind_is_a_dutch_422(client, counsellor):
    assert client.get(URL, {"q": "peeters", "kind": "plan"}, headers=bearer(counsellor)).status_code == 422


def test_every_search_is_audited_with_its_terms(client, counsellor, family):
    client.get(URL, {"q": "Peeters", "kind": "person"}, headers=bearer(counsellor))
    event = AuditEvent.objects.get(action="search", object_type="search")
    assert event.extra["query"]["q"] == "Peeters" and event.extra["query"]["kind"] == "person"
    assert event.extra["count"] == 1 and event.extra["family_ids"] == [family.pk]
    assert event.via == "api"


def test_paging_with_limit_and_offset(client, director, centre):
    for i in range(5):
        FamilyFactory(centre=centre, name=f"Gezin Janssens {i}")
    auth = bearer(director)
    first = client.get(URL, {"q": "janssens", "limit": 2}, headers=auth).json()
    rest = client.get(URL, {"q": "janssens", "limit": 10, "offset": 2}, headers=auth).json()
    assert first["count"] == rest["count"] == 5
    assert len(first["items"]) == 2 and len(rest["items"]) == 3
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in rest["items"]}


def test_family_filter_goes_through_the_policy(client, counsellor, family, peeters_elsewhere):
    auth = bearer(counsellor)
    assert client.get(URL, {"q": "peeters", "family_id": family.pk}, headers=auth).json()["count"] == 2
    assert client.get(URL, {"q": "peeters", "family_id": peeters_elsewhere.pk}, headers=auth).status_code == 404


def test_a_shared_family_is_found_by_the_centre_it_is_shared_with(client, outsider, family, director):
    from spalk.access.services import share_add

    share_add(actor=director, family=family, centre=outsider.memberships.get().centre, purpose="Overdracht",
              end_date=None)
    assert client.get(URL, {"q": "peeters", "kind": "family"}, headers=bearer(outsider)).json()["count"] == 1


def test_a_family_in_residence_is_found_by_night_staff_only_while_in_residence(client, night_staff, family):
    assert client.get(URL, {"q": "peeters"}, headers=bearer(night_staff)).json()["count"] == 0


def test_query_count_is_flat(client, director, centre, django_assert_max_num_queries):
    auth = bearer(director)
    first = FamilyFactory(centre=centre, name="Gezin Maes")
    FamilyMemberFactory(family=first, person__first_name="An", person__last_name="Maes", person__centre=centre)
    with django_assert_max_num_queries(30) as one:
        client.get(URL, {"q": "maes"}, headers=auth)
    for i in range(15):
        f = FamilyFactory(centre=centre, name=f"Gezin Maes {i}")
        FamilyMemberFactory(family=f, person__first_name="Jo", person__last_name="Maes", person__centre=centre)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(URL, {"q": "maes"}, headers=auth).json()["count"] == 32


def test_a_team_lead_of_two_centres_finds_both(client, centre, other_centre, family, peeters_elsewhere):
    from spalk.testing.factories import UserFactory

    lead = UserFactory()
    MembershipFactory(user=lead, centre=centre, role=Role.TEAM_LEAD)
    MembershipFactory(user=lead, centre=other_centre, role=Role.TEAM_LEAD)
    assert client.get(URL, {"q": "peeters", "kind": "family"}, headers=bearer(lead)).json()["count"] == 2
