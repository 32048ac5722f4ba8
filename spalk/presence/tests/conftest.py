from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine

from spalk.families.models import MemberRole
from spalk.stays.tests.factories import UnitFactory, add_member
from spalk.testing.stays import book_stay

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
TONIGHT = datetime.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def evening():
    """22:00 on 10 March 2026: the night being checked is the night of the 10th."""
    with time_machine.travel(datetime.datetime(2026, 3, 10, 22, 0, tzinfo=BRUSSELS), tick=False) as traveller:
        yield traveller


@pytest.fixture
def mother(family):
    return family.members.get(role=MemberRole.PARENT)


@pytest.fixture
def child(family):
    return add_member(family, age=3, first_name="Noor")


@pytest.fixture
def studio(centre):
    return UnitFactory(centre=centre, name="Studio 1")


@pytest.fixture
def booking(director, family, mother, child, studio):
    """The family stays from 1 to 20 March 2026."""
    return book_stay(actor=director, family=family, unit=studio, start=datetime.date(2026, 3, 1),
                     end=datetime.date(2026, 3, 20), members=[mother, child])


@pytest.fixture
def stays(booking):
    members = booking.members.select_related("member", "allocation__family", "allocation__unit")
    return {m.member.role: m for m in members}
