"""Health fixtures: a child in ``family`` (of the shared personas, conftest.py at the root), measurements."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from spalk.families.models import MemberRole, Sex
from spalk.testing.factories import FamilyMemberFactory


@pytest.fixture
def child(family):
    birth = timezone.localdate() - datetime.timedelta(days=200)
    member = FamilyMemberFactory(family=family, role=MemberRole.CHILD, person__first_name="Lena",
                                 person__last_name="Peeters", person__sex=Sex.FEMALE, person__birth_date=birth,
                                 person__centre=family.centre)
    return member.person


@pytest.fixture
def mother(family):
    return family.members.get(role=MemberRole.PARENT).person


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def resident(family, child):
    """The family lives today in a unit of its own centre (for the living group and night staff)."""
    from spalk.accounts.models import Role
    from spalk.stays.tests.factories import UnitFactory
    from spalk.testing.factories import MembershipFactory
    from spalk.trajectories import services as trajectory_services

    today = timezone.localdate()
    director = MembershipFactory(centre=family.centre, role=Role.DIRECTOR).user
    trajectory_services.trajectory_admit(actor=director, family=family, admitted_on=today - datetime.timedelta(days=9))
    trajectory_services.stay_book(actor=director, family=family, unit=UnitFactory(centre=family.centre),
                                  members=list(family.members.all()), care="crisis",
                                  start_date=today - datetime.timedelta(days=5),
                                  planned_end=today + datetime.timedelta(days=20))
    return family
