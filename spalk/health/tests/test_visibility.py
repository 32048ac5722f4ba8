"""Who sees health data (special-category): personas against the health pages and records."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from spalk.access.policy import access_health_person, can_see_health, visible_health
from spalk.accounts.models import Role
from spalk.audit.models import AuditAction, AuditEvent
from spalk.health.models import GrowthMeasurement, Medication
from spalk.testing.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(family, child, health_coordinator):
    hidden = GrowthMeasurement.objects.create(family=family, person=child, measured_on=child.birth_date,
                                              weight_kg=3.2, age_days=0, recorded_by=health_coordinator)
    shared = Medication.objects.create(family=family, person=child, name="Paracetamol siroop", dose="2,5 ml",
                                       times="08:00 20:00", start_on=timezone.localdate(), shared_with_team=True)
    return hidden, shared


def pages(child, records):
    _hidden, shared = records
    return {"person": f"/health/persons/{child.pk}/", "growth": f"/health/persons/{child.pk}/growth/",
            "medication": f"/health/medications/{shared.pk}/"}


@pytest.mark.parametrize("persona", ["health_coordinator", "team_lead"])
def test_health_roles_see_everything(mfa_client, request, child, records, persona):
    user = request.getfixturevalue(persona)
    client = mfa_client(user)
    for url in pages(child, records).values():
        assert client.get(url).status_code == 200, url
    hidden, _shared = records
    assert set(visible_health(GrowthMeasurement, user=user)) == {hidden}
    assert access_health_person(user=user, person_id=child.pk).full


def test_assigned_counsellor_sees_only_what_is_shared(mfa_client, counsellor, child, records):
    _hidden, shared = records
    client = mfa_client(counsellor)
    page = client.get(f"/health/persons/{child.pk}/")
    assert page.status_code == 200
    assert "Paracetamol siroop" in page.content.decode()
    assert client.get(f"/health/medications/{shared.pk}/").status_code == 200
    assert list(visible_health(GrowthMeasurement, user=counsellor)) == []
    assert client.get(f"/health/persons/{child.pk}/growth/").context["measurements"] == []
    assert not access_health_person(user=counsellor, person_id=child.pk).full
    # writing is for the health roles
    assert client.get(f"/health/persons/{child.pk}/growth/new/").status_code == 403


def test_counsellor_without_the_shared_mark_gets_404_for_the_record(mfa_client, counsellor, child, records):
    _hidden, shared = records
    shared.shared_with_team = False
    shared.save()
    assert mfa_client(counsellor).get(f"/health/medications/{shared.pk}/").status_code == 404


@pytest.mark.parametrize("persona", ["night_staff", "outsider", "colleague"])
def test_others_get_404(mfa_client, request, child, records, persona):
    """Night staff of a family not in residence, another centre, an unassigned counsellor: not their family."""
    user = request.getfixturevalue(persona)
    client = mfa_client(user)
    for url in pages(child, records).values():
        assert client.get(url).status_code == 404, (persona, url)


@pytest.mark.parametrize("persona", ["director", "intake_officer", "administrative"])
def test_who_sees_the_family_but_not_its_health_gets_403(mfa_client, request, child, records, persona):
    user = request.getfixturevalue(persona)
    client = mfa_client(user)
    assert client.get(f"/families/{records[0].family_id}/").status_code == 200
    for url in pages(child, records).values():
        assert client.get(url).status_code == 403, (persona, url)


def test_night_staff_of_a_resident_family_see_no_health(mfa_client, night_staff, family, child, records):
    from spalk.stays.tests.factories import UnitFactory
    from spalk.trajectories import services as trajectory_services

    today = timezone.localdate()
    unit = UnitFactory(centre=family.centre)
    director = MembershipFactory(centre=family.centre, role=Role.DIRECTOR).user
    trajectory_services.trajectory_admit(actor=director, family=family, admitted_on=today - datetime.timedelta(days=3))
    trajectory_services.stay_book(actor=director, family=family, unit=unit, members=list(family.members.all()),
                                  care="crisis", start_date=today - datetime.timedelta(days=2),
                                  planned_end=today + datetime.timedelta(days=5))
    client = mfa_client(night_staff)
    assert client.get(f"/families/{family.pk}/").status_code == 200  # they see the family …
    assert not can_see_health(user=night_staff, family=family)  # … but none of its health pages
    assert client.get(f"/health/persons/{child.pk}/").status_code == 403


def test_family_page_links_to_health_only_for_those_who_see_it(mfa_client, health_coordinator, director, family,
                                                              child):
    assert "/health/families/" in mfa_client(health_coordinator).get(f"/families/{family.pk}/").content.decode()


def test_director_sees_no_link(mfa_client, director, family, child):
    assert "/health/families/" not in mfa_client(director).get(f"/families/{family.pk}/").content.decode()


def test_every_read_is_audited(mfa_client, health_coordinator, child, records):
    response = mfa_client(health_coordinator).get(f"/health/persons/{child.pk}/growth/")
    events = AuditEvent.objects.filter(request_id=response["X-Request-ID"], action=AuditAction.VIEW)
    assert events.count() == 1
    assert events.get().person_id == child.pk


def test_withheld_record_is_hidden_from_the_family(portal_parent, family, child, records):
    hidden, _shared = records
    hidden.withheld_from_family, hidden.withheld_reason = True, "third_party"
    hidden.save()
    assert list(visible_health(GrowthMeasurement, user=portal_parent)) == []
    hidden.withheld_from_family, hidden.withheld_reason = False, ""
    hidden.save()
    assert list(visible_health(GrowthMeasurement, user=portal_parent)) == [hidden]
