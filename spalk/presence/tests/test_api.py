"""/api/v1/presence through policy and audit."""

from __future__ import annotations

import pytest

from spalk.api.services import api_token_create
from spalk.families.models import MemberRole
from spalk.presence.models import PresenceNight
from spalk.presence.tests.conftest import TONIGHT


def bearer(user):
    _token, raw = api_token_create(actor=user, user=user, name="t")
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def night_auth(night_staff):
    return bearer(night_staff)


def test_night_sheet_lists_the_booked_members(client, night_auth, family, stays):
    body = client.get("/api/v1/presence/nights", headers=night_auth).json()
    assert body["night"] == TONIGHT.isoformat()
    [unit] = body["units"]
    assert unit["family_id"] == family.pk and not unit["checked"]
    assert {m["status"] for m in unit["members"]} == {"unchecked"}


def test_put_a_night_and_conflict_on_a_stale_version(client, night_auth, stays):
    stay = stays[MemberRole.PARENT]
    url = f"/api/v1/presence/stays/{stay.pk}/nights/{TONIGHT.isoformat()}"
    first = client.put(url, {"status": "present"}, content_type="application/json", headers=night_auth)
    assert first.status_code == 200 and first.json()["version"] == 1
    second = client.put(url, {"status": "absent", "reason": "not_back", "version": 1}, content_type="application/json",
                        headers=night_auth)
    assert second.json()["version"] == 2
    stale = client.put(url, {"status": "present", "version": 1}, content_type="application/json", headers=night_auth)
    assert stale.status_code == 409


def test_leave_without_a_reason_is_a_dutch_422(client, night_auth, stays):
    stay = stays[MemberRole.PARENT]
    response = client.put(f"/api/v1/presence/stays/{stay.pk}/nights/{TONIGHT.isoformat()}", {"status": "leave"},
                          content_type="application/json", headers=night_auth)
    assert response.status_code == 422 and "reden" in response.json()["detail"][0]["msg"]


def test_leave_and_the_family_nights(client, night_auth, family, child, stays):
    response = client.post(f"/api/v1/presence/families/{family.pk}/leave", {
        "member_ids": [child.pk], "start": "2026-03-11", "end": "2026-03-13", "status": "leave",
        "reason": "network"}, content_type="application/json", headers=night_auth)
    assert response.status_code == 201 and response.json() == {"nights": 2}
    nights = client.get(f"/api/v1/presence/families/{family.pk}/nights?start=2026-03-10&end=2026-03-13",
                        headers=night_auth).json()
    assert [(n["person_id"], n["day"], n["status"]) for n in nights if n["person_id"] == child.person_id] == [
        (child.person_id, "2026-03-10", "unchecked"), (child.person_id, "2026-03-11", "leave"),
        (child.person_id, "2026-03-12", "leave")]


def test_outsider_gets_404_everywhere(client, outsider, family, stays):
    auth = bearer(outsider)
    stay = stays[MemberRole.PARENT]
    assert client.get(f"/api/v1/presence/nights?centre_id={family.centre_id}", headers=auth).status_code == 404
    assert client.get("/api/v1/presence/nights", headers=auth).json()["units"] == []  # their own centre
    assert client.put(f"/api/v1/presence/stays/{stay.pk}/nights/{TONIGHT.isoformat()}", {"status": "present"},
                      content_type="application/json", headers=auth).status_code == 404
    assert client.get(f"/api/v1/presence/families/{family.pk}/nights?start=2026-03-01&end=2026-03-05",
                      headers=auth).status_code == 404
    assert not PresenceNight.objects.exists()
