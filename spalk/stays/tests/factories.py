"""Helpers for stays and trajectories tests: units and families with members. All data fictional."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from spalk.families.models import MemberRole, Sex
from spalk.stays.models import Unit, UnitKind
from spalk.testing.factories import FamilyMemberFactory


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Studio {n}")
    kind = UnitKind.STUDIO
    capacity_adults = 2
    capacity_children = 2
    cots = 1


def years_ago(years: int, days: int = 0, today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=days)


def add_member(family, role=MemberRole.CHILD, *, age=2, pregnant=False, first_name="Kind", expected=None):
    birth = None if role == MemberRole.UNBORN else years_ago(age, 10)
    return FamilyMemberFactory(family=family, role=role, pregnant=pregnant, person__first_name=first_name,
                               person__birth_date=birth, person__expected_birth_date=expected,
                               person__sex=Sex.FEMALE)
