"""The start screen: the registry of work items and the items of each role (issue 10)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from spalk.access.services import break_glass_open
from spalk.audit.models import AuditEvent
from spalk.home import registry
from spalk.home.registry import HomeContext, Urgency, WorkItem, WorkRow
from spalk.intake.models import WaitingListEntry
from spalk.intake.tests.conftest import RegistrationFactory
from spalk.stays.tests.factories import UnitFactory, add_member
from spalk.testing.clock import keep_day
from spalk.testing.factories import FamilyAssignmentFactory, FamilyFactory, FamilyMemberFactory
from spalk.trajectories import indications, services

TODAY = timezone.localdate()
_same_day = keep_day(TODAY)  # a run across midnight keeps this day
DAY = datetime.timedelta(days=1)
GLASS = {"category": "night_or_weekend", "reason": "Opvang tijdens de nacht, de begeleider is niet bereikbaar"}


@pytest.fixture(autouse=True)
def granted(monkeypatch):
    """Every stay in these tests has a positive ITP indication (the intake side is tested in spalk/intake)."""
    monkeypatch.setattr(indications, "indication_for", lambda **kw: indications.Indication(
        reference="ITP-2026-1", decided_on=TODAY - 30 * DAY))


def _home(mfa_client, user) -> str:
    response = mfa_client(user).get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def _queries(mfa_client, user) -> int:
    client = mfa_client(user)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("home")).status_code == 200
    return len(ctx.captured_queries)


def _resident(director, centre, name, *, start=TODAY - 3 * DAY, planned_end=TODAY + 30 * DAY, care="stay_high"):
    family = FamilyFactory(centre=centre, name=name)
    mother = FamilyMemberFactory(family=family, person__first_name=f"Mama {name}",
                                 person__birth_date=TODAY - 9000 * DAY, pregnant=True)
    child = add_member(family, age=3, first_name=f"Kind {name}")
    unit = UnitFactory(centre=centre)
    services.trajectory_admit_with_stay(actor=director, family=family, admitted_on=start, unit=unit,
                                        members=[mother, child], care=care, planned_end=planned_end)
    return family


# --- the registry -------------------------------------------------------------------------------------------


@pytest.fixture
def extra_provider():
    @registry.register("test.extra", order=1)
    def provider(ctx: HomeContext) -> WorkItem:
        return WorkItem(key="test.extra", title="Registered later", url="/somewhere/", count=3,
                        urgency=Urgency.OVERDUE, rows=(WorkRow(label="One row", detail="its detail",
                                                               badges=("a badge",)),))

    yield provider
    registry.unregister("test.extra")


def test_a_registered_provider_appears_without_editing_the_home_template(mfa_client, counsellor, extra_provider):
    body = _home(mfa_client, counsellor)
    assert 'data-work-item="test.extra"' in body
    assert "Registered later" in body and "One row" in body and "a badge" in body
    assert "Achterstallig" in body  # urgency in words, not by colour alone
    assert body.index("Registered later") < body.index("Mijn gezinnen")  # order=1 comes first


def test_every_app_registers_its_items_through_home_modules():
    keys = registry.registered()
    for key in ("stays.tonight", "stays.occupancy", "trajectories.my_families", "intake.new",
                "intake.waiting_follow_up", "intake.a_documents", "intake.waiting_list", "access.break_glass",
                "trajectories.crisis", "trajectories.without_supporter"):
        assert key in keys


def test_no_items_for_a_person_without_roles_shows_an_empty_state(mfa_client, centre_admin):
    body = _home(mfa_client, centre_admin)
    assert "data-work-item" not in body
    assert "Er wacht hier geen werk op u." in body


# --- night staff --------------------------------------------------------------------------------------------


def test_night_staff_sees_who_is_in_the_house_tonight(mfa_client, night_staff, director, centre):
    _resident(director, centre, "Gezin Maes")
    body = _home(mfa_client, night_staff)
    assert 'data-work-item="stays.tonight"' in body
    assert "Gezin Maes" in body
    assert "Kind Gezin Maes (3 j.)" in body  # people and ages
    assert "Mama Gezin Maes zwanger" in body  # alerts


def test_night_staff_of_another_centre_sees_nothing_of_this_house(mfa_client, director, centre, other_centre):
    from conftest import _staff
    from spalk.accounts.models import Role

    _resident(director, centre, "Gezin Maes")
    elsewhere = _staff(other_centre, Role.NIGHT_STAFF)
    body = _home(mfa_client, elsewhere)
    assert "Gezin Maes" not in body


def test_night_staff_home_query_count_is_flat(mfa_client, night_staff, director, centre):
    _resident(director, centre, "Gezin Een")
    one = _queries(mfa_client, night_staff)
    for n in range(4):
        _resident(director, centre, f"Gezin {n}")
    assert _queries(mfa_client, night_staff) == one


def test_home_read_of_dossier_rows_is_audited(mfa_client, night_staff, director, centre):
    family = _resident(director, centre, "Gezin Maes")
    _home(mfa_client, night_staff)
    event = AuditEvent.objects.filter(actor=night_staff, object_type="home.work_items").get()
    assert family.pk in event.extra["family_ids"]


# --- counsellor and context counsellor ----------------------------------------------------------------------


def test_counsellor_sees_my_families_and_what_is_due(mfa_client, counsellor, director, centre):
    family = _resident(director, centre, "Gezin Claes", planned_end=TODAY + 5 * DAY)
    FamilyAssignmentFactory(family=family, user=counsellor)
    body = _home(mfa_client, counsellor)
    assert 'data-work-item="trajectories.my_families"' in body
    assert "Gezin Claes" in body and "Gezin Peeters" in body
    assert "vertrekt uit" in body  # the departure in five days is due


def test_context_counsellor_sees_only_assigned_families(mfa_client, context_counsellor, director, centre):
    _resident(director, centre, "Gezin Niet Toegewezen")
    body = _home(mfa_client, context_counsellor)
    assert "Gezin Peeters" in body
    assert "Gezin Niet Toegewezen" not in body


def test_counsellor_home_query_count_is_flat(mfa_client, counsellor, director, centre):
    family = _resident(director, centre, "Gezin Een", planned_end=TODAY + 5 * DAY)
    FamilyAssignmentFactory(family=family, user=counsellor)
    one = _queries(mfa_client, counsellor)
    for n in range(4):
        family = _resident(director, centre, f"Gezin {n}", planned_end=TODAY + 5 * DAY)
        FamilyAssignmentFactory(family=family, user=counsellor)
    assert _queries(mfa_client, counsellor) == one


# --- intake officer -----------------------------------------------------------------------------------------


def _waiting(centre, name, *, due):
    reg = RegistrationFactory(centre=centre, family_name=name, status="waiting_list")
    WaitingListEntry.objects.create(registration=reg, centre=centre, since=TODAY - 20 * DAY, next_contact_due=due)
    return reg


def test_intake_officer_sees_new_registrations_and_overdue_follow_ups(mfa_client, intake_officer, centre,
                                                                     other_centre):
    RegistrationFactory(centre=centre, family_name="Gezin Nieuw")
    RegistrationFactory(centre=other_centre, family_name="Gezin Elders Nieuw")
    _waiting(centre, "Gezin Wacht", due=TODAY - 2 * DAY)
    body = _home(mfa_client, intake_officer)
    assert 'data-work-item="intake.new"' in body and "Gezin Nieuw" in body
    assert "Gezin Elders Nieuw" not in body
    assert 'data-work-item="intake.waiting_follow_up"' in body and "Gezin Wacht" in body
    assert 'data-work-item="intake.a_documents"' in body


def test_intake_officer_home_query_count_is_flat(mfa_client, intake_officer, centre):
    RegistrationFactory(centre=centre)
    _waiting(centre, "Gezin W", due=TODAY - DAY)
    one = _queries(mfa_client, intake_officer)
    for n in range(8):
        RegistrationFactory(centre=centre)
        _waiting(centre, f"Gezin W{n}", due=TODAY - DAY)
    assert _queries(mfa_client, intake_officer) == one


# --- team lead ----------------------------------------------------------------------------------------------


def test_team_lead_sees_break_glass_crisis_stays_and_families_without_supporter(mfa_client, team_lead, director,
                                                                               centre, colleague, family):
    break_glass_open(actor=colleague, family=family, **GLASS)
    _resident(director, centre, "Gezin Crisis", start=TODAY - 13 * DAY, planned_end=TODAY + DAY, care="crisis")
    body = _home(mfa_client, team_lead)
    assert 'data-work-item="access.break_glass"' in body and "Gezin Peeters" in body
    assert 'data-work-item="trajectories.crisis"' in body and "Gezin Crisis" in body
    assert 'data-work-item="trajectories.without_supporter"' in body


def test_team_lead_home_query_count_is_flat(mfa_client, team_lead, director, centre, colleague, family):
    break_glass_open(actor=colleague, family=family, **GLASS)
    _resident(director, centre, "Gezin Crisis", start=TODAY - 13 * DAY, planned_end=TODAY + DAY, care="crisis")
    one = _queries(mfa_client, team_lead)
    for n in range(3):
        other = _resident(director, centre, f"Gezin C{n}", start=TODAY - 13 * DAY, planned_end=TODAY + DAY,
                          care="crisis")
        break_glass_open(actor=colleague, family=other, **GLASS)
    assert _queries(mfa_client, team_lead) == one


# --- director -----------------------------------------------------------------------------------------------


def test_director_sees_occupancy_and_waiting_list(mfa_client, director, centre):
    _resident(director, centre, "Gezin Maes")
    _waiting(centre, "Gezin Wacht", due=TODAY + DAY)
    body = _home(mfa_client, director)
    assert f'data-work-item="stays.occupancy.{centre.pk}"' in body
    assert 'data-work-item="intake.waiting_list"' in body
    assert "1 gezin wacht" in body
    assert "Gezin Wacht" not in body  # figures only


def test_director_home_query_count_is_flat(mfa_client, director, centre):
    _resident(director, centre, "Gezin Een")
    _waiting(centre, "Gezin W", due=TODAY)
    one = _queries(mfa_client, director)
    for n in range(4):
        _resident(director, centre, f"Gezin {n}")
        _waiting(centre, f"Gezin W{n}", due=TODAY)
    assert _queries(mfa_client, director) == one
