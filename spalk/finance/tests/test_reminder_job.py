"""Reminders as a background job: a letter for each family past the centre's rule, at most one a month
(idempotent per period), visible on the runs page and the family page, retried when it fails."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from procrastinate.contrib.django.models import ProcrastinateJob

from spalk.audit.models import AuditEvent
from spalk.finance.models import CentreFinanceSettings, Reminder, ReminderRun
from spalk.finance.payments import payment_record
from spalk.finance.reminders import reminder_create, reminder_run
from spalk.finance.statements import monthly_run
from spalk.finance.tasks import queue_reminders, schedule_reminders
from spalk.finance.tests.test_family_finance import paying_family
from spalk.jobs.models import JobFailure
from spalk.jobs.runner import run_pending

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def statement(centre, family, director):
    """June 2025: € 328,55, made on 02/07/2025, to pay by 01/08/2025 (30 days); the centre's rule: 15 days."""
    paying_family(centre, director, family=family)
    return monthly_run(centre=centre, month=D(2025, 6, 1), today=D(2025, 7, 2)).made[0]


def test_a_letter_once_the_rule_has_passed_and_one_a_month(centre, family, statement):
    assert statement.due_on == D(2025, 8, 1)
    assert reminder_run(centre=centre, today=D(2025, 8, 16)).made == []  # 15 days after 01/08: not yet
    made = reminder_run(centre=centre, today=D(2025, 8, 17)).made
    assert [(r.family, r.balance, r.period, r.oldest_due_on) for r in made] == [
        (family, Decimal("328.55"), D(2025, 8, 1), D(2025, 8, 1))]
    assert made[0].pdf.read().startswith(b"%PDF")
    assert reminder_run(centre=centre, today=D(2025, 8, 18)).made == []  # the same month: nothing more
    run = ReminderRun.objects.get(centre=centre, period=D(2025, 8, 1))
    assert (run.runs, run.made, run.last_made, run.reminder_after_days) == (3, 1, 0, 15)
    # still unpaid in September: the letter of September
    assert [r.period for r in reminder_run(centre=centre, today=D(2025, 9, 1)).made] == [D(2025, 9, 1)]
    assert Reminder.objects.filter(family=family).count() == 2
    assert AuditEvent.objects.filter(object_type="finance.reminder", action="create", actor__isnull=True,
                                     family_id=family.pk).count() == 2


def test_no_letter_when_paid_or_when_a_letter_was_made_by_hand(centre, family, statement, finance_admin):
    import time_machine

    with time_machine.travel(datetime.datetime(2025, 8, 20, 10, 0, tzinfo=datetime.UTC)):
        reminder_create(actor=finance_admin, family=family)  # by hand, this month
        assert reminder_run(centre=centre, today=D(2025, 8, 20)).made == []
    payment_record(actor=finance_admin, family=family, amount=Decimal("328.55"), paid_on=D(2025, 8, 25))
    assert reminder_run(centre=centre, today=D(2025, 9, 20)).made == []


def test_a_partly_paid_statement_is_reminded(centre, family, statement, finance_admin):
    payment_record(actor=finance_admin, family=family, amount=Decimal("300.00"), paid_on=D(2025, 7, 25))
    assert [r.balance for r in reminder_run(centre=centre, today=D(2025, 8, 20)).made] == [Decimal("28.55")]


def test_the_centres_rule_decides(centre, family, statement):
    CentreFinanceSettings.objects.update_or_create(centre=centre, defaults={"reminder_after_days": 40})
    assert reminder_run(centre=centre, today=D(2025, 9, 10)).made == []  # 01/08 + 40 days = 10/09
    assert len(reminder_run(centre=centre, today=D(2025, 9, 11)).made) == 1
    CentreFinanceSettings.objects.filter(centre=centre).update(reminder_after_days=0)
    assert reminder_run(centre=centre, today=D(2025, 10, 20)).made == []  # 0: no automatic reminders
    assert ReminderRun.objects.get(period=D(2025, 10, 1)).reminder_after_days == 0


def test_other_centres_families_are_not_reminded(centre, other_centre, family, statement):
    assert reminder_run(centre=other_centre, today=D(2025, 9, 1)).made == []
    assert Reminder.objects.count() == 0


def test_the_job_runs_once_per_centre_and_month(centre, family, statement):
    assert queue_reminders(centre_id=centre.pk, day=D(2025, 8, 20)) is not None
    assert queue_reminders(centre_id=centre.pk, day=D(2025, 8, 21)) is None  # one of August already waits
    assert [o.status for o in run_pending(queues=["finance"])] == ["succeeded"]
    assert queue_reminders(centre_id=centre.pk, day=D(2025, 8, 21)) is not None  # the next day: may run again
    assert [o.status for o in run_pending(queues=["finance"])] == ["succeeded"]
    assert Reminder.objects.filter(family=family).count() == 1  # but writes nothing twice


def test_a_failing_job_is_retried_and_then_writes_the_letter(centre, family, statement, monkeypatch):
    import weasyprint

    real = weasyprint.HTML.write_pdf
    failures = []

    def flaky(self, *args, **kwargs):
        if not failures:
            failures.append(1)
            raise OSError("font cache not ready")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", flaky)
    job_id = queue_reminders(centre_id=centre.pk, day=D(2025, 8, 20))
    assert [o.status for o in run_pending(queues=["finance"])] == ["retry"]
    assert Reminder.objects.count() == 0
    assert list(JobFailure.objects.filter(job_id=job_id).values_list("task_name", "error_class")) == [
        ("finance.reminders", "OSError")]
    assert [o.status for o in run_pending(queues=["finance"], due_now=True)] == ["succeeded"]
    assert Reminder.objects.filter(family=family, period=D(2025, 8, 1)).count() == 1


def test_the_schedule_queues_every_centre_every_morning(centre, other_centre, family, statement):
    import calendar

    schedule_reminders.defer(timestamp=calendar.timegm(datetime.datetime(2025, 8, 20, 7, 0).timetuple()))
    run_pending(queues=["finance"])
    jobs = ProcrastinateJob.objects.filter(task_name="finance.reminders").order_by("id")
    assert [(j.args["day"], j.status) for j in jobs] == [("2025-08-20", "succeeded")] * 2
    assert {j.lock for j in jobs} == {f"finance-reminders-{centre.pk}-2025-08",
                                      f"finance-reminders-{other_centre.pk}-2025-08"}
    assert Reminder.objects.filter(family=family).count() == 1


def test_the_letters_are_visible(mfa_client, centre, family, statement, finance_admin):
    reminder_run(centre=centre, today=D(2025, 8, 20))
    client = mfa_client(finance_admin)
    runs = client.get(f"/finance/runs/?centre={centre.pk}").content.decode()
    assert "Herinneringsbrieven" in runs and "augustus 2025" in runs and family.name in runs
    assert "geschreven door de herinneringsjob" in client.get(f"/finance/families/{family.pk}/").content.decode()


@pytest.mark.parametrize(("persona", "status"), [("finance_admin", 302), ("director", 403), ("team_lead", 403),
                                                 ("counsellor", 404), ("outsider", 404)])
def test_who_starts_the_reminder_job(mfa_client, request, centre, persona, status):
    response = mfa_client(request.getfixturevalue(persona)).post(f"/finance/runs/reminders/?centre={centre.pk}")
    assert response.status_code == status
    assert ProcrastinateJob.objects.filter(task_name="finance.reminders").count() == (status == 302)
