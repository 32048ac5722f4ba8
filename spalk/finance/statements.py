"""The monthly run: a statement per paying adult and month, credit notes for corrections, the PDF and the CSV export.

``monthly_run`` is idempotent: it recomputes the month (``selectors.month_contribution``, the one computation) and
compares with what was invoiced. Equal → nothing; different → a credit note for the earlier statement and a new
statement (never an edit); no longer owed → a credit note. The run of a centre and month holds a row lock on its
``MonthlyRun`` row, and the job that starts it carries a procrastinate lock (``spalk/finance/tasks.py``), so a month
is never run twice at the same time.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.be import ogm_vcs

from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.centres.models import Centre
from spalk.core.errors import DomainError
from spalk.families.models import Family
from spalk.finance import selectors
from spalk.finance.computation import MonthAmount, category_label, next_month
from spalk.finance.models import MonthlyRun, PayingAdult, Reduction, ReductionStatus, Statement, StatementKind

OGM_PREFIX = "1"  # statements: 1xxxxxxxxx (the other first digits are free for other payment kinds)


def make_ogm(number: int) -> str:
    """The 12 digits of a Belgian structured communication: 10 of ``number``, 2 check digits (stdnum)."""
    base = f"{OGM_PREFIX}{number:09d}"
    if len(base) != 10:
        raise ValueError("statement number too large for a structured communication")
    ogm = base + ogm_vcs.calc_check_digits(base)
    return ogm_vcs.validate(ogm)


def parse_ogm(text: str) -> str | None:
    """The 12 digits of a structured communication found in ``text`` (+++123/4567/89012+++ or plain), if valid."""
    digits = "".join(c for c in text or "" if c.isdigit())
    if len(digits) != 12 or not ogm_vcs.is_valid(digits):
        return None
    return digits


def _lines(month: MonthAmount) -> list[dict]:
    return [{"first": s.first.isoformat(), "last": s.last.isoformat(), "days": s.days, "category": s.category,
             "monthly_amount": f"{s.monthly_amount:.2f}", "percentage": f"{s.percentage:.2f}",
             "days_in_month": s.days_in_month, "reduction": f"{s.reduction:.2f}"} for s in month.segments]


@dataclass
class RunResult:
    run: MonthlyRun
    made: list[Statement]
    credited: list[Statement]
    unchanged: int


def _next_numbers(count: int) -> list[int]:
    from django.db import connection

    if not count:
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('finance_statement_number') FROM generate_series(1, %s)", [count])
        return [row[0] for row in cursor.fetchall()]


def monthly_run(*, centre: Centre, month: datetime.date, actor: Any = None,
                today: datetime.date | None = None) -> RunResult:
    """Statements of ``centre`` for ``month`` (first day). Safe to run again: only differences are written."""
    month = month.replace(day=1)
    today = today or timezone.localdate()
    start, end = month, next_month(month)
    if end > today:
        raise DomainError(_("A month can be run only once it is over (from %(day)s on).")
                          % {"day": f"{end:%d/%m/%Y}"}, field="month")
    account = selectors.settings_for(centre.pk)
    rates, pcts = selectors.rates(), selectors.percentages()
    with transaction.atomic():
        run, _created = MonthlyRun.objects.select_for_update().get_or_create(centre=centre, month=month)
        payers = list(PayingAdult.objects.filter(family__centre=centre, valid_from__lt=end)
                      .exclude(valid_to__lt=start).select_related("person", "family"))
        reductions = list(Reduction.objects.filter(family__centre=centre, status=ReductionStatus.APPROVED,
                                                   valid_from__lt=end, valid_to__gte=start))
        active = {(s.family_id, s.person_id): s for s in Statement.objects.filter(
            centre=centre, month=month, kind=StatementKind.STATEMENT, credit_note__isnull=True)}
        by_family: dict[int, list[PayingAdult]] = defaultdict(list)
        families: dict[int, Family] = {}
        for p in payers:
            by_family[p.family_id].append(p)
            families[p.family_id] = p.family
        reductions_by_family: dict[int, list[Reduction]] = defaultdict(list)
        for r in reductions:
            reductions_by_family[r.family_id].append(r)
        names = {p.person_id: p.person.full_name for p in payers}
        # the nights of every family the centre owns, also in another centre's unit: two queries for the centre
        nights = selectors.centre_nights(centre_id=centre.pk, start=start, end=end)
        owed: dict[tuple[int, int], MonthAmount] = {}
        for family_id, family_payers in by_family.items():
            if family_id not in nights:
                continue  # nobody of this family slept in a unit this month (of any centre)
            amounts = selectors.month_contribution(family=families[family_id], month=month, rate_rows=rates,
                                                   percentage_rows=pcts, payers=family_payers,
                                                   reductions=reductions_by_family.get(family_id, []),
                                                   nights=nights[family_id])
            for person_id, amount in amounts.items():
                if amount.amount > 0:
                    owed[(family_id, person_id)] = amount
        to_make, to_credit, unchanged = [], [], 0
        for key, amount in owed.items():
            current = active.get(key)
            if current is not None and current.amount == amount.amount and current.days == amount.days \
                    and current.lines == _lines(amount):
                unchanged += 1
                continue
            if current is not None:
                to_credit.append(current)
            to_make.append((key, amount))
        to_credit += [s for key, s in active.items() if key not in owed]
        numbers = iter(_next_numbers(len(to_make) + len(to_credit)))
        due = today + datetime.timedelta(days=account.payment_days)
        credited = []
        for old in to_credit:
            note = Statement.objects.create(
                centre=centre, family_id=old.family_id, person_id=old.person_id, month=month,
                kind=StatementKind.CREDIT_NOTE, ogm=make_ogm(next(numbers)), days=old.days, amount=old.amount,
                lines=old.lines, credits=old, reason=_("Corrected by the monthly run of %(day)s")
                % {"day": f"{today:%d/%m/%Y}"}, issued_on=today, due_on=today, payer_name=old.payer_name,
                iban=account.iban, account_holder=account.account_holder, created_by=actor)
            audit_record(actor=actor, action=AuditAction.CREATE, target=note, family=old.family,
                         fields=["kind", "amount", "credits"], extra={"credits": old.pk})
            credited.append(note)
        made = []
        for (family_id, person_id), amount in to_make:
            statement = Statement.objects.create(
                centre=centre, family_id=family_id, person_id=person_id, month=month, ogm=make_ogm(next(numbers)),
                days=amount.days, amount=amount.amount, lines=_lines(amount), issued_on=today, due_on=due,
                payer_name=names.get(person_id, ""), iban=account.iban, account_holder=account.account_holder,
                created_by=actor)
            audit_record(actor=actor, action=AuditAction.CREATE, target=statement, family=families[family_id],
                         fields=["amount", "days", "ogm"])
            made.append(statement)
        run.runs += 1
        run.last_run_at, run.last_run_by = timezone.now(), actor
        run.statements_made, run.credit_notes_made, run.unchanged = len(made), len(credited), unchanged
        run.save()
        audit_record(actor=actor, action=AuditAction.UPDATE, target=run,
                     fields=["runs", "statements_made", "credit_notes_made"], extra={"centre_id": centre.pk})
    return RunResult(run=run, made=made, credited=credited, unchanged=unchanged)


# --- PDF ---------------------------------------------------------------------------------------------------

def statement_context(statement: Statement) -> dict:
    lines = []
    for line in statement.lines:
        lines.append({**line, "first": datetime.date.fromisoformat(line["first"]),
                      "last": datetime.date.fromisoformat(line["last"]),
                      "category_label": category_label(line["category"]),
                      "monthly_amount": Decimal(line["monthly_amount"]), "percentage": Decimal(line["percentage"]),
                      "reduction": Decimal(line["reduction"])})
    return {"statement": statement, "lines": lines, "centre": statement.centre, "family": statement.family}


def statement_pdf_bytes(statement: Statement) -> bytes:
    from weasyprint import HTML

    html = render_to_string("finance/statement_pdf.html", statement_context(statement))
    return HTML(string=html).write_pdf()


def statement_pdf(*, statement: Statement) -> bytes:
    """The statement's PDF: made once and stored (frozen with its sha256), served as stored afterwards."""
    if statement.pdf:
        with statement.pdf.open("rb") as handle:
            data = handle.read()
        if hashlib.sha256(data).hexdigest() == statement.pdf_sha256:
            return data
        raise DomainError(_("The stored PDF of this statement was changed. Ask the installation administrator."))
    data = statement_pdf_bytes(statement)
    with transaction.atomic():
        locked = Statement.objects.select_for_update().get(pk=statement.pk)
        if not locked.pdf:
            locked.pdf.save(f"{locked.ogm}.pdf", ContentFile(data), save=False)
            locked.pdf_sha256 = hashlib.sha256(data).hexdigest()
            # the rendering of a frozen statement, kept so that every later download is the same file; the
            # download that made it is audited by the view as an export (no write event of its own)
            locked.save(update_fields=["pdf", "pdf_sha256"])
    return data


# --- CSV for the centre's accounting ----------------------------------------------------------------------

CSV_HEADER = ["document", "soort", "datum", "vervaldag", "maand", "dossier", "gezin", "betaler", "dagen",
              "bedrag", "gestructureerde_mededeling", "crediteert"]


def csv_rows(statements) -> list[list]:
    """docs/finance.md "Export for accounting": one row per statement or credit note, amounts signed."""
    rows = []
    for s in statements:
        rows.append([s.pk, "creditnota" if s.kind == StatementKind.CREDIT_NOTE else "afrekening",
                     f"{s.issued_on:%d/%m/%Y}", f"{s.due_on:%d/%m/%Y}", f"{s.month:%Y-%m}", s.family.reference,
                     s.family.name, s.payer_name, s.days, f"{s.signed_amount:.2f}".replace(".", ","),
                     s.ogm_display, s.credits.ogm_display if s.credits_id and s.credits else ""])
    return rows
