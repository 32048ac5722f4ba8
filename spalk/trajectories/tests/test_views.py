"""Trajectory screens: happy paths, outsider 404, read-only 403, the family page section without N+1."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from spalk.stays.models import Allocation
from spalk.stays.tests.factories import add_member
from spalk.testing.clock import keep_day
from spalk.trajectories import services
from spalk.trajectories.models import Destination, Trajectory

TODAY = timezone.localdate()
_same_day = keep_day(TODAY)  # a run across midnight keeps this day
DAY = datetime.timedelta(days=1)


def d(day):
    return day.strftime("%d/%m/%Y")


@pytest.fixture
def trajectory(director, family, mother, children):
    return services.trajectory_admit(actor=director, family=family, admitted_on=TODAY - 10 * DAY).trajectory


def test_admit_a_family_into_a_studio(mfa_client, team_lead, family, mother, children, studio):
    client = mfa_client(team_lead)
    url = reverse("trajectories:admit", args=[family.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"admitted_on": d(TODAY), "phase": "intake", "with_stay": "on", "care": "crisis",
                                 "unit": studio.pk, "planned_end": d(TODAY + 7 * DAY),
                                 "members": [mother.pk, children[0].pk, children[1].pk]})
    assert response.status_code == 302
    trajectory = Trajectory.objects.get(family=family)
    assert Allocation.objects.get(trajectory=trajectory).unit == studio
    page = client.get(reverse("families:detail", args=[family.pk]))
    assert "Studio 1" in page.content.decode()


def test_admit_form_keeps_input_on_a_domain_error(mfa_client, team_lead, family, mother, children, studio):
    client = mfa_client(team_lead)
    response = client.post(reverse("trajectories:admit", args=[family.pk]), {
        "admitted_on": d(TODAY), "phase": "intake", "with_stay": "on", "care": "stay_high", "unit": studio.pk,
        "planned_end": d(TODAY + 7 * DAY), "members": [mother.pk, children[0].pk]})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Intersectorale Toegangspoort" in body
    assert d(TODAY + 7 * DAY) in body
    assert not Trajectory.objects.filter(family=family).exists()


def test_close_the_trajectory(mfa_client, team_lead, trajectory):
    client = mfa_client(team_lead)
    data = {"closed_on": d(TODAY), "reason": "Doelen bereikt", "destination": Destination.HOME_WITH_SUPPORT,
            "follow_up": "Bellen na een maand"}
    asked = client.post(reverse("trajectories:close", args=[trajectory.pk]), data)
    assert asked.status_code == 200  # a destructive action asks first, without JavaScript
    body = asked.content.decode()
    assert 'name="confirmed" value="1"' in body and 'value="Bellen na een maand"' in body
    trajectory.refresh_from_db()
    assert trajectory.closed_on is None
    response = client.post(reverse("trajectories:close", args=[trajectory.pk]), {**data, "confirmed": "1"})
    assert response.status_code == 302
    trajectory.refresh_from_db()
    assert trajectory.closed_on == TODAY


def test_closing_shows_every_error_at_once(mfa_client, team_lead, trajectory):
    """The missing reason and the date before the admission come in one go, in the summary at the top."""
    response = mfa_client(team_lead).post(reverse("trajectories:close", args=[trajectory.pk]), {
        "closed_on": d(trajectory.admitted_on - DAY), "reason": "", "destination": Destination.HOME})
    body = response.content.decode()
    summary = body[body.index("data-error-summary"):body.index("</ul>", body.index("data-error-summary"))]
    assert 'href="#id_reason"' in summary and 'href="#id_closed_on"' in summary
    assert "vóór de opname" in summary


@pytest.mark.parametrize("name", ["trajectories:detail", "trajectories:close", "trajectories:residence"])
def test_outsider_gets_404(mfa_client, outsider, trajectory, name):
    assert mfa_client(outsider).get(reverse(name, args=[trajectory.pk])).status_code == 404


def test_outsider_cannot_admit(mfa_client, outsider, family):
    assert mfa_client(outsider).get(reverse("trajectories:admit", args=[family.pk])).status_code == 404


@pytest.mark.parametrize("name", ["trajectories:close", "trajectories:phase", "trajectories:episode_add"])
def test_read_only_roles_get_403_on_writes(mfa_client, administrative, trajectory, name):
    client = mfa_client(administrative)
    assert client.get(reverse("trajectories:detail", args=[trajectory.pk])).status_code == 200
    assert client.post(reverse(name, args=[trajectory.pk]), {}).status_code == 403


def test_detail_wrong_method(mfa_client, team_lead, trajectory):
    assert mfa_client(team_lead).post(reverse("trajectories:detail", args=[trajectory.pk])).status_code == 405


def test_night_staff_sees_a_family_in_residence_only(mfa_client, night_staff, director, trajectory, family, studio,
                                                      children):
    client = mfa_client(night_staff)
    assert client.get(reverse("trajectories:detail", args=[trajectory.pk])).status_code == 404
    services.switch_to_residence(actor=director, trajectory=trajectory, unit=studio, members=[children[1]],
                                 care="stay_high", start_date=TODAY - DAY, planned_end=TODAY + 9 * DAY)
    client = mfa_client(night_staff)
    assert client.get(reverse("trajectories:detail", args=[trajectory.pk])).status_code == 200
    assert client.post(reverse("trajectories:close", args=[trajectory.pk]), {}).status_code == 403


def test_family_page_section_has_a_flat_query_count(mfa_client, director, team_lead, family, mother, centre,
                                                     django_assert_max_num_queries):
    from spalk.stays.tests.factories import UnitFactory

    client = mfa_client(team_lead)
    url = reverse("families:detail", args=[family.pk])
    trajectory = services.trajectory_admit(actor=director, family=family, admitted_on=TODAY - 100 * DAY).trajectory

    def add_stay(n):
        kid = add_member(family, age=n + 1, first_name=f"K{n}")
        unit = UnitFactory(centre=centre, name=f"Unit {n}")
        services.episode_start(actor=director, trajectory=trajectory, member=kid, module_code="CB",
                               start_date=TODAY - 50 * DAY)
        services.switch_to_residence(actor=director, trajectory=trajectory, unit=unit, members=[kid], care="crisis",
                                     start_date=TODAY - (40 - n * 5) * DAY, planned_end=TODAY - (37 - n * 5) * DAY)

    add_stay(0)
    client.get(url)
    with django_assert_max_num_queries(60) as small:
        client.get(url)
    for n in range(1, 6):
        add_stay(n)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("Unit ") >= 6
