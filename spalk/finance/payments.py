"""Payments: recorded by hand, or credit lines of an imported bank statement (CODA, CAMT.053) matched on the
structured communication of a statement; a line that matches nothing waits for a person to assign it."""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.centres.models import Centre
from spalk.core.errors import DomainError
from spalk.families.models import Family
from spalk.finance.bankfiles import BankLine, parse_bank_file
from spalk.finance.models import BankFile, Payment, PaymentSource, Statement, StatementKind
from spalk.finance.statements import parse_ogm

MAX_BANK_FILE = 5 * 1024 * 1024


def payment_record(*, actor: Any, family: Family, amount: Decimal, paid_on: datetime.date,
                   communication: str = "", note: str = "") -> Payment:
    """A payment received by hand (cash, a transfer seen on paper). Matched to a statement by its communication."""
    if amount is None or amount <= 0:
        raise DomainError(_("Give an amount above € 0,00."), field="amount")
    ogm = parse_ogm(communication)
    statement = Statement.objects.filter(family=family, ogm=ogm, kind=StatementKind.STATEMENT).first() if ogm else None
    with transaction.atomic():
        payment = Payment.objects.create(centre_id=family.centre_id, family=family, statement=statement,
                                         amount=amount, paid_on=paid_on, communication=communication.strip(),
                                         note=note.strip(), source=PaymentSource.MANUAL, created_by=actor,
                                         assigned_by=actor)
        audit_record(actor=actor, action=AuditAction.CREATE, target=payment, family=family,
                     fields=["amount", "paid_on", "communication"])
    return payment


def _match(centre: Centre, line: BankLine) -> Statement | None:
    ogm = parse_ogm(line.communication)
    if ogm is None:
        return None
    return Statement.objects.filter(centre=centre, ogm=ogm, kind=StatementKind.STATEMENT).select_related(
        "family").first()


def bank_file_import(*, actor: Any, centre: Centre, name: str, data: bytes) -> BankFile:
    """Store the file, turn every credit line into a payment (matched on the structured communication when it
    names a statement of this centre). The same file twice, or a line already imported, is refused or skipped."""
    if len(data) > MAX_BANK_FILE:
        raise DomainError(_("This file is too large for a bank statement (at most 5 MB)."), field="file")
    fmt, lines = parse_bank_file(data)
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        if BankFile.objects.filter(centre=centre, sha256=digest).exists():
            raise DomainError(_("This bank statement was already imported."), field="file")
        bank_file = BankFile(centre=centre, original_name=name[:200], format=fmt, sha256=digest, uploaded_by=actor)
        bank_file.file.save(f"{digest[:16]}.{'cod' if fmt == PaymentSource.CODA else 'xml'}", ContentFile(data),
                            save=False)
        bank_file.save()
        seen = set(Payment.objects.filter(centre=centre, line_ref__in=[line.ref for line in lines])
                   .values_list("line_ref", flat=True))
        matched = created = 0
        for line in lines:
            if line.amount <= 0 or line.ref in seen:
                continue
            statement = _match(centre, line)
            payment = Payment.objects.create(
                centre=centre, family=statement.family if statement else None, statement=statement,
                amount=line.amount, paid_on=line.booked_on, communication=line.communication[:200],
                counterparty=line.counterparty[:200], counterparty_iban=line.counterparty_iban[:34],
                source=fmt, bank_file=bank_file, line_ref=line.ref[:100], created_by=actor)
            audit_record(actor=actor, action=AuditAction.CREATE, target=payment,
                         family=statement.family if statement else None, fields=["amount", "paid_on", "statement"])
            created += 1
            matched += statement is not None
        bank_file.lines, bank_file.matched = created, matched
        bank_file.save(update_fields=["lines", "matched"])
        audit_record(actor=actor, action=AuditAction.CREATE, target=bank_file, fields=["file", "lines", "matched"],
                     extra={"centre_id": centre.pk})
    return bank_file


def payment_assign(*, actor: Any, payment: Payment, family: Family, statement: Statement | None = None) -> Payment:
    """A person assigns a line that matched nothing to a family (and optionally one of its statements)."""
    if family.centre_id != payment.centre_id:
        raise DomainError(_("Choose a family of the centre that received the payment."), field="family")
    if statement is not None and statement.family_id != family.pk:
        raise DomainError(_("This statement belongs to another family."), field="statement")
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if locked.family_id is not None:
            raise DomainError(_("This payment was already assigned."), field="family")
        locked.family, locked.statement, locked.assigned_by = family, statement, actor
        locked.save(update_fields=["family", "statement", "assigned_by"])
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=family,
                     fields=["family", "statement"])
    return locked
