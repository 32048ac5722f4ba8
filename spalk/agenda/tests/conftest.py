from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine

from spalk.agenda import services

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
MONDAY = datetime.date(2026, 3, 9)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=BRUSSELS)


@pytest.fixture(autouse=True)
def morning():
    with time_machine.travel(at(MONDAY, 8), tick=False) as traveller:
        yield traveller


@pytest.fixture
def sarah(family):
    return family.members.get().person


@pytest.fixture
def consultation(counsellor, family, sarah):
    return services.appointment_create(actor=counsellor, family=family, data={
        "kind": "court_hearing", "title": "Zitting jeugdrechtbank Brugge", "location": "Gerechtsgebouw Brugge",
        "starts_at": at(MONDAY, 10), "ends_at": at(MONDAY, 11, 30), "persons": [sarah], "staff": [counsellor],
        "childcare_needed": True, "note": "Advocaat belt nog."})
