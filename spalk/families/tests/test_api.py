from __future__ import annotations

import datetime

import pytest

from spalk.api.services import api_token_create
from spalk.audit.models import AuditAction, AuditEvent
from spalk.families.models import Person
from spalk.testing.factories import FamilyFactory, national_number

pytestmark = pytest.mark.django_db


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def token_for(user) -> str:
    return api_token_create(actor=user, user=user, name="test")[1]


def test_openapi_is_published(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/families/" in response.json()["paths"]


def test_no_token_is_401_in_dutch(client, family):
    response = client.get("/api/v1/families/")
    assert response.status_code == 401
    assert "token" in response.json()["detail"].lower()


def test_list_is_scoped_to_the_token_user_and_audited(client, api_token, family, centre, other_family):
    FamilyFactory(centre=centre, name="Gezin Niet Van Mij")
    response = client.get("/api/v1/families/", **bearer(api_token))
    assert response.status_code == 200
    body = response.json()
    assert [f["name"] for f in body["items"]] == ["Gezin Peeters"]
    assert body["count"] == 1
    event = AuditEvent.objects.get(action=AuditAction.VIEW, object_type="families.family", via="api")
    assert event.extra["family_ids"] == [family.pk]


def test_read_family_and_person(client, api_token, family):
    response = client.get(f"/api/v1/families/{family.pk}", **bearer(api_token))
    assert response.status_code == 200
    data = response.json()
    assert data["members"][0]["first_name"] == "Sarah"
    person_id = data["members"][0]["person_id"]
    response = client.get(f"/api/v1/families/{family.pk}/persons/{person_id}", **bearer(api_token))
    assert response.status_code == 200 and response.json()["last_name"] == "Peeters"
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, person_id=person_id, via="api").exists()


@pytest.mark.parametrize("persona", ["outsider", "colleague", "installation_admin"])
def test_other_personas_get_404_not_403(request, client, family, persona):
    raw = token_for(request.getfixturevalue(persona))
    assert client.get(f"/api/v1/families/{family.pk}", **bearer(raw)).status_code == 404
    response = client.patch(f"/api/v1/families/{family.pk}", {"version": 1, "name": "X"},
                            content_type="application/json", **bearer(raw))
    assert response.status_code == 404


def test_create_family_and_member_via_api(client, intake_officer, centre):
    raw = token_for(intake_officer)
    response = client.post("/api/v1/families/", {"name": "Gezin Api"}, content_type="application/json",
                           **bearer(raw))
    assert response.status_code == 201, response.content
    family_id = response.json()["id"]
    nn = national_number(datetime.date(2007, 3, 9), 12)
    response = client.post(f"/api/v1/families/{family_id}/members", {
        "role": "parent", "first_name": "Lotte", "last_name": "Api", "birth_date": "2007-03-09",
        "sex": "f", "national_number": nn, "pregnant": True,
    }, content_type="application/json", **bearer(raw))
    assert response.status_code == 201, response.content
    assert Person.objects.get(last_name="Api").national_number == nn


def test_invalid_national_number_is_422_with_dutch_detail_per_field(client, intake_officer, family):
    raw = token_for(intake_officer)
    response = client.post(f"/api/v1/families/{family.pk}/members", {
        "role": "child", "first_name": "Milan", "birth_date": "not-a-date", "national_number": "12345678901",
    }, content_type="application/json", **bearer(raw))
    assert response.status_code == 422
    detail = {d["field"]: d["msg"] for d in response.json()["detail"]}
    assert set(detail) == {"birth_date", "national_number"}
    assert "datum" in detail["birth_date"]
    assert "rijksregisternummer" in detail["national_number"].lower()


def test_update_with_stale_version_is_409(client, director, family):
    raw = token_for(director)
    url = f"/api/v1/families/{family.pk}"
    first = client.patch(url, {"version": family.version, "name": "Gezin Nieuw"}, content_type="application/json",
                         **bearer(raw))
    assert first.status_code == 200 and first.json()["version"] == family.version + 1
    stale = client.patch(url, {"version": family.version, "name": "Gezin Oud"}, content_type="application/json",
                         **bearer(raw))
    assert stale.status_code == 409
    assert stale.json()["detail"][0]["field"] == "version"


def test_read_only_role_gets_403_on_write(client, administrative, family):
    raw = token_for(administrative)
    assert client.get(f"/api/v1/families/{family.pk}", **bearer(raw)).status_code == 200
    response = client.patch(f"/api/v1/families/{family.pk}", {"version": family.version, "name": "X"},
                            content_type="application/json", **bearer(raw))
    assert response.status_code == 403


def test_revoked_token_is_refused(client, counsellor, family):
    from spalk.api.services import api_token_revoke

    token, raw = api_token_create(actor=counsellor, user=counsellor, name="weg")
    api_token_revoke(actor=counsellor, token=token)
    assert client.get("/api/v1/families/", **bearer(raw)).status_code == 401


def test_centres_lists_only_own_centres(client, api_token, centre, other_centre):
    response = client.get("/api/v1/centres/", **bearer(api_token))
    assert [c["short_name"] for c in response.json()] == ["TST"]
    assert client.get(f"/api/v1/centres/{other_centre.pk}", **bearer(api_token)).status_code == 404
