"""Presence feeds occupancy: booked person-nights split into present, on leave, absent and not checked."""

from __future__ import annotations

import datetime

from spalk.families.models import MemberRole
from spalk.presence import services
from spalk.presence.tests.conftest import TONIGHT
from spalk.stays import occupancy
from spalk.stays.tests.factories import UnitFactory, add_member
from spalk.testing.factories import FamilyFactory
from spalk.testing.stays import book_stay

DAY = datetime.timedelta(days=1)


def test_presence_splits_the_booked_nights(counsellor, night_staff, family, child, stays):
    services.unit_all_present(actor=night_staff, stays=list(stays.values()), night=TONIGHT - DAY)
    services.presence_record(actor=night_staff, stay=stays[MemberRole.PARENT], night=TONIGHT, status="present")
    services.presence_record(actor=night_staff, stay=stays[MemberRole.CHILD], night=TONIGHT, status="absent",
                             reason="hospital")
    services.leave_register(actor=counsellor, family=family, members=[child], start=TONIGHT + DAY,
                            end=TONIGHT + 3 * DAY, status="leave", reason="network")
    report = occupancy.month_occupancy(centre_id=family.centre_id, year=2026, month=3)
    assert report.person_nights == 2 * 19  # two persons, 1 to 19 March
    assert (report.present_nights, report.absent_nights, report.leave_nights) == (3, 1, 2)
    assert report.unchecked_nights == 38 - 6
    assert report.presence_rate == round(100 * 3 / 38, 1)
    by_day = {d.day: d for d in report.days}
    assert (by_day[TONIGHT].present, by_day[TONIGHT].absent, by_day[TONIGHT].unchecked) == (1, 1, 0)
    assert all(d.present + d.on_leave + d.absent + d.unchecked == d.persons for d in report.days)


def test_the_unborn_child_follows_its_mother(director, night_staff, centre, settings):
    settings.COUNT_UNBORN = True
    family = FamilyFactory(centre=centre)
    mother = add_member(family, MemberRole.PARENT, age=24, pregnant=True, first_name="Lotte")
    booking = book_stay(actor=director, family=family, unit=UnitFactory(centre=centre), start=TONIGHT - DAY,
                        end=TONIGHT + DAY, members=[mother])
    booking.members.update(unborn_until=TONIGHT + 10 * DAY)
    stay = booking.members.select_related("allocation__family").get()
    services.presence_record(actor=night_staff, stay=stay, night=TONIGHT - DAY, status="present")
    services.presence_record(actor=night_staff, stay=stay, night=TONIGHT, status="leave", reason="hospital")
    report = occupancy.occupancy(centre_id=centre.pk, start=TONIGHT - DAY, end=TONIGHT + DAY)
    assert [(d.persons, d.present, d.on_leave) for d in report.days] == [(2, 2, 0), (2, 0, 2)]


def test_occupancy_api_reports_presence(client, night_staff, director, family, stays):
    from spalk.api.services import api_token_create

    services.presence_record(actor=night_staff, stay=stays[MemberRole.PARENT], night=TONIGHT, status="present")
    _t, raw = api_token_create(actor=director, user=director, name="t")
    body = client.get("/api/v1/stays/occupancy?month=2026-03", headers={"Authorization": f"Bearer {raw}"}).json()
    assert body["present_nights"] == 1 and body["unchecked_nights"] == 37
    night = next(d for d in body["days"] if d["day"] == TONIGHT.isoformat())
    assert (night["present"], night["unchecked"]) == (1, 1)
