"""Trajectory screens beyond admission and closure: switch to home, reopen, modules, supporters, departure date,
closing date in the future, "who to call" after closure, personas without assignment."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from spalk.access.models import AssignmentRole
from spalk.accounts.models import Role
from spalk.api.services import api_token_create
from spalk.audit.models import AuditEvent
from spalk.testing.clock import keep_day
from spalk.testing.factories import FamilyAssignmentFactory, MembershipFactory, UserFactory
from spalk.trajectories import services, supporters
from spalk.trajectories.models import Destination, ModuleEpisode, Supporter, SupporterIntensity, Trajectory
from spalk.trajectories.modules import ModuleCode

TODAY = timezone.localdate()
_same_day = keep_day(TODAY)  # a run across midnight keeps this day
DAY = datetime.timedelta(days=1)


def d(day):
    return day.strftime("%d/%m/%Y")


@pytest.fixture
def trajectory(director, family, mother, children):
    return services.trajectory_admit(actor=director, family=family, admitted_on=TODAY - 10 * DAY).trajectory


@pytest.fixture
def stay(director, trajectory, children, studio):
    return services.switch_to_residence(actor=director, trajectory=trajectory, unit=studio, members=[children[1]],
                                        care="stay_high", start_date=TODAY - 5 * DAY, planned_end=TODAY + 30 * DAY)


@pytest.fixture
def case_lead(centre):
    user = UserFactory(email="to@example.test", phone="050 11 22 33")
    MembershipFactory(user=user, centre=centre, role=Role.CASE_LEAD)
    return user


def _family_page(client, family):
    return client.get(reverse("families:detail", args=[family.pk])).content.decode()


# --- closing date -----------------------------------------------------------------------------------------


def test_closing_in_the_future_is_refused_and_the_form_keeps_the_input(mfa_client, team_lead, trajectory):
    response = mfa_client(team_lead).post(reverse("trajectories:close", args=[trajectory.pk]), {
        "closed_on": d(TODAY + 3 * DAY), "reason": "Doelen bereikt", "destination": Destination.HOME,
        "follow_up": "Bellen na een maand"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "niet in de toekomst" in body and "Bellen na een maand" in body and d(TODAY + 3 * DAY) in body
    trajectory.refresh_from_db()
    assert trajectory.closed_on is None


def test_closing_in_the_future_is_refused_by_the_service(director, trajectory):
    from spalk.core.errors import DomainError

    with pytest.raises(DomainError) as exc:
        services.trajectory_close(actor=director, trajectory=trajectory, closed_on=TODAY + DAY, reason="x",
                                  destination=Destination.HOME)
    assert exc.value.code == "future" and exc.value.field == "closed_on"


# --- departure date ("Vertrekdatum wijzigen") ---------------------------------------------------------------


def test_family_page_offers_to_change_the_departure_of_the_current_stay(mfa_client, team_lead, family, stay):
    body = _family_page(mfa_client(team_lead), family)
    assert reverse("trajectories:stay_end", args=[stay.allocation.pk]) in body and "Vertrekdatum wijzigen" in body


def test_change_departure_screen_moves_stay_and_module(mfa_client, team_lead, family, stay):
    client = mfa_client(team_lead)
    url = reverse("trajectories:stay_end", args=[stay.allocation.pk])
    page = client.get(url)
    assert page.status_code == 200 and d(TODAY + 30 * DAY) in page.content.decode()
    response = client.post(url, {"end": d(TODAY + 40 * DAY)})
    assert response.status_code == 302
    stay.allocation.refresh_from_db()
    assert stay.allocation.period.upper == TODAY + 40 * DAY
    assert ModuleEpisode.objects.get(pk=stay.episodes[0].pk).planned_end == TODAY + 40 * DAY


def test_change_departure_screen_shows_crisis_warnings(mfa_client, team_lead, director, family, trajectory,
                                                       children, studio):
    crisis = services.switch_to_residence(actor=director, trajectory=trajectory, unit=studio, members=[children[0]],
                                          care="crisis", start_date=TODAY - 2 * DAY, planned_end=TODAY + 5 * DAY)
    client = mfa_client(team_lead)
    response = client.post(reverse("trajectories:stay_end", args=[crisis.allocation.pk]),
                           {"end": d(TODAY + 20 * DAY)}, follow=True)
    assert "gepland voor 22 dagen" in response.content.decode()


def test_change_departure_keeps_input_on_a_domain_error(mfa_client, team_lead, stay):
    response = mfa_client(team_lead).post(reverse("trajectories:stay_end", args=[stay.allocation.pk]),
                                          {"end": d(TODAY + 30 * DAY)})
    assert response.status_code == 200 and "eindigt al op" in response.content.decode()


def test_change_departure_personas(mfa_client, outsider, administrative, stay):
    url = reverse("trajectories:stay_end", args=[stay.allocation.pk])
    assert mfa_client(outsider).get(url).status_code == 404
    assert mfa_client(administrative).post(url, {"end": d(TODAY)}).status_code == 403


# --- switch to home, reopen, modules -------------------------------------------------------------------------


def test_switch_to_home_screen(mfa_client, team_lead, trajectory, stay):
    client = mfa_client(team_lead)
    url = reverse("trajectories:home", args=[trajectory.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"on_date": d(TODAY)}).status_code == 302
    stay.allocation.refresh_from_db()
    assert stay.allocation.period.upper == TODAY
    assert ModuleEpisode.objects.get(pk=stay.episodes[0].pk).actual_end == TODAY


def test_switch_to_home_without_a_stay_shows_the_reason(mfa_client, team_lead, trajectory):
    response = mfa_client(team_lead).post(reverse("trajectories:home", args=[trajectory.pk]), {"on_date": d(TODAY)})
    assert response.status_code == 200 and "geen verblijf" in response.content.decode()


def test_reopen_screen(mfa_client, team_lead, director, trajectory):
    services.trajectory_close(actor=director, trajectory=trajectory, closed_on=TODAY - DAY, reason="Afgerond",
                              destination=Destination.HOME)
    client = mfa_client(team_lead)
    url = reverse("trajectories:reopen", args=[trajectory.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"on_date": d(TODAY), "reason": "Terugval"}).status_code == 302
    trajectory.refresh_from_db()
    assert trajectory.closed_on is None and Trajectory.objects.filter(family=trajectory.family).count() == 1


def test_reopen_screen_is_not_for_read_only_roles(mfa_client, administrative, director, trajectory):
    services.trajectory_close(actor=director, trajectory=trajectory, closed_on=TODAY, reason="Afgerond",
                              destination=Destination.HOME)
    assert mfa_client(administrative).post(reverse("trajectories:reopen", args=[trajectory.pk]),
                                           {"on_date": d(TODAY)}).status_code == 403


def test_start_and_end_a_module_on_screen(mfa_client, team_lead, trajectory, children):
    client = mfa_client(team_lead)
    url = reverse("trajectories:episode_add", args=[trajectory.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"member": children[1].pk, "module_code": ModuleCode.STAY_HIGH_DIRECT,
                                 "start_date": d(TODAY), "planned_end": d(TODAY + 20 * DAY), "frequency": ""})
    assert response.status_code == 302
    episode = ModuleEpisode.objects.get(trajectory=trajectory, residential=True)
    assert episode.module_code == ModuleCode.STAY_HIGH_DIRECT
    url = reverse("trajectories:episode_end", args=[episode.pk])
    asked = client.post(url, {"end_date": d(TODAY + DAY)})
    assert asked.status_code == 200 and 'name="confirmed"' in asked.content.decode()
    episode.refresh_from_db()
    assert episode.actual_end is None
    response = client.post(url, {"end_date": d(TODAY + DAY), "confirmed": "1"})
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.actual_end == TODAY + DAY


def test_start_module_refusal_keeps_input(mfa_client, team_lead, trajectory, children):
    response = mfa_client(team_lead).post(reverse("trajectories:episode_add", args=[trajectory.pk]), {
        "member": children[0].pk, "module_code": ModuleCode.STAY_HIGH_DIRECT, "start_date": d(TODAY),
        "planned_end": "", "frequency": "twee keer per week"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "tweede minderjarige" in body and "twee keer per week" in body


def test_end_module_personas(mfa_client, outsider, administrative, trajectory):
    episode = ModuleEpisode.objects.filter(trajectory=trajectory).first()
    url = reverse("trajectories:episode_end", args=[episode.pk])
    assert mfa_client(outsider).post(url, {"end_date": d(TODAY)}).status_code == 404
    assert mfa_client(administrative).post(url, {"end_date": d(TODAY)}).status_code == 403
    assert mfa_client(outsider).get(url).status_code in (404, 405)


# --- supporters ----------------------------------------------------------------------------------------------


def test_supporter_add_end_and_intensity_screens(mfa_client, team_lead, family, case_lead):
    client = mfa_client(team_lead)
    url = reverse("trajectories:supporter_add", args=[family.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"user": case_lead.pk, "scope": "family", "start_date": d(TODAY - 5 * DAY),
                                 "agreement": "chosen", "contacts_per_month": 4})
    assert response.status_code == 302
    supporter = Supporter.objects.get(family=family)
    assert supporter.user == case_lead and supporter.agreement == "chosen"
    url = reverse("trajectories:intensity", args=[supporter.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"valid_from": d(TODAY), "contacts_per_month": 8}).status_code == 302
    assert list(SupporterIntensity.objects.filter(supporter=supporter).values_list("contacts_per_month", flat=True)
                .order_by("valid_from")) == [4, 8]
    url = reverse("trajectories:supporter_end", args=[supporter.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"end_date": d(TODAY), "reason": ""}).status_code == 200  # reason is required
    assert client.post(url, {"end_date": d(TODAY), "reason": "Verhuis"}).status_code == 302
    supporter.refresh_from_db()
    assert supporter.end_date == TODAY and supporter.end_reason == "Verhuis"


def test_supporter_screens_personas(mfa_client, outsider, administrative, director, family, case_lead):
    supporter = supporters.supporter_assign(actor=director, family=family, user=case_lead, start_date=TODAY)
    for url in (reverse("trajectories:supporter_add", args=[family.pk]),
                reverse("trajectories:supporter_end", args=[supporter.pk]),
                reverse("trajectories:intensity", args=[supporter.pk])):
        assert mfa_client(outsider).get(url).status_code == 404
        assert mfa_client(administrative).get(url).status_code == 403


# --- who to call after closure -------------------------------------------------------------------------------


def test_after_closure_the_family_page_names_the_supporter(mfa_client, team_lead, director, family, trajectory,
                                                           case_lead, centre):
    supporters.supporter_assign(actor=director, family=family, user=case_lead, start_date=TODAY - 5 * DAY)
    services.trajectory_close(actor=director, trajectory=trajectory, closed_on=TODAY, reason="Afgerond",
                              destination=Destination.HOME)
    body = _family_page(mfa_client(team_lead), family)
    assert escape(str(case_lead)) in body and "tel:+3250112233" in body and "050 11 22 33" in body
    assert "mailto:to@example.test" in body
    assert "het gezin kan het centrum bellen" not in body


def test_after_closure_without_supporter_the_family_page_gives_the_centre(mfa_client, team_lead, director, family,
                                                                         trajectory, centre):
    centre.phone, centre.email = "050 99 88 77", "onthaal@cig-test.example"
    centre.save(update_fields=["phone", "email"])
    services.trajectory_close(actor=director, trajectory=trajectory, closed_on=TODAY, reason="Afgerond",
                              destination=Destination.HOME)
    body = _family_page(mfa_client(team_lead), family)
    assert "het gezin kan het centrum bellen" in body
    assert 'href="tel:+3250998877"' in body and "050 99 88 77" in body
    assert 'href="mailto:onthaal@cig-test.example"' in body


# --- personas without assignment -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.CHILD_WORKER, Role.HEALTH_COORDINATOR])
def test_unassigned_child_worker_and_health_coordinator_get_404(client, mfa_client, centre, family, stay, role):
    user = UserFactory()
    MembershipFactory(user=user, centre=centre, role=role)
    assert mfa_client(user).get(reverse("trajectories:detail", args=[stay.trajectory.pk])).status_code == 404
    _token, raw = api_token_create(actor=user, user=user, name="t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get(f"/api/v1/stays/allocations/{stay.allocation.pk}", **auth).status_code == 404
    assert client.get(f"/api/v1/trajectories/{stay.trajectory.pk}", **auth).status_code == 404
    assert client.get("/api/v1/stays/allocations", **auth).json() == []


@pytest.mark.parametrize("role", [Role.CHILD_WORKER, Role.HEALTH_COORDINATOR])
def test_assigned_child_worker_and_health_coordinator_see_the_stay(client, centre, family, stay, role):
    user = UserFactory()
    MembershipFactory(user=user, centre=centre, role=role)
    FamilyAssignmentFactory(family=family, user=user, role=AssignmentRole(role))
    _token, raw = api_token_create(actor=user, user=user, name="t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    before = AuditEvent.objects.count()
    response = client.get(f"/api/v1/stays/allocations/{stay.allocation.pk}", **auth)
    assert response.status_code == 200 and response.json()["trajectory_id"] == stay.trajectory.pk
    assert AuditEvent.objects.count() == before + 1
