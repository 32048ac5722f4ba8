"""Occupancy counted on hand-made calendars: month boundaries, summer time, a pregnant mother."""

from __future__ import annotations

import datetime

import pytest

from spalk.families.models import MemberRole
from spalk.stays import occupancy, services
from spalk.stays.tests.factories import UnitFactory, add_member
from spalk.testing.factories import FamilyFactory
from spalk.testing.stays import book_stay, staying_family

D = datetime.date


def stay(actor, family, unit, start, end, members=None):
    members = members or list(family.members.filter(role__in=[MemberRole.PARENT, MemberRole.CHILD]))
    return book_stay(actor=actor, family=family, unit=unit, start=start, end=end, members=members)


def test_nights_across_a_month_boundary(director, family, mother, studio):
    child = add_member(family, age=2)
    stay(director, family, studio, D(2026, 1, 30), D(2026, 2, 3), [mother, child])
    january = occupancy.month_occupancy(centre_id=studio.centre_id, year=2026, month=1)
    february = occupancy.month_occupancy(centre_id=studio.centre_id, year=2026, month=2)
    assert january.person_nights == 4  # 30 and 31 January, two persons
    assert february.person_nights == 4  # 1 and 2 February; the 3rd is the departure day
    assert january.families == february.families == 1
    assert [d.persons for d in january.days[-3:]] == [0, 2, 2]
    assert february.days[2].persons == 0


@pytest.mark.parametrize(("start", "end", "nights"), [
    (D(2026, 3, 28), D(2026, 3, 30), 2),  # summer time starts on Sunday 29 March 2026 (23-hour day)
    (D(2026, 10, 24), D(2026, 10, 26), 2),  # winter time on Sunday 25 October 2026 (25-hour day)
])
def test_summer_time_changes_nothing(director, family, mother, studio, start, end, nights):
    stay(director, family, studio, start, end, [mother, add_member(family, age=2)])
    report = occupancy.month_occupancy(centre_id=studio.centre_id, year=start.year, month=start.month)
    assert report.person_nights == 2 * nights  # two persons
    assert [d.day for d in report.days if d.persons] == [start, start + datetime.timedelta(days=1)]


@pytest.mark.parametrize(("count_unborn", "expected"), [(True, 10 + 5), (False, 10)])
def test_a_pregnant_mother_counts_for_two_until_the_birth(director, centre, studio, settings, count_unborn,
                                                          expected):
    settings.COUNT_UNBORN = count_unborn
    family = FamilyFactory(centre=centre, name="Gezin Verwachting")
    mother = add_member(family, MemberRole.PARENT, age=25, pregnant=True, first_name="Lotte")
    add_member(family, MemberRole.UNBORN, expected=D(2026, 4, 6))
    stay(director, family, studio, D(2026, 4, 1), D(2026, 4, 11), [mother])
    report = occupancy.month_occupancy(centre_id=centre.pk, year=2026, month=4)
    # ten nights for the mother, five nights (1-5 April) for the unborn child when counted
    assert report.person_nights == expected
    assert report.unborn_nights == (5 if count_unborn else 0)


def test_free_places_and_out_of_service(director, centre, family, mother, studio):
    room = UnitFactory(centre=centre, name="Kamer 1", capacity_adults=1, capacity_children=1, cots=0)
    UnitFactory(centre=centre, name="Oud", is_active=False)
    staying_family(centre=centre)
    stay(director, family, studio, D(2026, 5, 1), D(2026, 5, 4), [mother, add_member(family, age=2)])
    services.out_of_service_add(actor=director, unit=room, start=D(2026, 5, 2), end=D(2026, 5, 3), reason="Lek")
    report = occupancy.occupancy(centre_id=centre.pk, start=D(2026, 5, 1), end=D(2026, 5, 4))
    first, second, third = report.days
    assert (first.units_occupied, first.units_free, first.beds_free, first.beds_in_service) == (1, 1, 2, 6)
    assert (second.units_out_of_service, second.units_free, second.beds_free, second.beds_in_service) == (1, 0, 0, 4)
    assert third.families == 1 and third.persons == 2


def test_other_centres_do_not_count(director, family, mother, studio, other_centre):
    unit = UnitFactory(centre=other_centre, name="Elders")
    other, members = staying_family(centre=other_centre)
    book_stay(actor=director, family=other, unit=unit, start=D(2026, 6, 1), end=D(2026, 6, 5), members=members)
    assert occupancy.month_occupancy(centre_id=other_centre.pk, year=2026, month=6).person_nights == 8
    assert occupancy.month_occupancy(centre_id=studio.centre_id, year=2026, month=6).person_nights == 0


def test_occupancy_uses_a_fixed_number_of_queries(director, centre, studio, django_assert_num_queries):
    for i in range(6):
        fam, members = staying_family(centre=centre)
        unit = UnitFactory(centre=centre, name=f"U{i}")
        stay(director, fam, unit, D(2026, 2, 1 + i), D(2026, 2, 10 + i), members)
    with django_assert_num_queries(5):  # units, presence, members, allocations, out of service
        occupancy.month_occupancy(centre_id=centre.pk, year=2026, month=2)
