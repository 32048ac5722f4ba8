"""The intake API: the access-route contract (issue 4), registrations, screening and the waiting list."""

from __future__ import annotations

import pytest
from django.utils import timezone

from spalk.api.services import api_token_create
from spalk.audit.models import AuditAction, AuditEvent
from spalk.intake.models import Registration, Status, WaitingListEntry

pytestmark = pytest.mark.django_db
ROUTES = "/api/v1/intake/access-routes"


def token_for(user):
    return api_token_create(actor=user, user=user, name="test")[1]


def call(client, method, path, user_or_token, payload=None):
    token = user_or_token if isinstance(user_or_token, str) else token_for(user_or_token)
    kwargs = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if payload is not None:
        kwargs.update(data=payload, content_type="application/json")
    return getattr(client, method)(path, **kwargs)


def test_contract_200_shape(client, api_token):
    response = call(client, "post", ROUTES, api_token, {
        "date": "2026-03-01", "care": "stay_high",
        "members": [{"key": "m", "role": "parent", "birth_date": "2010-01-01", "expected_birth_date": None,
                     "pregnant": True},
                    {"key": "u", "role": "unborn", "birth_date": None, "expected_birth_date": "2026-05-01",
                     "pregnant": False}]})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"a_document_required", "members", "explanation"}
    assert body["a_document_required"] is True
    assert body["members"][0] == {"key": "m", "module": "VHF-GO", "route": "itp",
                                  "reason": body["members"][0]["reason"]}
    assert body["members"][1]["route"] == "none" and body["members"][1]["module"] == ""
    assert all(set(m) == {"key", "module", "route", "reason"} for m in body["members"])


def test_contract_stores_nothing(client, api_token):
    before = (Registration.objects.count(), AuditEvent.objects.exclude(action=AuditAction.LOGIN).count())
    call(client, "post", ROUTES, api_token, {"date": "2026-03-01", "care": "context",
                                             "members": [{"key": "a", "role": "parent", "birth_date": "1990-01-01"}]})
    assert (Registration.objects.count(), AuditEvent.objects.exclude(action=AuditAction.LOGIN).count()) == before


@pytest.mark.parametrize("payload,field,words", [
    ({"date": "2026-03-01", "care": "context", "members": []}, "members", "minstens één gezinslid"),
    ({"date": "2026-03-01", "care": "stay_low", "members": [{"key": "k", "role": "child", "birth_date": "2026-04-01"}]},
     "members.0.birth_date", "geboren na de gevraagde datum"),
    ({"date": "2026-03-01", "care": "stay_low",
      "members": [{"key": "p", "role": "parent", "birth_date": "2016-01-01"}]},
     "members.0.birth_date", "jonger dan 12 jaar"),
    ({"date": "2026-03-01", "care": "stay_low", "members": [{"key": "p", "role": "oma", "birth_date": "1960-01-01"}]},
     "members.0.role", "Onbekende rol"),
    ({"date": "2026-03-01", "care": "vakantie", "members": [{"key": "p", "role": "parent"}]},
     "care", "Onbekende zorgvorm"),
])
def test_contract_422_dutch(client, api_token, payload, field, words):
    response = call(client, "post", ROUTES, api_token, payload)
    assert response.status_code == 422
    (item,) = response.json()["detail"]
    assert set(item) == {"loc", "field", "type", "msg"}
    assert item["field"] == field and words in item["msg"] and item["loc"][0] == "body"


def test_contract_needs_a_token(client):
    response = client.post(ROUTES, data={"date": "2026-03-01", "care": "context", "members": []},
                           content_type="application/json")
    assert response.status_code == 401


def test_registration_api_create_read_update_and_screening(client, intake_officer, centre):
    token = token_for(intake_officer)
    response = call(client, "post", "/api/v1/intake/registrations", token, {
        "received_on": "2026-03-01", "family_name": "Gezin API", "care": "stay_high", "urgency": "high",
        "requested_modules": ["VHF-GO", "CB"]})
    assert response.status_code == 201, response.json()
    reg = response.json()
    assert reg["centre_id"] == centre.pk and sorted(reg["requested_modules"]) == ["CB", "VHF-GO"]
    path = f"/api/v1/intake/registrations/{reg['id']}"
    response = call(client, "post", f"{path}/members", token, {"role": "parent", "first_name": "Ann",
                                                               "birth_date": "2009-05-01", "pregnant": True})
    assert response.status_code == 201
    response = call(client, "patch", path, token, {"version": reg["version"], "city": "Gent"})
    assert response.status_code == 409  # the member add raised the version
    current = call(client, "get", path, token).json()
    assert current["members"][0]["first_name"] == "Ann"
    response = call(client, "patch", path, token, {"version": current["version"], "city": "Gent"})
    assert response.status_code == 200 and response.json()["city"] == "Gent"
    response = call(client, "post", f"{path}/screenings", token, {
        "answers": {"drug_use": {"answer": "no", "note": ""}}, "weighing": "not_yet"})
    assert response.status_code == 201 and response.json()["number"] == 1
    assert len(call(client, "get", f"{path}/screenings", token).json()) == 1
    response = call(client, "post", f"{path}/transitions", token, {"to_status": "in_screening"})
    assert response.status_code == 200 and response.json()["status"] == "in_screening"
    response = call(client, "post", f"{path}/transitions", token, {"to_status": "admitted", "reason": "x"})
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "to_status"
    listed = call(client, "get", "/api/v1/intake/registrations", token).json()
    assert listed["count"] == 1


def test_registration_api_outsider_404_and_read_only_403(client, outsider, counsellor, registration, family):
    assert call(client, "get", f"/api/v1/intake/registrations/{registration.pk}", outsider).status_code == 404
    assert call(client, "get", "/api/v1/intake/registrations", outsider).json()["count"] == 0
    Registration.objects.filter(pk=registration.pk).update(family=family)
    path = f"/api/v1/intake/registrations/{registration.pk}"
    assert call(client, "get", path, counsellor).status_code == 200
    assert call(client, "patch", path, counsellor, {"version": 1, "city": "X"}).status_code == 403


def test_waiting_list_api_order_and_priority(client, intake_officer, team_lead, registration, outsider):
    WaitingListEntry.objects.create(registration=registration, centre=registration.centre,
                                    since=timezone.localdate(), next_contact_due=timezone.localdate())
    Registration.objects.filter(pk=registration.pk).update(status=Status.WAITING_LIST)
    body = call(client, "get", "/api/v1/intake/waiting-list", intake_officer).json()
    assert [e["family_name"] for e in body] == ["Gezin Janssens"] and body[0]["position"] == 1
    assert call(client, "get", "/api/v1/intake/waiting-list", outsider).json() == []
    path = f"/api/v1/intake/waiting-list/{registration.pk}"
    assert call(client, "patch", path, intake_officer, {"priority": 1, "priority_reason": "x"}).status_code == 403
    response = call(client, "patch", path, team_lead, {"priority": 1, "priority_reason": ""})
    assert response.status_code == 422
    response = call(client, "patch", path, team_lead, {"priority": 1, "priority_reason": "Bevalling nabij"})
    assert response.status_code == 200 and response.json()["priority"] == 1
