"""Writes of the client contribution's settings: rates, percentages, paying adults, reductions, centre account.

Callers pass objects that already went through the policy (``spalk.access.policy.finance``). Every write shares
its ``transaction.atomic()`` with an ``audit_record``; editable rows compare the version the person saw.
"""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as StdnumError

from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.centres.models import Centre
from spalk.core.errors import ConcurrentEditError, DomainError, raise_if_any
from spalk.families.models import Family, MemberRole, Person
from spalk.finance.models import (
    CentreFinanceSettings,
    ContributionPercentage,
    LeefloonRate,
    PayingAdult,
    Reduction,
    ReductionStatus,
)

ONE_DAY = datetime.timedelta(days=1)


def _check_version(obj, version: int | None) -> None:
    if version is not None and obj.version != version:
        raise ConcurrentEditError()


def _overlaps(qs, valid_from: datetime.date, valid_to: datetime.date | None):
    qs = qs.exclude(valid_to__lt=valid_from)
    return qs.filter(valid_from__lte=valid_to) if valid_to is not None else qs


def _refuse_gaps(rows, label: str, *, was_open: bool) -> None:
    """The rows of one key (in a transaction, after the write) must follow each other without a day between, and
    a table that was open at the end stays open: a day without a rate or percentage cannot be computed
    (docs/finance.md, "Rates and their source")."""
    ordered = sorted(rows, key=lambda r: r.valid_from)
    if was_open and ordered and all(r.valid_to is not None for r in ordered):
        last = max(r.valid_to for r in ordered)
        raise DomainError(
            _("From %(day)s on no %(what)s would apply. Leave the end date empty, or add the one that follows "
              "first.") % {"day": f"{last + ONE_DAY:%d/%m/%Y}", "what": label}, field="valid_to", code="gap")
    for before, after in itertools.pairwise(ordered):
        if before.valid_to is not None and after.valid_from > before.valid_to + ONE_DAY:
            raise DomainError(
                _("Between %(first)s and %(last)s no %(what)s would apply. Let the periods follow each other "
                  "without a day between.") % {"first": f"{before.valid_to + ONE_DAY:%d/%m/%Y}",
                                               "last": f"{after.valid_from - ONE_DAY:%d/%m/%Y}", "what": label},
                field="valid_from", code="gap")


def _add_dated(*, actor: Any, model, key: dict, valid_from: datetime.date, valid_to: datetime.date | None,
               values: dict, label: str, no_gaps: bool = False):
    """Add a dated row; an open row of the same key that started earlier is closed the day before. ``no_gaps``
    (rates, percentage): refused when a day between two rows would be left without one."""
    if valid_to is not None and valid_to < valid_from:
        raise DomainError(_("The end date lies before the start date."), field="valid_to", code="to_before_from")
    with transaction.atomic():
        rows = model.objects.select_for_update().filter(**key)
        was_open = any(r.valid_to is None for r in rows)  # also locks every row of the key
        previous = rows.filter(valid_to__isnull=True, valid_from__lt=valid_from).first()
        if previous is not None:
            previous.valid_to = valid_from - ONE_DAY
            previous.version += 1
            previous.save(update_fields=["valid_to", "version"])
            audit_record(actor=actor, action=AuditAction.UPDATE, target=previous, fields=["valid_to"],
                         extra={"closed_by_new_row_from": valid_from.isoformat()})
        if _overlaps(rows.exclude(pk=getattr(previous, "pk", None)), valid_from, valid_to).exists():
            raise DomainError(_("Another %(what)s already applies in this period. Change that one, or choose "
                                "other dates.") % {"what": label}, field="valid_from", code="overlap")
        obj = model(**key, valid_from=valid_from, valid_to=valid_to, created_by=actor, **values)
        obj.full_clean()
        obj.save()
        if no_gaps:
            _refuse_gaps(model.objects.filter(**key), label, was_open=was_open)
        audit_record(actor=actor, action=AuditAction.CREATE, target=obj,
                     fields=["valid_from", "valid_to", *values])
    return obj


def _update_dated(*, actor: Any, model, obj, version: int | None, key: dict, values: dict, label: str,
                  no_gaps: bool = False):
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=obj.pk)
        _check_version(locked, version)
        was_open = model.objects.filter(**key, valid_to__isnull=True).exists()
        changed = [k for k, v in values.items() if getattr(locked, k) != v]
        if not changed:
            return locked
        for k in changed:
            setattr(locked, k, values[k])
        if locked.valid_to is not None and locked.valid_to < locked.valid_from:
            raise DomainError(_("The end date lies before the start date."), field="valid_to", code="to_before_from")
        if _overlaps(model.objects.filter(**key).exclude(pk=locked.pk), locked.valid_from, locked.valid_to).exists():
            raise DomainError(_("Another %(what)s already applies in this period. Change that one, or choose "
                                "other dates.") % {"what": label}, field="valid_from", code="overlap")
        locked.full_clean()
        locked.version += 1
        locked.save()
        if no_gaps:
            _refuse_gaps(model.objects.filter(**key), label, was_open=was_open)
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, fields=changed)
    return locked


# --- Rates and percentage (installation-wide: the leefloon is federal) ----------------------------------------

def rate_add(*, actor: Any, category: str, monthly_amount: Decimal, valid_from: datetime.date,
             valid_to: datetime.date | None = None, source: str) -> LeefloonRate:
    return _add_dated(actor=actor, model=LeefloonRate, key={"category": category}, valid_from=valid_from,
                      valid_to=valid_to, values={"monthly_amount": monthly_amount, "source": source},
                      label=_("rate of this category"), no_gaps=True)


def rate_update(*, actor: Any, rate: LeefloonRate, version: int | None, monthly_amount: Decimal,
                valid_from: datetime.date, valid_to: datetime.date | None, source: str) -> LeefloonRate:
    """Correct a rate. Statements already made keep their amounts; a new run of the month makes a credit note."""
    return _update_dated(actor=actor, model=LeefloonRate, obj=rate, version=version,
                         key={"category": rate.category},
                         values={"monthly_amount": monthly_amount, "valid_from": valid_from, "valid_to": valid_to,
                                 "source": source}, label=_("rate of this category"), no_gaps=True)


def percentage_add(*, actor: Any, percentage: Decimal, valid_from: datetime.date,
                   valid_to: datetime.date | None = None, source: str) -> ContributionPercentage:
    return _add_dated(actor=actor, model=ContributionPercentage, key={}, valid_from=valid_from, valid_to=valid_to,
                      values={"percentage": percentage, "source": source}, label=_("percentage"), no_gaps=True)


def percentage_update(*, actor: Any, row: ContributionPercentage, version: int | None, percentage: Decimal,
                      valid_from: datetime.date, valid_to: datetime.date | None,
                      source: str) -> ContributionPercentage:
    return _update_dated(actor=actor, model=ContributionPercentage, obj=row, version=version, key={},
                         values={"percentage": percentage, "valid_from": valid_from, "valid_to": valid_to,
                                 "source": source}, label=_("percentage"), no_gaps=True)


# --- Who pays for a stay -----------------------------------------------------------------------------------

def payer_add_problems(*, family: Family, person: Person | None, valid_from: datetime.date | None,
                       reason: str) -> list[DomainError]:
    problems = []
    if person is not None and not family.members.filter(person=person, role=MemberRole.PARENT).exists():
        problems.append(DomainError(_("Only a parent of this family can pay the contribution."), field="person"))
    if not (reason or "").strip():
        problems.append(DomainError(_("Write why this person pays in this category."), field="reason"))
    return problems


def payer_add(*, actor: Any, family: Family, person: Person, category: str, valid_from: datetime.date,
              reason: str, valid_to: datetime.date | None = None) -> PayingAdult:
    """A parent pays from ``valid_from`` in ``category``; a row still open for them is closed the day before,
    so a change of category is an add with its reason (the earlier row stays as history)."""
    raise_if_any(payer_add_problems(family=family, person=person, valid_from=valid_from, reason=reason))
    return _add_dated(actor=actor, model=PayingAdult, key={"family": family, "person": person},
                      valid_from=valid_from, valid_to=valid_to,
                      values={"category": category, "reason": reason.strip()}, label=_("category for this parent"))


def payer_end(*, actor: Any, payer: PayingAdult, version: int | None, last_day: datetime.date,
              reason: str) -> PayingAdult:
    """This parent no longer pays after ``last_day``."""
    if not (reason or "").strip():
        raise DomainError(_("Write why this person no longer pays."), field="reason")
    if last_day < payer.valid_from:
        raise DomainError(_("The end date lies before the start date."), field="last_day")
    return _update_dated(actor=actor, model=PayingAdult, obj=payer, version=version,
                         key={"family": payer.family, "person": payer.person},
                         values={"valid_to": last_day, "reason": f"{payer.reason} — {reason.strip()}"[:300]},
                         label=_("category for this parent"))


# --- Reductions and waivers --------------------------------------------------------------------------------

def reduction_request(*, actor: Any, family: Family, person: Person, percent: Decimal, valid_from: datetime.date,
                      valid_to: datetime.date, reason: str) -> Reduction:
    """Ask for a reduction (100 % = waiver). It counts only after a director approved it."""
    problems = []
    if not (reason or "").strip():
        problems.append(DomainError(_("Write why the contribution is reduced."), field="reason"))
    if valid_to < valid_from:
        problems.append(DomainError(_("The end date lies before the start date."), field="valid_to"))
    if not PayingAdult.objects.filter(family=family, person=person).exists():
        problems.append(DomainError(_("This person does not pay a contribution in this family."), field="person"))
    if not Decimal(0) < percent <= Decimal(100):
        problems.append(DomainError(_("Give a reduction between 0 and 100 %."), field="percent"))
    raise_if_any(problems)
    with transaction.atomic():
        obj = Reduction.objects.create(family=family, person=person, percent=percent, valid_from=valid_from,
                                       valid_to=valid_to, reason=reason.strip(), requested_by=actor)
        audit_record(actor=actor, action=AuditAction.CREATE, target=obj, family=family, person=person,
                     fields=["percent", "valid_from", "valid_to", "reason"])
    return obj


def reduction_decide(*, actor: Any, reduction: Reduction, approve: bool, version: int | None = None) -> Reduction:
    """A director approves or refuses a requested reduction."""
    with transaction.atomic():
        locked = Reduction.objects.select_for_update().get(pk=reduction.pk)
        _check_version(locked, version)
        if locked.status != ReductionStatus.REQUESTED:
            raise DomainError(_("This reduction was already decided."), field="status")
        if approve and Reduction.objects.filter(
                person=locked.person, status=ReductionStatus.APPROVED,
                valid_from__lte=locked.valid_to, valid_to__gte=locked.valid_from).exists():
            raise DomainError(_("Another approved reduction already covers part of this period."), field="status")
        locked.status = ReductionStatus.APPROVED if approve else ReductionStatus.REFUSED
        locked.decided_by, locked.decided_at = actor, timezone.now()
        locked.version += 1
        locked.save(update_fields=["status", "decided_by", "decided_at", "version"])
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.family,
                     person=locked.person, fields=["status", "decided_by", "decided_at"])
    return locked


# --- The centre's account ----------------------------------------------------------------------------------

SETTINGS_FIELDS = list(CentreFinanceSettings.DEFAULTS)


def clean_iban(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    try:
        return stdnum_iban.validate(value)
    except StdnumError as exc:
        raise DomainError(_("This is not a valid IBAN. Check the number on the bank's papers."),
                          field="iban") from exc


def clean_bic(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    try:
        return stdnum_bic.validate(value)
    except StdnumError as exc:
        raise DomainError(_("This is not a valid BIC."), field="bic") from exc


def settings_update(*, actor: Any, centre: Centre, data: dict[str, Any],
                    version: int | None = None) -> CentreFinanceSettings:
    data = dict(data)
    if "iban" in data:
        data["iban"] = clean_iban(data["iban"])
    if "bic" in data:
        data["bic"] = clean_bic(data["bic"])
    with transaction.atomic():
        Centre.objects.select_for_update().filter(pk=centre.pk).first()
        obj, _created = CentreFinanceSettings.objects.select_for_update().get_or_create(
            centre=centre, defaults=CentreFinanceSettings.DEFAULTS)
        _check_version(obj, version)
        changed = [k for k in SETTINGS_FIELDS if k in data and getattr(obj, k) != data[k]]
        if not changed:
            return obj
        for k in changed:
            setattr(obj, k, data[k])
        obj.full_clean()
        obj.version += 1
        obj.save()
        audit_record(actor=actor, action=AuditAction.UPDATE, target=obj, fields=changed,
                     extra={"centre_id": centre.pk})
    return obj
