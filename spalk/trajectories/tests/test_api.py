"""API of trajectories and stays: through the policy (404 for outsiders) and the audit trail."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from spalk.api.services import api_token_create
from spalk.audit.models import AuditEvent
from spalk.stays.models import Allocation
from spalk.testing.clock import keep_day

TODAY = timezone.localdate()
_same_day = keep_day(TODAY)  # a run across midnight keeps this day
DAY = datetime.timedelta(days=1)


def bearer(user):
    _token, raw = api_token_create(actor=user, user=user, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def lead_auth(team_lead):
    return bearer(team_lead)


def test_admit_move_in_and_close_through_the_api(client, lead_auth, family, mother, children, studio):
    response = client.post("/api/v1/trajectories/", {"family_id": family.pk, "admitted_on": TODAY.isoformat()},
                           content_type="application/json", **lead_auth)
    assert response.status_code == 201, response.content
    trajectory_id = response.json()["id"]
    assert {e["module_code"] for e in response.json()["episodes"]} == {"CB"}
    response = client.post(f"/api/v1/trajectories/{trajectory_id}/residence", {
        "unit_id": studio.pk, "care": "crisis", "member_ids": [children[0].pk], "start_date": TODAY.isoformat(),
        "planned_end": (TODAY + 20 * DAY).isoformat()}, content_type="application/json", **lead_auth)
    assert response.status_code == 200, response.content
    assert any("14 dagen" in w for w in response.json()["warnings"])
    allocations = client.get(f"/api/v1/stays/allocations?family_id={family.pk}", **lead_auth).json()
    assert allocations[0]["unit_id"] == studio.pk and allocations[0]["member_ids"] == [children[0].pk]
    response = client.post(f"/api/v1/trajectories/{trajectory_id}/close", {
        "closed_on": TODAY.isoformat(), "reason": "Crisis voorbij", "destination": "home_with_support"},
        content_type="application/json", **lead_auth)
    assert response.status_code == 200 and response.json()["closed_on"] == TODAY.isoformat()


def test_double_booking_via_the_api_gives_a_dutch_422(client, lead_auth, director, family, mother, children, studio):
    from spalk.trajectories import services

    services.trajectory_admit(actor=director, family=family, admitted_on=datetime.date(2029, 12, 1))
    payload = {"family_id": family.pk, "unit_id": studio.pk, "care": "crisis", "start": "2030-01-01",
               "end": "2030-01-10", "member_ids": [children[0].pk]}
    assert client.post("/api/v1/stays/allocations", payload, content_type="application/json",
                       **lead_auth).status_code == 201
    other = {**payload, "member_ids": [children[1].pk], "start": "2030-01-05"}
    response = client.post("/api/v1/stays/allocations", other, content_type="application/json", **lead_auth)
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "double_booking"
    assert Allocation.objects.count() == 1


def test_outsider_gets_404_on_trajectories_and_units(client, outsider, director, family, mother, studio):
    from spalk.trajectories import services

    trajectory = services.trajectory_admit(actor=director, family=family, admitted_on=TODAY).trajectory
    auth = bearer(outsider)
    assert client.get(f"/api/v1/trajectories/{trajectory.pk}", **auth).status_code == 404
    assert client.get(f"/api/v1/stays/units/{studio.pk}", **auth).status_code == 404
    assert client.get(f"/api/v1/stays/occupancy?centre_id={studio.centre_id}", **auth).status_code == 404
    assert client.get("/api/v1/trajectories/", **auth).json() == []


def test_read_only_role_gets_403_on_writes(client, administrative, director, family, mother):
    from spalk.trajectories import services

    trajectory = services.trajectory_admit(actor=director, family=family, admitted_on=TODAY).trajectory
    auth = bearer(administrative)
    assert client.get(f"/api/v1/trajectories/{trajectory.pk}", **auth).status_code == 200
    response = client.post(f"/api/v1/trajectories/{trajectory.pk}/close", {
        "closed_on": TODAY.isoformat(), "reason": "x", "destination": "home"}, content_type="application/json",
        **auth)
    assert response.status_code == 403


def test_reads_are_audited(client, lead_auth, director, family, mother):
    from spalk.trajectories import services

    trajectory = services.trajectory_admit(actor=director, family=family, admitted_on=TODAY).trajectory
    before = AuditEvent.objects.count()
    client.get(f"/api/v1/trajectories/{trajectory.pk}", **lead_auth)
    assert AuditEvent.objects.count() == before + 1


def test_occupancy_api(client, lead_auth, director, family, mother, studio):
    from spalk.stays.tests.factories import add_member
    from spalk.testing.stays import book_stay

    book_stay(actor=director, family=family, unit=studio, start=datetime.date(2030, 2, 27),
              end=datetime.date(2030, 3, 2), members=[mother, add_member(family, age=2)])
    data = client.get("/api/v1/stays/occupancy?month=2030-02", **lead_auth).json()
    assert data["person_nights"] == 4 and len(data["days"]) == 28  # 27 and 28 February, two persons


def test_supporter_api_keeps_history(client, lead_auth, family, centre):
    from spalk.accounts.models import Role
    from spalk.testing.factories import MembershipFactory, UserFactory

    a, b = UserFactory(), UserFactory()
    for u in (a, b):
        MembershipFactory(user=u, centre=centre, role=Role.CASE_LEAD)
    url = f"/api/v1/trajectories/families/{family.pk}/supporters"
    start = (TODAY - 10 * DAY).isoformat()
    assert client.post(url, {"user_id": a.pk, "start_date": start}, content_type="application/json",
                       **lead_auth).status_code == 201
    assert client.post(url, {"user_id": b.pk, "start_date": TODAY.isoformat(), "agreement": "chosen"},
                       content_type="application/json", **lead_auth).status_code == 201
    rows = client.get(url, **lead_auth).json()
    assert len(rows) == 2 and sum(1 for r in rows if r["end_date"] is None) == 1
