"""Editing units (capacity, features, taking out of use): team lead and director, optimistic locking, audited; a
unit a current or coming stay needs cannot be taken out of use or made too small. Crisis stays on the dashboard."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from spalk.api.services import api_token_create
from spalk.audit.models import AuditAction, AuditEvent
from spalk.core.errors import ConcurrentEditError, DomainError
from spalk.stays import services
from spalk.stays.models import Unit
from spalk.testing.clock import keep_day
from spalk.testing.stays import book_stay
from spalk.trajectories import services as trajectory_services
from spalk.trajectories.models import CentreTrajectorySettings

TODAY = timezone.localdate()
_same_day = keep_day(TODAY)  # a run across midnight keeps this day
DAY = datetime.timedelta(days=1)


def bearer(user):
    _token, raw = api_token_create(actor=user, user=user, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def coming_stay(director, family, mother, children, studio):
    return book_stay(actor=director, family=family, unit=studio, start=TODAY + 3 * DAY, end=TODAY + 10 * DAY,
                     members=[mother, *children])


def test_unit_update_changes_fields_bumps_the_version_and_audits(team_lead, studio):
    before = AuditEvent.objects.count()
    unit = services.unit_update(actor=team_lead, unit=studio, data={"features": "gelijkvloers", "cots": 2},
                                version=1)
    assert unit.features == "gelijkvloers" and unit.cots == 2 and unit.version == 2
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("pk")
    assert event.action == AuditAction.UPDATE and set(event.fields) == {"features", "cots"}


def test_unit_update_refuses_a_stale_version(team_lead, studio):
    services.unit_update(actor=team_lead, unit=studio, data={"features": "a"}, version=1)
    with pytest.raises(ConcurrentEditError):
        services.unit_update(actor=team_lead, unit=studio, data={"features": "b"}, version=1)
    assert Unit.objects.get(pk=studio.pk).features == "a"


def test_a_booked_unit_cannot_be_taken_out_of_use(team_lead, studio, coming_stay):
    with pytest.raises(DomainError) as exc:
        services.unit_update(actor=team_lead, unit=studio, data={"is_active": False}, version=1)
    assert exc.value.code == "booked" and (TODAY + 3 * DAY).strftime("%d/%m/%Y") in exc.value.message
    assert Unit.objects.get(pk=studio.pk).is_active


def test_a_booked_unit_cannot_become_too_small(team_lead, studio, coming_stay):
    with pytest.raises(DomainError) as exc:
        services.unit_update(actor=team_lead, unit=studio, data={"capacity_children": 0, "cots": 0}, version=1)
    assert exc.value.code == "booked"
    services.unit_update(actor=team_lead, unit=studio, data={"capacity_adults": 1}, version=1)  # still fits


def test_a_free_unit_can_be_taken_out_of_use_and_leaves_the_board(mfa_client, team_lead, studio):
    services.unit_update(actor=team_lead, unit=studio, data={"is_active": False}, version=1)
    assert "Studio 1" not in mfa_client(team_lead).get(reverse("stays:board")).content.decode()


def test_unit_edit_screen(mfa_client, team_lead, studio):
    client = mfa_client(team_lead)
    url = reverse("stays:unit_edit", args=[studio.pk])
    assert client.get(url).status_code == 200
    assert url in client.get(reverse("stays:units")).content.decode()
    response = client.post(url, {"name": "Studio 1", "kind": "studio", "capacity_adults": 1, "capacity_children": 3,
                                 "cots": 1, "features": "eigen keuken", "is_active": "on", "version": 1})
    assert response.status_code == 302
    studio.refresh_from_db()
    assert studio.capacity_children == 3 and studio.features == "eigen keuken" and studio.version == 2


def test_unit_edit_screen_keeps_input_on_a_stale_version(mfa_client, team_lead, studio):
    services.unit_update(actor=team_lead, unit=studio, data={"features": "eerst"}, version=1)
    response = mfa_client(team_lead).post(reverse("stays:unit_edit", args=[studio.pk]), {
        "name": "Studio 1", "kind": "studio", "capacity_adults": 2, "capacity_children": 2, "cots": 1,
        "features": "mijn invoer", "is_active": "on", "version": 1})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Iemand anders heeft dit intussen gewijzigd" in body and "mijn invoer" in body


def test_unit_edit_screen_personas(mfa_client, counsellor, outsider, studio):
    url = reverse("stays:unit_edit", args=[studio.pk])
    assert mfa_client(counsellor).get(url).status_code == 403
    assert mfa_client(outsider).get(url).status_code == 404


def test_unit_patch_api(client, team_lead, counsellor, outsider, studio, coming_stay):
    url = f"/api/v1/stays/units/{studio.pk}"
    response = client.patch(url, {"version": 1, "features": "lift"}, content_type="application/json",
                            **bearer(team_lead))
    assert response.status_code == 200 and response.json()["features"] == "lift" and response.json()["version"] == 2
    stale = client.patch(url, {"version": 1, "features": "x"}, content_type="application/json", **bearer(team_lead))
    assert stale.status_code == 409
    booked = client.patch(url, {"version": 2, "is_active": False}, content_type="application/json",
                          **bearer(team_lead))
    assert booked.status_code == 422 and booked.json()["detail"][0]["type"] == "booked"
    assert client.patch(url, {"version": 2, "features": "x"}, content_type="application/json",
                        **bearer(counsellor)).status_code == 403
    assert client.patch(url, {"version": 2, "features": "x"}, content_type="application/json",
                        **bearer(outsider)).status_code == 404
    assert Unit.objects.get(pk=studio.pk).features == "lift"


def test_dashboard_lists_crisis_stays_near_or_past_the_maximum(mfa_client, team_lead, director, family, mother,
                                                               children, centre, studio):
    CentreTrajectorySettings.objects.create(centre=centre, crisis_max_days=14, crisis_warning_days=3)
    trajectory = trajectory_services.trajectory_admit(actor=director, family=family,
                                                      admitted_on=TODAY - 20 * DAY).trajectory
    trajectory_services.switch_to_residence(actor=director, trajectory=trajectory, unit=studio, members=[children[0]],
                                            care="crisis", start_date=TODAY - 12 * DAY, planned_end=TODAY + 2 * DAY)
    body = mfa_client(team_lead).get(reverse("stays:dashboard")).content.decode()
    assert "Crisisverblijven om op te volgen" in body
    assert "Noor" in body and "maximum bereikt op " + (TODAY + 2 * DAY).strftime("%d/%m/%Y") in body
    assert reverse("trajectories:detail", args=[trajectory.pk]) in body


def test_dashboard_leaves_out_young_crisis_stays_and_families_the_user_cannot_see(
        mfa_client, team_lead, director, family, children, centre, studio):
    from spalk.accounts.models import Role
    from spalk.testing.factories import MembershipFactory, UserFactory

    child_worker = UserFactory()  # not assigned to the family: sees the dashboard, not the family
    MembershipFactory(user=child_worker, centre=centre, role=Role.CHILD_WORKER)
    trajectory = trajectory_services.trajectory_admit(actor=director, family=family,
                                                      admitted_on=TODAY - 20 * DAY).trajectory
    trajectory_services.switch_to_residence(actor=director, trajectory=trajectory, unit=studio, members=[children[0]],
                                            care="crisis", start_date=TODAY - 16 * DAY, planned_end=TODAY + 2 * DAY)
    assert "maximum overschreden" in mfa_client(team_lead).get(reverse("stays:dashboard")).content.decode()
    hidden = mfa_client(child_worker).get(reverse("stays:dashboard"))
    assert hidden.status_code == 200
    assert "maximum overschreden" not in hidden.content.decode() and "Noor" not in hidden.content.decode()
    trajectory_services.stay_change_end(actor=director, allocation=trajectory.allocations.get(), end=TODAY)
    body = mfa_client(team_lead).get(reverse("stays:dashboard")).content.decode()
    assert "Geen enkel crisisverblijf nadert de maximumduur." in body
