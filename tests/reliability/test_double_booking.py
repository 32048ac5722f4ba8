"""Double booking is impossible, also when two requests race for the same unit at the same moment."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import IntegrityError, OperationalError, close_old_connections, connection
from psycopg.types.range import DateRange

from spalk.core.errors import DomainError
from spalk.stays.models import Allocation, Unit
from spalk.testing.factories import FamilyFactory, FamilyMemberFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _race(*jobs) -> list[str]:
    """Run the jobs at the same moment, each in its own thread and database connection."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = []

    def run(job):
        try:
            barrier.wait(timeout=10)
            job()
            outcomes.append("booked")
        except (IntegrityError, DomainError) as exc:
            outcomes.append(f"refused: {exc.__class__.__name__}")
        except OperationalError as exc:
            # two inserts checking the same exclusion constraint at the same moment may each wait for the
            # other: PostgreSQL then aborts one with "deadlock detected" (40P01) instead of the exclusion
            # violation. Either way that row is refused; anything else is a real error.
            if getattr(exc.__cause__, "sqlstate", None) != "40P01":
                raise
            outcomes.append("refused: IntegrityError")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    close_old_connections()
    return outcomes


@pytest.fixture
def unit(centre):
    return Unit.objects.create(centre=centre, name="Studio 3", kind="studio")


@pytest.fixture
def second_family(centre):
    family = FamilyFactory(centre=centre, name="Gezin Maes")
    FamilyMemberFactory(family=family, person__first_name="Lotte", person__last_name="Maes")
    return family


def test_racing_inserts_cannot_overlap_in_the_database(unit, family, second_family):
    """Without any application check: the exclusion constraint refuses the second overlapping row."""
    start = datetime.date.today()

    def book(fam, days):
        return lambda: Allocation.objects.create(unit=unit, family=fam,
                                                 period=DateRange(start, start + datetime.timedelta(days=days), "[)"))

    outcomes = _race(book(family, 30), book(second_family, 10))
    assert sorted(outcomes) == ["booked", "refused: IntegrityError"]
    assert Allocation.objects.filter(unit=unit).count() == 1


def test_racing_bookings_through_the_service_one_wins(director, unit, family, second_family):
    from spalk.stays.tests.factories import add_member
    from spalk.testing.stays import book_stay

    start = datetime.date.today() + datetime.timedelta(days=7)
    for fam in (family, second_family):
        add_member(fam, age=2)

    def book(fam):
        def job():
            book_stay(actor=director, family=fam, unit=unit, start=start, end=start + datetime.timedelta(days=21),
                      members=list(fam.members.all()))
        return job

    outcomes = _race(book(family), book(second_family))
    assert outcomes.count("booked") == 1
    assert len(outcomes) == 2
    assert Allocation.objects.filter(unit=unit).count() == 1


def test_back_to_back_stays_are_not_a_double_booking(unit, family, second_family):
    """Periods are [arrival, departure): one family leaves on the day the next one arrives."""
    day = datetime.date.today()
    Allocation.objects.create(unit=unit, family=family, period=DateRange(day, day + datetime.timedelta(days=5)))
    Allocation.objects.create(unit=unit, family=second_family,
                              period=DateRange(day + datetime.timedelta(days=5), day + datetime.timedelta(days=9)))
    assert Allocation.objects.filter(unit=unit).count() == 2
