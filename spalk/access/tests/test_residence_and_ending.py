"""Holes 3 and 4 of issue 9: residence counts in the viewer's own centres only; ending takes effect at once."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils import timezone

from spalk.access.models import FamilyAssignment
from spalk.access.policy import Action, principal_for, visible_families
from spalk.access.services import assignment_end, share_end
from spalk.accounts.models import Membership, Role
from spalk.accounts.services import membership_end
from spalk.stays.models import Allocation, Unit
from spalk.testing.factories import FamilyFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def sees(user, family, action=Action.VIEW) -> bool:
    return visible_families(user=user, action=action).filter(pk=family.pk).exists()


def fresh(user):
    """The same account as a new request would load it (no principal cached on the object)."""
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def in_residence(family, centre):
    unit = Unit.objects.create(centre=centre, name="Kamer 1", kind="room")
    today = timezone.localdate()
    Allocation.objects.create(unit=unit, family=family,
                              period=DateRange(today - datetime.timedelta(days=2), today + datetime.timedelta(days=20)))
    return family


# --- hole 3: residence-bound rights ------------------------------------------------------------------------

def test_residence_gives_rights_in_the_owning_centre(night_staff, colleague, in_residence):
    assert sees(night_staff, in_residence)
    assert sees(colleague, in_residence, Action.EDIT)


def test_a_share_does_not_extend_residence_rights_to_the_other_centre(partner_night_staff, partner_counsellor,
                                                                      in_residence):
    assert not sees(partner_night_staff, in_residence)
    assert not sees(partner_counsellor, in_residence)
    assert not sees(partner_counsellor, in_residence, Action.EDIT)


def test_a_family_living_in_the_viewers_own_unit_counts(partner_centre, partner_counsellor, share, family):
    """The rule is "families living in units of the viewer's own centres", whichever centre shared them."""
    unit = Unit.objects.create(centre=partner_centre, name="Studio P", kind="studio")
    today = timezone.localdate()
    Allocation.objects.create(unit=unit, family=family, period=DateRange(today, today + datetime.timedelta(days=5)))
    assert sees(partner_counsellor, family)


def test_the_partner_director_still_reads_by_her_role(partner_director, in_residence):
    assert sees(partner_director, in_residence)


# --- hole 4: ending takes effect at once -------------------------------------------------------------------

def test_ending_an_assignment_removes_access_now(director, counsellor, family):
    assignment = FamilyAssignment.objects.get(user=counsellor, family=family)
    assert sees(counsellor, family)
    assignment_end(actor=director, assignment=assignment)
    assert not sees(fresh(counsellor), family)
    assignment.refresh_from_db()
    assert assignment.ended_at is not None and assignment.end_date == timezone.localdate()
    assert not assignment.is_current()


def test_an_assignment_ended_on_a_later_day_keeps_access_until_then(director, counsellor, family):
    assignment = FamilyAssignment.objects.get(user=counsellor, family=family)
    assignment_end(actor=director, assignment=assignment, end_date=timezone.localdate() + datetime.timedelta(days=2))
    assert sees(fresh(counsellor), family)
    assignment.refresh_from_db()
    assert assignment.ended_at is None


def test_ending_a_share_removes_the_other_centres_access_now(director, partner_director, share, family):
    assert sees(partner_director, family)
    share_end(actor=director, share=share)
    assert not sees(fresh(partner_director), family)
    share.refresh_from_db()
    assert share.ended_at is not None and not share.is_current()


def test_ending_a_role_removes_its_rights_now_and_keeps_the_row(centre_admin, centre, family):
    user = MembershipFactory(centre=centre, role=Role.INTAKE_OFFICER).user
    assert sees(user, family)
    membership = Membership.objects.get(user=user, centre=centre)
    membership_end(actor=centre_admin, membership=membership)
    assert not sees(fresh(user), family)
    membership.refresh_from_db()
    assert membership.ended_at is not None and not membership.is_current()


def test_ending_a_role_that_starts_later_keeps_it_as_history(centre_admin, centre):
    start = timezone.localdate() + datetime.timedelta(days=20)
    membership = MembershipFactory(centre=centre, role=Role.COUNSELLOR, start_date=start)
    membership_end(actor=centre_admin, membership=membership)
    membership.refresh_from_db()
    assert membership.ended_at is not None and membership.start_date == start
    with time_machine.travel(timezone.now() + datetime.timedelta(days=30)):
        assert principal_for(fresh(membership.user)).roles_by_centre == {}


def test_a_trajectory_supporter_stopping_today_loses_access_now(director, centre, family):
    from spalk.trajectories.supporters import supporter_assign, supporter_end

    user = MembershipFactory(centre=centre, role=Role.CONTEXT_COUNSELLOR).user
    today = timezone.localdate()
    supporter = supporter_assign(actor=director, family=family, user=user,
                                 start_date=today - datetime.timedelta(days=9))
    assert sees(fresh(user), family)
    supporter_end(actor=director, supporter=supporter, end_date=today, reason="vervangen")
    assert not sees(fresh(user), family)


def test_an_other_family_is_never_reached_through_residence(night_staff, other_centre):
    other = FamilyFactory(centre=other_centre)
    unit = Unit.objects.create(centre=other_centre, name="Kamer E", kind="room")
    today = timezone.localdate()
    Allocation.objects.create(unit=unit, family=other, period=DateRange(today, today + datetime.timedelta(days=3)))
    assert not sees(night_staff, other)
