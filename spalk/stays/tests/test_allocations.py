"""Double booking is impossible: exclusion constraints, a unit lock, and a Dutch message naming the conflict."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.backends.postgresql.psycopg_any import DateRange

from spalk.core.errors import DomainError
from spalk.stays import services
from spalk.stays.models import Allocation, AllocationMember
from spalk.stays.tests.factories import UnitFactory, add_member
from spalk.testing.factories import FamilyFactory, FamilyMemberFactory
from spalk.testing.stays import book_stay

D = datetime.date


@pytest.fixture
def second_family(centre):
    family = FamilyFactory(centre=centre, name="Gezin Geheim")
    FamilyMemberFactory(family=family)
    add_member(family, age=2, first_name="Ward")
    return family


@pytest.fixture
def staying(family, mother):
    """Those who stay: the mother and her child (an adult alone gets no stay module of her own)."""
    return [mother, add_member(family, age=3, first_name="Fien")]


def test_allocation_books_the_unit_for_the_members(director, family, staying, studio):
    allocation = book_stay(actor=director, family=family, unit=studio, start=D(2026, 3, 1), end=D(2026, 4, 1),
                           members=staying)
    assert allocation.period == DateRange(D(2026, 3, 1), D(2026, 4, 1), "[)")
    assert {am.member for am in AllocationMember.objects.filter(allocation=allocation)} == set(staying)


def test_double_booking_names_unit_and_dates_not_the_family(director, family, staying, second_family, studio):
    book_stay(actor=director, family=second_family, unit=studio, start=D(2026, 3, 1), end=D(2026, 3, 20),
              members=list(second_family.members.all()))
    with pytest.raises(DomainError) as exc:
        book_stay(actor=director, family=family, unit=studio, start=D(2026, 3, 15), end=D(2026, 4, 1),
                  members=staying)
    assert exc.value.code == "double_booking"
    assert "Studio 1" in exc.value.message and "01/03/2026" in exc.value.message and "20/03/2026" in exc.value.message
    assert "Geheim" not in exc.value.message


def test_departure_day_is_free_for_the_next_arrival(director, family, staying, second_family, studio):
    book_stay(actor=director, family=second_family, unit=studio, start=D(2026, 3, 1), end=D(2026, 3, 20),
              members=list(second_family.members.all()))
    book_stay(actor=director, family=family, unit=studio, start=D(2026, 3, 20), end=D(2026, 4, 1), members=staying)
    assert Allocation.objects.filter(unit=studio).count() == 2


def test_the_database_refuses_overlap_without_the_service(family, second_family, studio):
    Allocation.objects.create(unit=studio, family=second_family, period=DateRange(D(2026, 3, 1), D(2026, 3, 20)))
    with pytest.raises(IntegrityError, match="allocation_no_double_booking"), transaction.atomic():
        Allocation.objects.create(unit=studio, family=family, period=DateRange(D(2026, 3, 19), D(2026, 3, 22)))


def test_a_member_cannot_stay_in_two_units(director, family, staying, centre, studio):
    other = UnitFactory(centre=centre, name="Kamer 9")
    book_stay(actor=director, family=family, unit=studio, start=D(2026, 3, 1), end=D(2026, 3, 20), members=staying)
    with pytest.raises(DomainError):
        book_stay(actor=director, family=family, unit=other, start=D(2026, 3, 10), end=D(2026, 3, 25),
                  members=staying)
    assert AllocationMember.objects.filter(member__in=staying).count() == 2


def test_the_database_refuses_a_member_in_two_units_without_the_service(director, family, staying, centre, studio):
    booked = book_stay(actor=director, family=family, unit=studio, start=D(2026, 3, 1), end=D(2026, 3, 20),
                       members=staying)
    other = Allocation.objects.create(unit=UnitFactory(centre=centre, name="Kamer 9"), family=family,
                                      period=DateRange(D(2026, 3, 10), D(2026, 3, 25)))
    with pytest.raises(IntegrityError, match="allocation_member_one_place"), transaction.atomic():
        AllocationMember.objects.create(allocation=other, member=staying[0], period=other.period)
    assert booked.members.count() == 2


def test_out_of_service_blocks_bookings_and_the_other_way(director, family, staying, studio):
    services.out_of_service_add(actor=director, unit=studio, start=D(2026, 5, 1), end=D(2026, 5, 10),
                                reason="Schilderwerken")
    with pytest.raises(DomainError, match="buiten gebruik van 01/05/2026 tot 10/05/2026"):
        book_stay(actor=director, family=family, unit=studio, start=D(2026, 4, 25), end=D(2026, 5, 2),
                  members=staying)
    book_stay(actor=director, family=family, unit=studio, start=D(2026, 6, 1), end=D(2026, 6, 10), members=staying)
    with pytest.raises(DomainError, match="niet buiten gebruik gesteld"):
        services.out_of_service_add(actor=director, unit=studio, start=D(2026, 6, 5), end=D(2026, 6, 6),
                                    reason="Lek")


def test_capacity_of_the_unit_is_respected(director, family, mother, centre):
    room = UnitFactory(centre=centre, name="Kamer 1", capacity_adults=1, capacity_children=0, cots=0)
    child = add_member(family, age=3)
    with pytest.raises(DomainError, match="biedt plaats aan"):
        book_stay(actor=director, family=family, unit=room, start=D(2026, 3, 1), end=D(2026, 3, 5),
                  members=[mother, child])


def test_an_unborn_child_is_not_allocated_on_its_own(director, family, staying, studio):
    from spalk.families.models import MemberRole

    unborn = add_member(family, MemberRole.UNBORN, expected=D(2026, 9, 1))
    with pytest.raises(DomainError, match="ongeboren"):
        book_stay(actor=director, family=family, unit=studio, start=D(2026, 3, 1), end=D(2026, 3, 5),
                  members=[*staying, unborn])
    assert not Allocation.objects.filter(family=family).exists()


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_requests_cannot_double_book(centre, director, family, staying, second_family, studio):
    """Two requests race in separate transactions and connections: exactly one gets the studio."""
    barrier = threading.Barrier(2)
    results: list[object] = []
    requests = [(family, staying), (second_family, list(second_family.members.all()))]

    def book(fam, members):
        try:
            barrier.wait(timeout=10)
            allocation = book_stay(actor=director, family=fam, unit=studio, start=D(2026, 7, 1), end=D(2026, 7, 15),
                                   members=members)
            results.append(allocation.pk)
        except DomainError as error:
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=r) for r in requests]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    errors = [r for r in results if isinstance(r, DomainError)]
    assert len(results) == 2 and len(errors) == 1
    assert errors[0].code == "double_booking" and "Studio 1" in errors[0].message
    assert Allocation.objects.filter(unit=studio).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_inserts_without_the_lock_hit_the_exclusion_constraint(centre, family, second_family, studio):
    """Even code that skips the service cannot double book: the second transaction fails at commit time."""
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def insert(fam):
        try:
            with transaction.atomic():
                barrier.wait(timeout=10)
                Allocation.objects.create(unit=studio, family=fam, period=DateRange(D(2026, 8, 1), D(2026, 8, 9)))
            outcomes.append("ok")
        except IntegrityError as exc:
            outcomes.append("conflict" if "allocation_no_double_booking" in str(exc) else str(exc))
        except OperationalError as exc:
            # both inserts may wait for each other inside the exclusion check: PostgreSQL then aborts one with
            # "deadlock detected" (40P01) instead of the exclusion violation; that row is refused all the same
            outcomes.append("conflict" if getattr(exc.__cause__, "sqlstate", None) == "40P01" else str(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=insert, args=(f,)) for f in (family, second_family)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["conflict", "ok"]
    assert Allocation.objects.filter(unit=studio).count() == 1
