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
