"""Reminder letters (herinneringen) for what a family still owes: frozen with the balance of that day, as PDF.

By hand (``reminder_create``) or by the daily reminder job (``reminder_run``, ``spalk/finance/tasks.py``): a family
of the centre gets an automatic letter when statements in force whose date to pay lies more than the centre's
``reminder_after_days`` ago are not covered by its payments — at most one automatic letter a month (a database
constraint), and none in a month in which the finance administrator already made one by hand. Each letter is
written in its own transaction, so a job that fails half-way is retried and writes only the letters still missing.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.centres.models import Centre
from spalk.core.errors import DomainError
from spalk.families.models import Family
from spalk.finance import selectors
from spalk.finance.models import Reminder, ReminderRun, Statement, StatementKind


def open_statements(*, family: Family, today):
    """Statements past their date that no credit note cancels, oldest first."""
    return list(Statement.objects.filter(family=family, kind=StatementKind.STATEMENT, credit_note__isnull=True,
                                         due_on__lt=today).order_by("due_on", "pk"))


def _letter(*, family: Family, today: datetime.date):
    balance = selectors.family_balance(family=family, today=today)
    if balance.arrears <= 0:
        raise DomainError(_("This family has no arrears: no reminder is needed."))
    overdue = open_statements(family=family, today=today)
    settings = selectors.settings_for(family.centre_id)
    html = render_to_string("finance/reminder_pdf.html", {
        "family": family, "centre": family.centre, "balance": balance, "statements": overdue, "today": today,
        "account": settings})
    from weasyprint import HTML

    return balance, overdue, HTML(string=html).write_pdf()


def reminder_create(*, actor: Any, family: Family, today: datetime.date | None = None,
                    period: datetime.date | None = None) -> Reminder:
    """A reminder letter with the arrears of ``today``. ``period`` (first day of a month): an automatic letter of
    the reminder job, at most one per family and month."""
    today = today or timezone.localdate()
    balance, overdue, data = _letter(family=family, today=today)
    with transaction.atomic():
        reminder = Reminder(family=family, balance=balance.arrears,
                            oldest_due_on=overdue[0].due_on if overdue else today, created_by=actor, period=period)
        reminder.pdf.save(f"{family.pk}-{hashlib.sha256(data).hexdigest()[:16]}.pdf", ContentFile(data), save=False)
        reminder.save()
        audit_record(actor=actor, action=AuditAction.CREATE, target=reminder, family=family,
                     fields=["balance", "pdf"], extra={"automatic": True} if period else None)
    return reminder


@dataclass
class ReminderRunResult:
    run: ReminderRun
    made: list[Reminder]


def reminder_run(*, centre: Centre, today: datetime.date | None = None) -> ReminderRunResult:
    """The reminder job of ``centre`` on ``today``: a letter for every family past the centre's rule that has none
    this month yet. Safe to run again (the same day or later in the month): a family gets one letter a month."""
    today = today or timezone.localdate()
    period = today.replace(day=1)
    rule = selectors.settings_for(centre.pk).reminder_after_days
    due = selectors.families_to_remind(centre_id=centre.pk, today=today, after_days=rule) if rule else []
    made = []
    for family in due:
        try:
            with transaction.atomic():
                made.append(reminder_create(actor=None, family=family, today=today, period=period))
        except IntegrityError:
            continue  # another run wrote this family's letter of the month in the meantime
    with transaction.atomic():
        run, _created = ReminderRun.objects.select_for_update().get_or_create(centre=centre, period=period)
        run.runs += 1
        run.last_run_at, run.last_made = timezone.now(), len(made)
        run.made += len(made)
        run.reminder_after_days = rule
        run.save()
        audit_record(actor=None, action=AuditAction.UPDATE, target=run, fields=["runs", "made"],
                     extra={"centre_id": centre.pk})
    return ReminderRunResult(run=run, made=made)
