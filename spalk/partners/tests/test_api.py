"""The partner directory in the API: read only, own centres only, 404 for another centre's organisation."""

from __future__ import annotations

import pytest

from spalk.api.services import api_token_create
from spalk.partners.models import ContactPerson, Organisation

pytestmark = pytest.mark.django_db
URL = "/api/v1/partners/organisations"


def bearer(user):
    _token, raw = api_token_create(actor=user, user=user, name="partners")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def org(centre):
    org = Organisation.objects.create(centre=centre, name="CGG Kust", kind="cgg", city="Oostende",
                                      offer="Geestelijke gezondheidszorg voor ouders")
    ContactPerson.objects.create(organisation=org, name="Dr. Vos", function="psychiater", phone="059 12 34 56")
    ContactPerson.objects.create(organisation=org, name="Oud contact", is_active=False)
    return org


@pytest.fixture
def other_org(other_centre):
    return Organisation.objects.create(centre=other_centre, name="CAW Elders", kind="caw", city="Hasselt")


def test_staff_list_and_search_their_centres_directory(client, intake_officer, org, other_org):
    auth = bearer(intake_officer)
    rows = client.get(URL, **auth).json()
    assert [r["name"] for r in rows] == ["CGG Kust"]
    assert rows[0]["contact_count"] == 1
    assert [r["name"] for r in client.get(URL, {"q": "vos"}, **auth).json()] == ["CGG Kust"]
    assert client.get(URL, {"kind": "caw"}, **auth).json() == []


def test_detail_with_contacts(client, night_staff, org):
    body = client.get(f"{URL}/{org.pk}", **bearer(night_staff)).json()
    assert body["name"] == "CGG Kust" and body["centre_id"] == org.centre_id
    assert [c["name"] for c in body["contacts"]] == ["Dr. Vos", "Oud contact"]
    assert body["contacts"][0]["phone"] == "059 12 34 56"


def test_another_centre_sees_nothing_and_gets_404(client, outsider, org):
    auth = bearer(outsider)
    assert all(r["name"] != "CGG Kust" for r in client.get(URL, **auth).json())
    response = client.get(f"{URL}/{org.pk}", **auth)
    assert response.status_code == 404 and "CGG" not in response.content.decode()


def test_installation_admin_and_anonymous(client, installation_admin, org):
    assert client.get(URL, **bearer(installation_admin)).json() == []
    assert client.get(URL).status_code == 401
