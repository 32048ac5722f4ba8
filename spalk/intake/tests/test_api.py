"""The intake API: the access-route contract (issue 4), registrations, screening and the waiting list."""

from __future__ import annotations

import datetime

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


def test_a_document_api_draft_sent_granted(client, intake_officer, registration, outsider):
    token = token_for(intake_officer)
    path = f"/api/v1/intake/registrations/{registration.pk}/a-documents"
    response = call(client, "post", path, token, {"motivation": "m", "modules": [{"code": "CB", "term_months": 6}]})
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "modules"
    response = call(client, "post", path, token, {"modules": [{"code": "XYZ"}]})
    assert response.status_code == 422 and "Onbekende module" in response.json()["detail"][0]["msg"]
    assert call(client, "post", path, outsider, {"modules": [{"code": "VHF-GO"}]}).status_code == 404
    response = call(client, "post", path, token, {"motivation": "Veilige plek nodig", "urgency": "high",
                                                  "modules": [{"code": "VHF-GO", "term_months": 9}]})
    assert response.status_code == 201, response.json()
    adoc = response.json()
    assert adoc["status"] == "draft" and adoc["modules"][0]["code"] == "VHF-GO"
    assert adoc["modules"][0]["term_months"] == 9 and adoc["urgency"] == "high"
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="intake.adocument",
                                     object_id=str(adoc["id"])).count() == 1
    status = f"{path}/{adoc['id']}/status"
    today = timezone.localdate().isoformat()
    assert call(client, "post", status, outsider, {"status": "sent", "on": today}).status_code == 404
    response = call(client, "post", status, token, {"status": "sent", "on": today})
    assert response.status_code == 422
    error = response.json()["detail"][0]
    assert error["field"] == "status" and "Lien Janssens" in error["msg"] and "instemming" in error["msg"]
    registration.members.update(consent="given")
    response = call(client, "post", status, token, {"status": "sent", "on": today})
    assert response.status_code == 200 and response.json()["status"] == "sent"
    assert response.json()["sent_on"] == today
    response = call(client, "post", status, token, {"status": "granted", "on": today})
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "modules_granted"
    response = call(client, "post", status, token, {"status": "granted", "on": today, "modules_granted": ["VHF-GO"],
                                                    "granted_from": today, "itp_reference": "ITP-7"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["modules_granted"], body["granted_from"], body["decided_on"]) == (
        "granted", ["VHF-GO"], today, today)
    response = call(client, "post", status, token, {"status": "refused", "on": today, "refusal_reason": "x"})
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "status"
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, object_type="intake.adocument",
                                     object_id=str(adoc["id"])).count() == 2


def test_a_document_api_refusal_needs_reason_and_draft_is_no_target(client, intake_officer, registration):
    registration.members.update(consent="given")
    token = token_for(intake_officer)
    path = f"/api/v1/intake/registrations/{registration.pk}/a-documents"
    adoc = call(client, "post", path, token, {"modules": [{"code": "VLF-GO"}]}).json()
    status = f"{path}/{adoc['id']}/status"
    today = timezone.localdate().isoformat()
    response = call(client, "post", status, token, {"status": "draft", "on": today})
    assert response.status_code == 422 and response.json()["detail"][0]["msg"] == "Kies sent, granted of refused."
    assert call(client, "post", status, token, {"status": "sent", "on": today}).status_code == 200
    response = call(client, "post", status, token, {"status": "refused", "on": today})
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "refusal_reason"
    response = call(client, "post", status, token, {"status": "refused", "on": today,
                                                    "refusal_reason": "Contextbegeleiding volstaat."})
    assert response.status_code == 200 and response.json()["refusal_reason"] == "Contextbegeleiding volstaat."


def test_registration_api_refuses_parents_consent_flag(client, intake_officer, registration):
    path = f"/api/v1/intake/registrations/{registration.pk}"
    response = call(client, "patch", path, intake_officer, {"version": registration.version,
                                                            "parents_consent": True})
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "parents_consent"
    assert "per gezinslid" in response.json()["detail"][0]["msg"]


def test_waiting_contacts_api_list_and_add(client, intake_officer, registration, outsider, counsellor):
    entry = WaitingListEntry.objects.create(registration=registration, centre=registration.centre,
                                            since=timezone.localdate(), next_contact_due=timezone.localdate())
    Registration.objects.filter(pk=registration.pk).update(status=Status.WAITING_LIST)
    path = f"/api/v1/intake/waiting-list/{registration.pk}/contacts"
    today = timezone.localdate()
    assert call(client, "get", path, outsider).status_code == 404
    assert call(client, "post", path, outsider, {"on": today.isoformat()}).status_code == 404
    assert call(client, "get", path, intake_officer).json() == []
    response = call(client, "post", path, intake_officer, {"on": today.isoformat(), "kind": "brief"})
    assert response.status_code == 422 and "Onbekende soort contact" in response.json()["detail"][0]["msg"]
    response = call(client, "post", path, intake_officer,
                    {"on": (today + datetime.timedelta(days=1)).isoformat(), "kind": "phone"})
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "on"
    due = today + datetime.timedelta(days=10)
    response = call(client, "post", path, intake_officer, {"on": today.isoformat(), "kind": "visit",
                                                           "note": "Huisbezoek", "next_contact_due": due.isoformat()})
    assert response.status_code == 201, response.json()
    assert response.json()["kind"] == "visit" and response.json()["by_id"] == intake_officer.pk
    entry.refresh_from_db()
    assert entry.next_contact_due == due
    listed = call(client, "get", path, intake_officer).json()
    assert [c["note"] for c in listed] == ["Huisbezoek"]
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="intake.waitingcontact").count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_type="intake.waitinglistentry",
                                     object_id=str(entry.pk)).count() == 2


def test_contract_reads_the_catalogue_valid_on_the_date(client, api_token):
    """A later catalogue version (same code, new validity) changes the outcome from its first day on."""
    from spalk.intake.models import Module

    old = Module.objects.get(code="VHF-GO")
    Module.objects.filter(pk=old.pk).update(valid_until=datetime.date(2027, 12, 31))
    Module.objects.create(code="VHF-GO", name=old.name, kind="stay", frequency="high", directly_accessible=True,
                          family_admission=True, valid_from=datetime.date(2028, 1, 1))

    def ask(day):
        return call(client, "post", ROUTES, api_token, {
            "date": day, "care": "stay_high",
            "members": [{"key": "mama", "role": "parent", "birth_date": "1995-01-01"},
                        {"key": "kid", "role": "child", "birth_date": "2024-01-01"}]})

    before, after = ask("2027-12-31").json(), ask("2028-01-01").json()
    kid_before = next(m for m in before["members"] if m["key"] == "kid")
    kid_after = next(m for m in after["members"] if m["key"] == "kid")
    assert (kid_before["module"], kid_before["route"], before["a_document_required"]) == ("VHF-GO", "itp", True)
    assert (kid_after["module"], kid_after["route"], after["a_document_required"]) == ("VHF-GO", "direct", False)
    assert set(after) == {"a_document_required", "members", "explanation"}
    Module.objects.filter(code="KCV").update(valid_until=datetime.date(2027, 12, 31))
    response = call(client, "post", ROUTES, api_token, {"date": "2028-02-01", "care": "crisis", "members": [
        {"key": "kid", "role": "child", "birth_date": "2024-01-01"}]})
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "module_not_in_catalogue"
    assert "niet geldig in de modulecatalogus" in response.json()["detail"][0]["msg"]
