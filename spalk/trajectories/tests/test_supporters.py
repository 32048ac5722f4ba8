"""Trajectory supporters (TO): one family TO at a time, own TO per child, several at once, history kept,
intensity over time, and access following the assignment."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from spalk.access.models import AssignmentRole, FamilyAssignment
from spalk.access.policy import access_family
from spalk.accounts.models import Role
from spalk.core.errors import DomainError
from spalk.testing.clock import keep_day
from spalk.testing.factories import MembershipFactory, UserFactory
from spalk.trajectories import selectors, services, supporters
from spalk.trajectories.models import Agreement, Supporter, SupporterScope

TODAY = timezone.localdate()
_same_day = keep_day(TODAY)  # a run across midnight keeps this day
DAY = datetime.timedelta(days=1)


@pytest.fixture
def case_lead(centre):
    user = UserFactory(email="to1@example.test")
    MembershipFactory(user=user, centre=centre, role=Role.CASE_LEAD)
    return user


@pytest.fixture
def case_lead_2(centre):
    user = UserFactory(email="to2@example.test")
    MembershipFactory(user=user, centre=centre, role=Role.CASE_LEAD)
    return user


def _drop_cache(user):
    for attr in ("_spalk_principal", "_spalk_can"):
        if hasattr(user, attr):
            delattr(user, attr)


def test_assigning_a_to_gives_access_and_changing_keeps_history(director, family, case_lead, case_lead_2):
    with pytest.raises(Http404):
        access_family(user=case_lead, family_id=family.pk)
    first = supporters.supporter_assign(actor=director, family=family, user=case_lead, start_date=TODAY - 30 * DAY,
                                      agreement=Agreement.CHOSEN, agreement_note="Mama kende haar al",
                                      contacts_per_month=8)
    _drop_cache(case_lead)
    assert access_family(user=case_lead, family_id=family.pk) == family
    assert first.access_assignment.role == AssignmentRole.TRAJECTORY_SUPPORTER

    second = supporters.supporter_assign(actor=director, family=family, user=case_lead_2, start_date=TODAY - 5 * DAY,
                                       change_reason="Nieuwe job")
    first.refresh_from_db()
    assert first.end_date == TODAY - 5 * DAY and first.end_reason == "Nieuwe job"
    assert FamilyAssignment.objects.get(pk=first.access_assignment_id).end_date == TODAY - 6 * DAY
    _drop_cache(case_lead)
    with pytest.raises(Http404):
        access_family(user=case_lead, family_id=family.pk)
    _drop_cache(case_lead_2)
    assert access_family(user=case_lead_2, family_id=family.pk) == family
    overview = selectors.supporter_overview(supporters=selectors.supporter_list(family=family), today=TODAY)
    assert overview.who_to_call == second
    assert [s.pk for s in overview.history] == [first.pk]


def test_one_family_to_at_a_time_in_the_database(director, family, case_lead, case_lead_2):
    supporters.supporter_assign(actor=director, family=family, user=case_lead, start_date=TODAY - 10 * DAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        Supporter.objects.create(family=family, user=case_lead_2, scope=SupporterScope.FAMILY,
                                 start_date=TODAY - 5 * DAY)


def test_child_and_context_supporters_act_at_the_same_time(director, family, case_lead, case_lead_2, children):
    supporters.supporter_assign(actor=director, family=family, user=case_lead, start_date=TODAY - 10 * DAY)
    supporters.supporter_assign(actor=director, family=family, user=case_lead_2, start_date=TODAY - 10 * DAY,
                              scope=SupporterScope.CHILD, person=children[0].person)
    supporters.supporter_assign(actor=director, family=family, user=case_lead_2, start_date=TODAY - 10 * DAY,
                              scope=SupporterScope.CONTEXT)
    overview = selectors.supporter_overview(supporters=selectors.supporter_list(family=family), today=TODAY)
    assert len(overview.current) == 3
    assert overview.who_to_call.user == case_lead


def test_a_child_supporter_needs_a_child_of_the_family(director, family, case_lead, mother):
    with pytest.raises(DomainError, match="kind"):
        supporters.supporter_assign(actor=director, family=family, user=case_lead, start_date=TODAY,
                                  scope=SupporterScope.CHILD, person=mother.person)


def test_staff_of_another_centre_cannot_be_to(director, family, outsider):
    with pytest.raises(DomainError, match="centrum"):
        supporters.supporter_assign(actor=director, family=family, user=outsider, start_date=TODAY)


def test_intensity_over_time(director, family, case_lead):
    supporter = supporters.supporter_assign(actor=director, family=family, user=case_lead,
                                          start_date=TODAY - 60 * DAY, contacts_per_month=12)
    supporters.intensity_set(actor=director, supporter=supporter, valid_from=TODAY - 10 * DAY, contacts_per_month=4,
                           note="Afbouw")
    supporter = selectors.supporter_list(family=family)[0]
    assert selectors.current_intensity(supporter, TODAY).contacts_per_month == 4
    assert selectors.current_intensity(supporter, TODAY - 20 * DAY).contacts_per_month == 12


def test_supporter_stays_who_to_call_after_closure(director, family, case_lead, mother):
    from spalk.trajectories.models import Destination

    trajectory = services.trajectory_admit(actor=director, family=family, admitted_on=TODAY - 50 * DAY).trajectory
    supporters.supporter_assign(actor=director, family=family, user=case_lead, start_date=TODAY - 50 * DAY)
    services.trajectory_close(actor=director, trajectory=trajectory, closed_on=TODAY - DAY, reason="Afgerond",
                              destination=Destination.HOME)
    overview = selectors.supporter_overview(supporters=selectors.supporter_list(family=family), today=TODAY)
    assert overview.who_to_call.user == case_lead
