"""The one computation of the client contribution (issue 14; docs/finance.md). Pure: no database.

Per day in residence: daily share = monthly leefloon of the category valid that day × percentage valid that day
÷ number of days of that month (× what an approved reduction leaves). The month's amount is the sum of its daily
shares, rounded to the cent, half up, once at the end. The shares are kept as exact fractions (``Fraction`` of
the ``Decimal`` inputs), so no intermediate rounding can move a cent: € 1.288,46 × 25 % for a full month of 31
days is exactly € 322,115 and becomes € 322,12.

The quote API, the intake officer's quote screen and the monthly run all call ``compute``.
"""

from __future__ import annotations

import calendar
import datetime
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from spalk.core.errors import DomainError

CENT = Decimal("0.01")
ZERO = Decimal("0")
HUNDRED = Decimal("100")


@dataclass(frozen=True)
class Rate:
    category: str
    monthly_amount: Decimal
    valid_from: datetime.date
    valid_to: datetime.date | None = None

    def covers(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Percentage:
    percentage: Decimal
    valid_from: datetime.date
    valid_to: datetime.date | None = None

    def covers(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class ChargeDay:
    """One day (night) in residence of one paying adult, in a category, with the approved reduction (%)."""

    day: datetime.date
    category: str
    reduction: Decimal = ZERO


@dataclass(frozen=True)
class DayShare:
    day: datetime.date
    category: str
    monthly_amount: Decimal
    percentage: Decimal
    days_in_month: int
    reduction: Decimal
    share: Fraction  # exact, never rounded


@dataclass(frozen=True)
class Segment:
    """Consecutive days of a month that share category, rate, percentage and reduction (for explanations)."""

    first: datetime.date
    last: datetime.date
    days: int
    category: str
    monthly_amount: Decimal
    percentage: Decimal
    days_in_month: int
    reduction: Decimal
    subtotal: Fraction

    @property
    def daily_share(self) -> Decimal:
        """The share of one day, rounded to the cent for display only."""
        return round_half_up(self.subtotal / self.days)


@dataclass
class MonthAmount:
    month: datetime.date  # first day of the month
    shares: list[DayShare] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.month:%Y-%m}"

    @property
    def days(self) -> int:
        return len(self.shares)

    @property
    def exact(self) -> Fraction:
        return sum((s.share for s in self.shares), Fraction(0))

    @property
    def amount(self) -> Decimal:
        return round_half_up(self.exact)

    @property
    def segments(self) -> list[Segment]:
        out: list[Segment] = []
        for s in self.shares:
            last = out[-1] if out else None
            key = (s.category, s.monthly_amount, s.percentage, s.reduction)
            if last and (last.category, last.monthly_amount, last.percentage, last.reduction) == key \
                    and last.last + datetime.timedelta(days=1) == s.day:
                out[-1] = Segment(first=last.first, last=s.day, days=last.days + 1, category=s.category,
                                  monthly_amount=s.monthly_amount, percentage=s.percentage,
                                  days_in_month=s.days_in_month, reduction=s.reduction,
                                  subtotal=last.subtotal + s.share)
            else:
                out.append(Segment(first=s.day, last=s.day, days=1, category=s.category,
                                   monthly_amount=s.monthly_amount, percentage=s.percentage,
                                   days_in_month=s.days_in_month, reduction=s.reduction, subtotal=s.share))
        return out


class ComputationError(DomainError):
    """No rate or percentage is known for a day (Dutch message; the API answers 422)."""


def round_half_up(value: Fraction) -> Decimal:
    """Round an exact non-negative or negative amount to the cent, halves away from zero."""
    sign = -1 if value < 0 else 1
    cents = math.floor(abs(value) * 100 + Fraction(1, 2))
    return (Decimal(sign * cents) / HUNDRED).quantize(CENT)


def days_in_month(day: datetime.date) -> int:
    return calendar.monthrange(day.year, day.month)[1]


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def category_label(category: str) -> str:
    from spalk.finance.models import Category

    try:
        return str(Category(category).label)
    except ValueError:
        return category


def daily_share(*, monthly_amount: Decimal, percentage: Decimal, day: datetime.date,
                reduction: Decimal = ZERO) -> Fraction:
    """monthly × percentage ÷ days in the month, × what the reduction leaves; exact."""
    return (Fraction(monthly_amount) * Fraction(percentage) / 100 / days_in_month(day)
            * (1 - Fraction(reduction) / 100))


def compute(days: Iterable[ChargeDay], *, rates: Sequence[Rate], percentages: Sequence[Percentage],
            field_name: str = "from") -> list[MonthAmount]:
    """The contribution per month for these days (in date order). Raises ``ComputationError`` for a day
    without a rate of its category or without a percentage."""
    by_category: dict[str, list[Rate]] = {}
    for r in rates:
        by_category.setdefault(r.category, []).append(r)
    months: dict[datetime.date, MonthAmount] = {}
    for d in sorted(days, key=lambda c: c.day):
        rate = next((r for r in by_category.get(d.category, ()) if r.covers(d.day)), None)
        if rate is None:
            raise ComputationError(
                _("No leefloon amount is known for %(category)s on %(day)s. Ask the finance administrator to "
                  "add the rate.") % {"category": category_label(d.category), "day": f"{d.day:%d/%m/%Y}"},
                field=field_name, code="no_rate")
        pct = next((p for p in percentages if p.covers(d.day)), None)
        if pct is None:
            raise ComputationError(
                _("No contribution percentage is known on %(day)s. Ask the finance administrator to add it.")
                % {"day": f"{d.day:%d/%m/%Y}"}, field=field_name, code="no_percentage")
        month = months.setdefault(month_start(d.day), MonthAmount(month=month_start(d.day)))
        month.shares.append(DayShare(
            day=d.day, category=d.category, monthly_amount=rate.monthly_amount, percentage=pct.percentage,
            days_in_month=days_in_month(d.day), reduction=d.reduction,
            share=daily_share(monthly_amount=rate.monthly_amount, percentage=pct.percentage, day=d.day,
                              reduction=d.reduction)))
    return [months[k] for k in sorted(months)]


def quote_days(*, category: str, start: datetime.date, end: datetime.date) -> list[ChargeDay]:
    """Every day from ``start`` through ``end`` (inclusive) in one category."""
    count = (end - start).days + 1
    return [ChargeDay(day=start + datetime.timedelta(days=i), category=category) for i in range(max(count, 0))]


def total(months: Sequence[MonthAmount]) -> Decimal:
    """The total of the rounded monthly amounts (what the family is invoiced, month by month)."""
    return sum((m.amount for m in months), ZERO).quantize(CENT)


def euro(amount: Decimal | None) -> str:
    """€ 1.234,56 (nl-BE)."""
    if amount is None:
        return ""
    value = Decimal(amount).quantize(CENT)
    sign = "-" if value < 0 else ""
    whole, cents = f"{abs(value):.2f}".split(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return f"{sign}€ {'.'.join(groups)},{cents}"


def percent(value: Decimal) -> str:
    text = f"{Decimal(value).normalize():f}".replace(".", ",")
    return f"{text} %"


def explain(months: Sequence[MonthAmount]) -> list[str]:
    """The computation in plain Dutch (B1), one paragraph per month, for the family and the intake officer."""
    out = []
    for m in months:
        parts = []
        for s in m.segments:
            sentence = _(
                "From %(first)s to %(last)s (%(days)s days): the leefloon for %(category)s is %(monthly)s a month. "
                "You pay %(pct)s of it, spread over the %(dim)s days of the month: about %(daily)s a day.") % {
                "first": f"{s.first:%d/%m/%Y}", "last": f"{s.last:%d/%m/%Y}", "days": s.days,
                "category": category_label(s.category), "monthly": euro(s.monthly_amount),
                "pct": percent(s.percentage), "dim": s.days_in_month, "daily": euro(s.daily_share)}
            if s.reduction:
                sentence += " " + (_("A reduction of %(reduction)s applies to these days.")
                                   % {"reduction": percent(s.reduction)})
            parts.append(sentence)
        parts.append(_("For %(month)s you pay %(amount)s for %(days)s days (rounded to the cent once, at the end).")
                     % {"month": date_format(m.month, "F Y"), "amount": euro(m.amount), "days": m.days})
        out.append(" ".join(parts))
    return out
