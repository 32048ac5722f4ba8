"""The monthly run on stays and the presence register: hand-computed amounts, idempotent (also as a job run twice),
corrections as credit notes, the structured communication, the CSV export and the PDF."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from stdnum.be import ogm_vcs

from spalk.audit.models import AuditEvent
from spalk.finance import services
from spalk.finance.models import LeefloonRate, MonthlyRun, Statement, StatementKind
from spalk.finance.statements import csv_rows, make_ogm, monthly_run, parse_ogm
from spalk.finance.tasks import queue_month
from spalk.jobs.runner import run_pending
from spalk.stays.tests.factories import UnitFactory, add_member
from spalk.testing.stays import book_stay

D = datetime.date
JUNE = D(2025, 6, 1)
TODAY = D(2025, 7, 2)
pytestmark = pytest.mark.django_db


@pytest.fixture
def mother(family):
    return family.members.get(role="parent")


@pytest.fixture
def child(family, mother):
    return add_member(family, age=2, first_name="Mila")


@pytest.fixture
def stay(family, mother, child, director):
    """Sarah Peeters lives in a studio with her daughter all of June 2025 (30 nights); she pays."""
    unit = UnitFactory(centre=family.centre)
    return book_stay(actor=director, family=family, unit=unit, start=D(2025, 6, 1), end=D(2025, 7, 1),
                     members=[mother, child])


@pytest.fixture
def payer(family, mother, finance_admin, stay):
    return services.payer_add(actor=finance_admin, family=family, person=mother.person, category="single",
                              valid_from=D(2025, 6, 1), reason="OCMW: alleenstaande")


def run(centre):
    return monthly_run(centre=centre, month=JUNE, today=TODAY)


def active(family):
    return list(Statement.objects.filter(family=family, kind=StatementKind.STATEMENT, credit_note__isnull=True))


def test_full_month_and_a_second_run_changes_nothing(centre, family, payer):
    first = run(centre)
    assert [(s.days, s.amount) for s in first.made] == [(30, Decimal("328.55"))]
    statement = first.made[0]
    assert ogm_vcs.is_valid(statement.ogm) and statement.ogm_display.startswith("+++")
    assert statement.due_on == TODAY + datetime.timedelta(days=30) and statement.payer_name == "Sarah Peeters"
    second = run(centre)
    assert second.made == [] and second.credited == [] and second.unchanged == 1
    assert Statement.objects.count() == 1 and MonthlyRun.objects.get().runs == 2


def test_running_the_job_twice_makes_one_statement(centre, family, payer, settings):
    assert queue_month(centre_id=centre.pk, month=JUNE) is not None
    assert queue_month(centre_id=centre.pk, month=JUNE) is None  # already waiting: not queued twice
    assert [o.status for o in run_pending(queues=["finance"])] == ["succeeded"]
    assert queue_month(centre_id=centre.pk, month=JUNE) is not None  # done: may be queued again
    assert [o.status for o in run_pending(queues=["finance"])] == ["succeeded"]
    assert Statement.objects.filter(family=family).count() == 1


def test_leave_and_absence_are_not_charged(centre, family, mother, payer, director):
    from spalk.presence.services import leave_register

    leave_register(actor=director, family=family, members=[mother], start=D(2025, 6, 14), end=D(2025, 6, 16),
                   status="leave", reason="home_leave")
    # 28 nights: 28 × 328,55 / 30 = 306,6466… → 306,65
    assert [(s.days, s.amount) for s in run(centre).made] == [(28, Decimal("306.65"))]


def test_category_change_within_the_month(centre, family, mother, finance_admin, stay):
    services.payer_add(actor=finance_admin, family=family, person=mother.person, category="cohabiting",
                       valid_from=D(2025, 6, 1), reason="woont samen met haar partner")
    services.payer_add(actor=finance_admin, family=family, person=mother.person, category="single",
                       valid_from=D(2025, 6, 11), reason="partner vertrokken op 10/06")
    # (10 × 219,0325 + 20 × 328,55) / 30 = 292,0441… → 292,04
    statement = run(centre).made[0]
    assert statement.amount == Decimal("292.04")
    assert [(line["category"], line["days"]) for line in statement.lines] == [("cohabiting", 10), ("single", 20)]


def test_a_corrected_rate_gives_a_credit_note_and_a_new_statement(centre, family, payer, finance_admin):
    old = run(centre).made[0]
    rate = LeefloonRate.objects.get(category="single", valid_from=D(2025, 2, 1))
    services.rate_update(actor=finance_admin, rate=rate, version=rate.version, monthly_amount=Decimal("1320.00"),
                         valid_from=rate.valid_from, valid_to=None, source=rate.source)
    again = run(centre)
    assert [c.credits_id for c in again.credited] == [old.pk] and again.credited[0].amount == old.amount
    assert [s.amount for s in again.made] == [Decimal("330.00")]  # 1.320 × 25 %
    old.refresh_from_db()
    assert old.amount == Decimal("328.55")  # never edited
    assert [s.pk for s in active(family)] == [again.made[0].pk]


def test_an_approved_waiver_corrects_the_month(centre, family, mother, payer, finance_admin, director):
    run(centre)
    reduction = services.reduction_request(actor=finance_admin, family=family, person=mother.person,
                                           percent=Decimal(100), valid_from=D(2025, 6, 1), valid_to=D(2025, 6, 10),
                                           reason="opname in het ziekenhuis, geen inkomen")
    assert run(centre).unchanged == 1  # not yet approved: nothing changes
    services.reduction_decide(actor=director, reduction=reduction, approve=True)
    again = run(centre)
    # waived 1–10: 20 × 328,55 / 30 = 219,0333… → 219,03
    assert [s.amount for s in again.made] == [Decimal("219.03")] and len(again.credited) == 1


def test_a_payer_who_stops_paying(centre, family, mother, payer, finance_admin, director):
    first = run(centre).made[0]
    services.payer_end(actor=finance_admin, payer=payer, version=payer.version, last_day=D(2025, 6, 10),
                       reason="vanaf 11/06 betaalt het OCMW rechtstreeks")
    again = run(centre)  # 10 × 328,55 / 30 = 109,5166… → 109,52
    assert [s.amount for s in again.made] == [Decimal("109.52")] and [c.credits_id for c in again.credited] == [
        first.pk]
    waiver = services.reduction_request(actor=finance_admin, family=family, person=mother.person,
                                        percent=Decimal(100), valid_from=D(2025, 6, 1), valid_to=D(2025, 6, 30),
                                        reason="kwijtschelding na beslissing van de directie")
    services.reduction_decide(actor=director, reduction=waiver, approve=True)
    last = run(centre)  # nothing owed any more: only a credit note
    assert last.made == [] and [c.credits_id for c in last.credited] == [again.made[0].pk]
    assert active(family) == []


def test_every_statement_is_audited(centre, family, payer):
    statement = run(centre).made[0]
    assert AuditEvent.objects.filter(object_type="finance.statement", object_id=str(statement.pk),
                                     action="create", family_id=family.pk).count() == 1


def test_structured_communication():
    ogm = make_ogm(123)
    assert ogm == "100000012335"[:10] + ogm_vcs.calc_check_digits("1000000123")
    assert parse_ogm(f"+++{ogm_vcs.format(ogm)}+++") == ogm and parse_ogm("+++100/0000/12300+++") is None


def test_csv_layout(centre, family, payer):
    statement = run(centre).made[0]
    row = csv_rows([statement])[0]
    assert row[1] == "afrekening" and row[4] == "2025-06" and row[8] == 30 and row[9] == "328,55"
    assert row[10] == statement.ogm_display


def test_the_schedule_on_the_first_queues_last_month_for_every_centre(centre, other_centre, family, payer):
    import calendar

    from procrastinate.contrib.django.models import ProcrastinateJob

    from spalk.finance.tasks import schedule_monthly_runs

    first_of_july = calendar.timegm(datetime.datetime(2025, 7, 1, 6, 0).timetuple())
    schedule_monthly_runs.defer(timestamp=first_of_july)
    run_pending(queues=["finance"])
    runs = ProcrastinateJob.objects.filter(task_name="finance.monthly_run").order_by("id")
    assert [(j.args["month"], j.status) for j in runs] == [("2025-06-01", "succeeded")] * 2  # both centres
    assert {j.lock for j in runs} == {f"finance-month-{centre.pk}-2025-06", f"finance-month-{other_centre.pk}-2025-06"}
    assert Statement.objects.filter(family=family, month=JUNE).count() == 1


def test_the_run_reads_a_centre_in_a_fixed_number_of_queries(centre, family, payer, director, finance_admin):
    """The cost of a run does not grow with the centre's families: an idempotent second run makes the same number
    of queries for one paying family and for four (``selectors.centre_nights``: two queries for the centre)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from spalk.testing.stays import staying_family

    run(centre)
    with CaptureQueriesContext(connection) as one:
        assert run(centre).unchanged == 1
    for i in range(3):
        other, members = staying_family(centre=centre, name=f"Gezin Extra{i}")
        member = members[0]
        book_stay(actor=director, family=other, unit=UnitFactory(centre=centre), start=D(2025, 6, 5),
                  end=D(2025, 6, 25), members=members)
        services.payer_add(actor=finance_admin, family=other, person=member.person, category="family",
                           valid_from=D(2025, 6, 1), reason="OCMW")
    assert len(run(centre).made) == 3
    with CaptureQueriesContext(connection) as four:
        assert run(centre).unchanged == 4
    assert len(four) == len(one)
