"""The presence register's rules: one row per night, reasons for leave and absence, no check ahead of time."""

from __future__ import annotations

import datetime

import pytest

from spalk.audit.models import AuditEvent
from spalk.core.errors import ConcurrentEditError, DomainError
from spalk.families.models import MemberRole
from spalk.presence import selectors, services
from spalk.presence.models import NightStatus, PresenceNight
from spalk.presence.tests.conftest import BRUSSELS, TONIGHT

DAY = datetime.timedelta(days=1)


def test_recording_a_night_writes_one_row_and_one_audit_event(night_staff, family, stays):
    row = services.presence_record(actor=night_staff, stay=stays[MemberRole.PARENT], night=TONIGHT,
                                   status=NightStatus.PRESENT)
    assert (row.status, row.reason, row.family_id, row.recorded_by) == ("present", "", family.pk, night_staff)
    event = AuditEvent.objects.get(object_type="presence.presencenight")
    assert event.family_id == family.pk and event.fields == ["note", "reason", "status"]


def test_changing_a_night_keeps_one_row_and_bumps_the_version(night_staff, stays):
    stay = stays[MemberRole.PARENT]
    services.presence_record(actor=night_staff, stay=stay, night=TONIGHT, status=NightStatus.PRESENT)
    row = services.presence_record(actor=night_staff, stay=stay, night=TONIGHT, status=NightStatus.ABSENT,
                                   reason="not_back", version=1)
    assert PresenceNight.objects.filter(member=stay.member).count() == 1
    assert row.version == 2 and row.status == "absent"
    with pytest.raises(ConcurrentEditError):
        services.presence_record(actor=night_staff, stay=stay, night=TONIGHT, status=NightStatus.PRESENT, version=1)


def test_leave_and_absence_need_a_reason(night_staff, stays):
    with pytest.raises(DomainError) as err:
        services.presence_record(actor=night_staff, stay=stays[MemberRole.PARENT], night=TONIGHT, status="leave")
    assert err.value.field == "reason"
    assert not PresenceNight.objects.exists()


def test_a_night_that_has_not_begun_cannot_be_checked(night_staff, stays):
    with pytest.raises(DomainError) as err:
        services.presence_record(actor=night_staff, stay=stays[MemberRole.PARENT], night=TONIGHT + DAY,
                                 status=NightStatus.PRESENT)
    assert err.value.field == "night"


def test_a_night_outside_the_booking_is_refused(night_staff, stays):
    with pytest.raises(DomainError):
        services.presence_record(actor=night_staff, stay=stays[MemberRole.PARENT], night=datetime.date(2026, 2, 27),
                                 status=NightStatus.PRESENT)


def test_leave_can_be_planned_ahead_and_is_kept_by_everyone_present(counsellor, night_staff, family, mother, child,
                                                                     stays):
    rows = services.leave_register(actor=counsellor, family=family, members=[child], start=TONIGHT,
                                   end=TONIGHT + 3 * DAY, status=NightStatus.LEAVE, reason="network",
                                   note="Bij oma tot donderdag")
    assert len(rows) == 3
    services.unit_all_present(actor=night_staff, stays=list(stays.values()), night=TONIGHT)
    statuses = dict(PresenceNight.objects.filter(night=TONIGHT).values_list("member__role", "status"))
    assert statuses == {MemberRole.PARENT: "present", MemberRole.CHILD: "leave"}


def test_absence_cannot_be_recorded_ahead(counsellor, family, child, stays):
    with pytest.raises(DomainError):
        services.leave_register(actor=counsellor, family=family, members=[child], start=TONIGHT,
                                end=TONIGHT + 3 * DAY, status=NightStatus.ABSENT, reason="not_back")


def test_leave_outside_any_booking_is_refused(counsellor, family, child, stays):
    with pytest.raises(DomainError):
        services.leave_register(actor=counsellor, family=family, members=[child], start=datetime.date(2026, 4, 1),
                                end=datetime.date(2026, 4, 3), status=NightStatus.LEAVE, reason="home_leave")


def test_person_nights_per_day_for_the_client_contribution(counsellor, night_staff, family, mother, child, stays):
    services.unit_all_present(actor=night_staff, stays=list(stays.values()), night=TONIGHT - DAY)
    services.presence_record(actor=night_staff, stay=stays[MemberRole.CHILD], night=TONIGHT, status="absent",
                             reason="hospital")
    nights = selectors.person_nights(family=family, start=TONIGHT - DAY, end=TONIGHT + DAY)
    got = {(n.person_id, n.day): n.status for n in nights}
    assert got == {(mother.person_id, TONIGHT - DAY): "present", (child.person_id, TONIGHT - DAY): "present",
                   (mother.person_id, TONIGHT): "unchecked", (child.person_id, TONIGHT): "absent"}
    present = selectors.nights_present(family=family, start=datetime.date(2026, 3, 1), end=datetime.date(2026, 4, 1))
    assert present == {mother.person_id: [TONIGHT - DAY], child.person_id: [TONIGHT - DAY]}


@pytest.mark.parametrize(("hour", "night"), [(22, TONIGHT), (3, TONIGHT - DAY), (11, TONIGHT - DAY),
                                             (12, TONIGHT)])
def test_the_current_night_before_noon_is_the_night_that_began_yesterday(evening, hour, night):
    evening.move_to(datetime.datetime(2026, 3, 10, hour, 30, tzinfo=BRUSSELS))
    assert selectors.current_night() == night
