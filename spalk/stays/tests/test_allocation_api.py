"""POST/PATCH /api/v1/stays/allocations go through the trajectory services: no stay outside a trajectory, the stay
modules follow the departure date, crisis stays warn."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from spalk.api.services import api_token_create
from spalk.audit.models import AuditAction, AuditEvent
from spalk.stays.models import Allocation
from spalk.testing.clock import keep_day
from spalk.trajectories import services
from spalk.trajectories.models import CentreTrajectorySettings, ModuleEpisode
from spalk.trajectories.modules import ModuleCode

TODAY = timezone.localdate()
_same_day = keep_day(TODAY)  # a run across midnight keeps this day
DAY = datetime.timedelta(days=1)
URL = "/api/v1/stays/allocations"


def bearer(user):
    _token, raw = api_token_create(actor=user, user=user, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def auth(team_lead):
    return bearer(team_lead)


def payload(family, unit, members, *, care="crisis", start=TODAY, end=TODAY + 7 * DAY):
    return {"family_id": family.pk, "unit_id": unit.pk, "care": care, "start": start.isoformat(),
            "end": end.isoformat(), "member_ids": [m.pk for m in members]}


def post(client, auth, data):
    return client.post(URL, data, content_type="application/json", **auth)


def test_booking_without_an_open_trajectory_is_refused_in_dutch(client, auth, family, mother, children, studio):
    response = post(client, auth, payload(family, studio, [children[0]]))
    assert response.status_code == 422
    error = response.json()["detail"][0]
    assert error["type"] == "needs_trajectory" and error["field"] == "family_id"
    assert "geen lopend traject" in error["msg"] and "contextbegeleiding" in error["msg"]
    assert not Allocation.objects.exists()


def test_booking_after_closure_is_refused(client, auth, director, family, mother, children, studio):
    trajectory = services.trajectory_admit(actor=director, family=family, admitted_on=TODAY - 5 * DAY).trajectory
    services.trajectory_close(actor=director, trajectory=trajectory, closed_on=TODAY, reason="Afgerond",
                              destination="home")
    response = post(client, auth, payload(family, studio, [children[0]], start=TODAY + DAY))
    assert response.status_code == 422 and response.json()["detail"][0]["type"] == "needs_trajectory"


def test_booking_without_contextbegeleiding_is_refused(client, auth, director, family, mother, children, studio):
    trajectory = services.trajectory_admit(actor=director, family=family, admitted_on=TODAY - 20 * DAY).trajectory
    for episode in ModuleEpisode.objects.filter(trajectory=trajectory):
        services.episode_end(actor=director, episode=episode, end_date=TODAY - 10 * DAY)
    response = post(client, auth, payload(family, studio, [children[0]]))
    assert response.status_code == 422 and response.json()["detail"][0]["type"] == "needs_context"
    assert not Allocation.objects.exists()


def test_booking_a_stay_needing_an_indication_without_one_is_refused(client, auth, director, family, mother,
                                                                     children, studio, monkeypatch):
    from spalk.trajectories import indications

    monkeypatch.setattr(indications, "indication_for", lambda **kw: None)
    services.trajectory_admit(actor=director, family=family, admitted_on=TODAY)
    response = post(client, auth, payload(family, studio, [mother, children[0]], care="stay_high"))
    assert response.status_code == 422 and response.json()["detail"][0]["type"] == "needs_indication"
    assert "Intersectorale Toegangspoort" in response.json()["detail"][0]["msg"]
    assert not Allocation.objects.exists()


def test_a_missing_kind_of_stay_is_a_dutch_422(client, auth, director, family, mother, studio):
    services.trajectory_admit(actor=director, family=family, admitted_on=TODAY)
    data = payload(family, studio, [mother])
    del data["care"]
    response = post(client, auth, data)
    assert response.status_code == 422 and response.json()["detail"][0]["msg"] == "Dit veld is verplicht."


def test_booking_goes_through_the_trajectory(client, auth, director, family, mother, children, studio):
    trajectory = services.trajectory_admit(actor=director, family=family, admitted_on=TODAY).trajectory
    response = post(client, auth, payload(family, studio, [mother, children[0]], end=TODAY + 20 * DAY))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["trajectory_id"] == trajectory.pk and body["unit_id"] == studio.pk
    assert sorted(body["member_ids"]) == sorted([mother.pk, children[0].pk])
    assert body["end"] == (TODAY + 20 * DAY).isoformat()
    crisis = ModuleEpisode.objects.get(trajectory=trajectory, residential=True)
    assert crisis.member == children[0] and crisis.module_code == ModuleCode.CRISIS
    assert crisis.planned_end == TODAY + 20 * DAY
    assert any("gepland voor 20 dagen" in w for w in body["warnings"])


@pytest.fixture
def crisis_stay(director, family, mother, children, studio, centre):
    CentreTrajectorySettings.objects.create(centre=centre, crisis_max_days=14, crisis_warning_days=3)
    trajectory = services.trajectory_admit(actor=director, family=family, admitted_on=TODAY - 12 * DAY).trajectory
    return services.switch_to_residence(actor=director, trajectory=trajectory, unit=studio,
                                        members=[mother, children[0]], care="crisis", start_date=TODAY - 12 * DAY,
                                        planned_end=TODAY + 2 * DAY)


def test_changing_the_departure_moves_the_stay_module_too(client, auth, crisis_stay):
    allocation, episode = crisis_stay.allocation, crisis_stay.episodes[0]
    before = AuditEvent.objects.count()
    response = client.patch(f"{URL}/{allocation.pk}", {"end": (TODAY + 3 * DAY).isoformat()},
                            content_type="application/json", **auth)
    assert response.status_code == 200, response.content
    assert response.json()["end"] == (TODAY + 3 * DAY).isoformat()
    episode.refresh_from_db()
    assert episode.planned_end == TODAY + 3 * DAY and episode.actual_end is None
    assert Allocation.objects.get(pk=allocation.pk).period.upper == TODAY + 3 * DAY
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.latest("pk").action == AuditAction.UPDATE
    warnings = response.json()["warnings"]
    assert any("bereikt op" in w and "maximum van 14 dagen" in w for w in warnings)
    assert any("gepland voor 15 dagen" in w for w in warnings)


def test_a_crisis_stay_beyond_the_maximum_warns_and_is_not_refused(client, auth, crisis_stay):
    allocation = crisis_stay.allocation
    response = client.patch(f"{URL}/{allocation.pk}", {"end": (TODAY + 30 * DAY).isoformat()},
                            content_type="application/json", **auth)
    assert response.status_code == 200
    assert any("gepland voor 42 dagen" in w and "maximaal 14 dagen" in w for w in response.json()["warnings"])
    assert crisis_stay.episodes[0].__class__.objects.get(pk=crisis_stay.episodes[0].pk).planned_end == TODAY + 30 * DAY


def test_a_departure_today_ends_the_stay_module(client, auth, crisis_stay):
    response = client.patch(f"{URL}/{crisis_stay.allocation.pk}", {"end": TODAY.isoformat()},
                            content_type="application/json", **auth)
    assert response.status_code == 200
    episode = ModuleEpisode.objects.get(pk=crisis_stay.episodes[0].pk)
    assert episode.actual_end == TODAY and episode.planned_end == TODAY


def test_cancelling_a_stay_not_yet_begun(client, auth, director, family, mother, children, studio):
    trajectory = services.trajectory_admit(actor=director, family=family, admitted_on=TODAY).trajectory
    outcome = services.switch_to_residence(actor=director, trajectory=trajectory, unit=studio,
                                           members=[children[0]], care="crisis", start_date=TODAY + 5 * DAY,
                                           planned_end=TODAY + 9 * DAY)
    response = client.patch(f"{URL}/{outcome.allocation.pk}", {"end": (TODAY + 5 * DAY).isoformat()},
                            content_type="application/json", **auth)
    assert response.status_code == 204
    assert not Allocation.objects.filter(pk=outcome.allocation.pk).exists()
    episode = ModuleEpisode.objects.get(pk=outcome.episodes[0].pk)
    assert episode.actual_end == episode.start_date


def test_extending_beyond_contextbegeleiding_is_refused(client, auth, director, crisis_stay):
    trajectory = crisis_stay.trajectory
    # contextbegeleiding planned to end after the current departure (set directly: the service would refuse to end
    # it while the stay runs)
    ModuleEpisode.objects.filter(trajectory=trajectory, module_code=ModuleCode.CONTEXT).update(
        actual_end=TODAY + 4 * DAY)
    response = client.patch(f"{URL}/{crisis_stay.allocation.pk}", {"end": (TODAY + 10 * DAY).isoformat()},
                            content_type="application/json", **auth)
    assert response.status_code == 422 and response.json()["detail"][0]["type"] == "needs_context"
    assert Allocation.objects.get(pk=crisis_stay.allocation.pk).period.upper == TODAY + 2 * DAY
    assert ModuleEpisode.objects.get(pk=crisis_stay.episodes[0].pk).planned_end == TODAY + 2 * DAY


def test_the_list_is_paged_with_limit_and_offset(client, auth, director, family, mother, children, studio, centre):
    from spalk.stays.tests.factories import UnitFactory

    services.trajectory_admit(actor=director, family=family, admitted_on=TODAY)
    second = UnitFactory(centre=centre, name="Studio 2")
    assert post(client, auth, payload(family, studio, [children[0]], end=TODAY + 3 * DAY)).status_code == 201
    assert post(client, auth, payload(family, second, [children[1]], start=TODAY + 10 * DAY,
                                      end=TODAY + 12 * DAY)).status_code == 201
    first_page = client.get(URL, {"limit": 1}, **auth).json()
    next_page = client.get(URL, {"limit": 1, "offset": 1}, **auth).json()
    assert len(first_page) == len(next_page) == 1
    assert first_page[0]["unit_id"] == studio.pk and next_page[0]["unit_id"] == second.pk
    assert len(client.get(URL, **auth).json()) == 2
    too_many = client.get(URL, {"limit": 501}, **auth)
    assert too_many.status_code == 422 and too_many.json()["detail"][0]["field"] == "limit"
