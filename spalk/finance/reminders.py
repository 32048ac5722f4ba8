"""Reminder letters (herinneringen) for what a family still owes: frozen with the balance of that day, as PDF."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.core.errors import DomainError
from spalk.families.models import Family
from spalk.finance import selectors
from spalk.finance.models import Reminder, Statement, StatementKind


def open_statements(*, family: Family, today):
    """Statements past their date that no credit note cancels, oldest first."""
    return list(Statement.objects.filter(family=family, kind=StatementKind.STATEMENT, credit_note__isnull=True,
                                         due_on__lt=today).order_by("due_on", "pk"))


def reminder_create(*, actor: Any, family: Family) -> Reminder:
    today = timezone.localdate()
    balance = selectors.family_balance(family=family, today=today)
    if balance.arrears <= 0:
        raise DomainError(_("This family has no arrears: no reminder is needed."))
    overdue = open_statements(family=family, today=today)
    settings = selectors.settings_for(family.centre_id)
    html = render_to_string("finance/reminder_pdf.html", {
        "family": family, "centre": family.centre, "balance": balance, "statements": overdue, "today": today,
        "account": settings})
    from weasyprint import HTML

    data = HTML(string=html).write_pdf()
    with transaction.atomic():
        reminder = Reminder(family=family, balance=balance.arrears,
                            oldest_due_on=overdue[0].due_on if overdue else today, created_by=actor)
        reminder.pdf.save(f"{family.pk}-{hashlib.sha256(data).hexdigest()[:16]}.pdf", ContentFile(data), save=False)
        reminder.save()
        audit_record(actor=actor, action=AuditAction.CREATE, target=reminder, family=family,
                     fields=["balance", "pdf"])
    return reminder
