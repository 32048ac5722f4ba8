"""/api/v1/logbook through policy and audit."""

from __future__ import annotations

import pytest

from spalk.api.services import api_token_create
from spalk.audit.models import AuditAction, AuditEvent
from spalk.logbook.models import Incident, Note, Visibility
from spalk.testing.logbook import NoteFactory

pytestmark = pytest.mark.django_db


def bearer(user):
    _token, raw = api_token_create(actor=user, user=user, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_list_notes_hides_health_only_from_a_colleague(client, colleague, counsellor, resident):
    NoteFactory(family=resident, author=counsellor, text="team")
    NoteFactory(family=resident, author=counsellor, text="gezondheid", visibility=Visibility.HEALTH)
    response = client.get(f"/api/v1/logbook/notes?family_id={resident.pk}", **bearer(colleague))
    assert response.status_code == 200
    assert [n["text"] for n in response.json()["items"]] == ["team"]
    assert AuditEvent.objects.filter(via="api", object_type="logbook.note", action=AuditAction.VIEW).exists()


def test_outsider_gets_404(client, outsider, counsellor, resident):
    note = NoteFactory(family=resident, author=counsellor)
    assert client.get(f"/api/v1/logbook/notes/{note.pk}", **bearer(outsider)).status_code == 404
    assert client.get(f"/api/v1/logbook/notes?family_id={resident.pk}", **bearer(outsider)).status_code == 404


def test_write_and_correct_a_note(client, night_staff, team_lead, resident, sarah):
    response = client.post("/api/v1/logbook/notes", {
        "family_id": resident.pk, "category": "parent_work", "text": "Sarah gaf de fles om 2u.",
        "person_ids": [sarah.pk], "method_codes": ["vht"]}, content_type="application/json", **bearer(night_staff))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["person_ids"] == [sarah.pk] and body["method_codes"] == ["vht"]
    response = client.post(f"/api/v1/logbook/notes/{body['id']}/corrections", {
        "version": 1, "reason": "uur", "text": "Sarah gaf de fles om 3u."}, content_type="application/json",
        **bearer(team_lead))
    assert response.status_code == 200
    assert response.json()["revisions"][0]["text"] == "Sarah gaf de fles om 2u."
    stale = client.post(f"/api/v1/logbook/notes/{body['id']}/corrections", {
        "version": 1, "reason": "x", "text": "anders"}, content_type="application/json", **bearer(team_lead))
    assert stale.status_code == 409
    assert Note.objects.get().text == "Sarah gaf de fles om 3u."


def test_night_staff_may_not_correct_someone_elses_note(client, night_staff, counsellor, resident):
    note = NoteFactory(family=resident, author=counsellor)
    response = client.post(f"/api/v1/logbook/notes/{note.pk}/corrections", {
        "version": 1, "reason": "x", "text": "y"}, content_type="application/json", **bearer(night_staff))
    assert response.status_code == 403


def test_report_incident_and_read_the_handover(client, night_staff, counsellor, resident, centre):
    response = client.post("/api/v1/logbook/incidents", {
        "family_id": resident.pk, "kind": "medical", "severity": 2, "description": "Koorts 39,5"},
        content_type="application/json", **bearer(night_staff))
    assert response.status_code == 201
    assert Incident.objects.get().reported_by == night_staff
    response = client.post("/api/v1/logbook/handovers", {"centre_id": centre.pk, "summary": "Let op koorts"},
                           content_type="application/json", **bearer(counsellor))
    assert response.status_code == 201
    handover_id = response.json()["id"]
    detail = client.get(f"/api/v1/logbook/handovers/{handover_id}", **bearer(night_staff)).json()
    assert [i["description"] for i in detail["incidents"]] == ["Koorts 39,5"]
    assert detail["present"][0]["family_name"] == resident.name and detail["read_by_me"] is False
    assert client.post(f"/api/v1/logbook/handovers/{handover_id}/receipts",
                       **bearer(night_staff)).status_code == 201


def test_unknown_method_is_a_dutch_422(client, counsellor, resident):
    response = client.post("/api/v1/logbook/notes", {
        "family_id": resident.pk, "category": "parent_work", "text": "x", "method_codes": ["bestaat-niet"]},
        content_type="application/json", **bearer(counsellor))
    assert response.status_code == 422
