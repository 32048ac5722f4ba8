"""Reads of the client contribution. Callers pass families and querysets that already went through the policy."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from spalk.families.models import Family
from spalk.finance.computation import ChargeDay, MonthAmount, Percentage, Rate, compute, next_month
from spalk.finance.models import (
    CentreFinanceSettings,
    ContributionPercentage,
    LeefloonRate,
    PayingAdult,
    Reduction,
    ReductionStatus,
)

# A booked night counts as a day in residence unless the presence register says the person was away that night
# (agreed leave or absence): docs/finance.md, "Days in residence".
COUNTED_STATUSES = frozenset({"present", "unchecked"})


def rate_list():
    return LeefloonRate.objects.order_by("category", "valid_from")


def percentage_list():
    return ContributionPercentage.objects.order_by("valid_from")


def rates() -> list[Rate]:
    return [Rate(category=r.category, monthly_amount=r.monthly_amount, valid_from=r.valid_from,
                 valid_to=r.valid_to) for r in rate_list()]


def percentages() -> list[Percentage]:
    return [Percentage(percentage=p.percentage, valid_from=p.valid_from, valid_to=p.valid_to)
            for p in percentage_list()]


def settings_for(centre_id: int) -> CentreFinanceSettings:
    found = CentreFinanceSettings.objects.filter(centre_id=centre_id).first()
    return found or CentreFinanceSettings(centre_id=centre_id, **CentreFinanceSettings.DEFAULTS)


def payer_list(*, family: Family):
    return PayingAdult.objects.filter(family=family).select_related("person", "created_by").order_by(
        "person__last_name", "person__first_name", "person_id", "valid_from")


def reduction_list(*, family: Family):
    return Reduction.objects.filter(family=family).select_related("person", "requested_by", "decided_by").order_by(
        "-valid_from", "-pk")


def _covers(row, day: datetime.date) -> bool:
    return row.valid_from <= day and (row.valid_to is None or day <= row.valid_to)


def charge_days(*, family: Family, start: datetime.date, end: datetime.date,
                payers: list[PayingAdult] | None = None, reductions: list[Reduction] | None = None,
                nights=None) -> dict[int, list[ChargeDay]]:
    """Per paying person id: the days in ``[start, end)`` they are charged for, with category and reduction.

    A day counts when the person was booked in one of the family's units that night (stay allocations), the
    presence register does not record them away (leave or absent), and a paying-adult row covers the day.
    ``payers``, ``reductions`` and ``nights`` may be passed in by a caller that loaded them for many families.
    """
    from spalk.presence.selectors import person_nights

    if payers is None:
        payers = list(PayingAdult.objects.filter(family=family, valid_from__lt=end).exclude(valid_to__lt=start))
    if reductions is None:
        reductions = list(Reduction.objects.filter(family=family, status=ReductionStatus.APPROVED,
                                                   valid_from__lt=end, valid_to__gte=start))
    if nights is None:
        nights = person_nights(family=family, start=start, end=end) if payers else []
    by_person: dict[int, list[PayingAdult]] = defaultdict(list)
    for p in payers:
        by_person[p.person_id].append(p)
    reductions_by_person: dict[int, list[Reduction]] = defaultdict(list)
    for r in reductions:
        reductions_by_person[r.person_id].append(r)
    out: dict[int, list[ChargeDay]] = defaultdict(list)
    seen: set[tuple[int, datetime.date]] = set()
    for n in nights:
        if n.status not in COUNTED_STATUSES or (n.person_id, n.day) in seen or not start <= n.day < end:
            continue
        payer = next((p for p in by_person.get(n.person_id, ()) if _covers(p, n.day)), None)
        if payer is None:
            continue
        seen.add((n.person_id, n.day))
        reduction = next((r.percent for r in reductions_by_person.get(n.person_id, ()) if _covers(r, n.day)),
                         Decimal(0))
        out[n.person_id].append(ChargeDay(day=n.day, category=payer.category, reduction=reduction))
    return dict(out)


def month_contribution(*, family: Family, month: datetime.date, rate_rows: list[Rate] | None = None,
                       percentage_rows: list[Percentage] | None = None,
                       **preloaded) -> dict[int, MonthAmount]:
    """Per paying person id: what they owe for ``month`` (first day). Persons with no day are left out."""
    start, end = month.replace(day=1), next_month(month)
    days = charge_days(family=family, start=start, end=end, **preloaded)
    rate_rows = rates() if rate_rows is None else rate_rows
    percentage_rows = percentages() if percentage_rows is None else percentage_rows
    out = {}
    for person_id, person_days in days.items():
        months = compute(person_days, rates=rate_rows, percentages=percentage_rows)
        if months:
            out[person_id] = months[0]
    return out


# --- Balances ------------------------------------------------------------------------------------------------

@dataclass
class Balance:
    invoiced: Decimal
    paid: Decimal
    overdue_invoiced: Decimal

    @property
    def balance(self) -> Decimal:
        """What the family still owes (negative: paid too much)."""
        return self.invoiced - self.paid

    @property
    def arrears(self) -> Decimal:
        """What is owed of statements past their date (payments count against the oldest first)."""
        return max(self.overdue_invoiced - self.paid, Decimal(0))


def family_balance(*, family: Family, today: datetime.date) -> Balance:
    """Two queries: the statements' signed total and the part past its date in one, the payments in the other."""
    from django.db.models import Case, F, Q, Sum, When

    from spalk.finance.models import Payment, Statement

    signed = Case(When(kind="credit_note", then=-F("amount")), default=F("amount"))
    totals = Statement.objects.filter(family=family).aggregate(
        invoiced=Sum(signed), overdue_invoiced=Sum(signed, filter=Q(due_on__lt=today)))
    paid = Payment.objects.filter(family=family).aggregate(total=Sum("amount"))["total"] or Decimal(0)
    return Balance(invoiced=totals["invoiced"] or Decimal(0), paid=paid,
                   overdue_invoiced=totals["overdue_invoiced"] or Decimal(0))


def balances(*, families, today: datetime.date):
    """Families with ``invoiced``, ``paid`` and ``overdue_invoiced`` annotated: one query for any number of rows."""
    from django.db.models import Case, DecimalField, F, OuterRef, Subquery, Sum, Value, When
    from django.db.models.functions import Coalesce

    from spalk.finance.models import Payment, Statement

    money = DecimalField(max_digits=12, decimal_places=2)
    signed = Case(When(kind="credit_note", then=-F("amount")), default=F("amount"), output_field=money)

    def total(qs, expr):
        return Coalesce(Subquery(qs.values("family").annotate(t=Sum(expr)).values("t")[:1], output_field=money),
                        Value(Decimal(0)), output_field=money)

    st = Statement.objects.filter(family=OuterRef("pk"))
    return families.annotate(
        invoiced=total(st, signed), overdue_invoiced=total(st.filter(due_on__lt=today), signed),
        paid=total(Payment.objects.filter(family=OuterRef("pk")), F("amount")))


def statement_list(*, family: Family):
    from spalk.finance.models import Statement

    return Statement.objects.filter(family=family).select_related("credits").order_by("-month", "-pk")


def payment_list(*, family: Family):
    from spalk.finance.models import Payment

    return Payment.objects.filter(family=family).select_related("statement").order_by("-paid_on", "-pk")


def reminder_list(*, family: Family, limit: int = 10):
    from spalk.finance.models import Reminder

    return Reminder.objects.filter(family=family).order_by("-created_at")[:limit]


def parents(*, family: Family):
    from spalk.families.models import MemberRole, Person

    return Person.objects.filter(memberships__family=family, memberships__role=MemberRole.PARENT).order_by(
        "first_name", "pk")


def paying_parents(*, family: Family):
    return parents(family=family).filter(pk__in=PayingAdult.objects.filter(family=family).values("person_id"))


def family_section(*, user, family: Family, today: datetime.date) -> Balance | None:
    """The balance for the family page, for those who see amounts (``can_see_balance``); two queries or none."""
    from spalk.access.policy import can_see_balance

    if not can_see_balance(user=user, family=family):
        return None
    return family_balance(family=family, today=today)


def centre_nights(*, centre_id: int, start: datetime.date, end: datetime.date) -> dict[int, list]:
    """Per family id: every booked night in ``[start, end)`` of the families the centre owns, in whichever
    centre's unit, with its presence — what ``presence.selectors.person_nights`` gives for one family, for all
    families of a centre in two queries. The centre that owns the family charges every night of its stays, also
    in a unit of a centre the family is shared with (docs/finance.md, "Which centre charges")."""
    from django.db.backends.postgresql.psycopg_any import DateRange

    from spalk.presence.models import PresenceNight
    from spalk.presence.selectors import UNCHECKED, PersonNight
    from spalk.stays.models import AllocationMember

    window = DateRange(start, end, "[)")
    stays = list(AllocationMember.objects.filter(allocation__family__centre_id=centre_id, period__overlap=window)
                 .select_related("member", "allocation").order_by("member__person_id", "period"))
    records = {(r.stay_id, r.night): r for r in PresenceNight.objects.filter(
        stay__in=[s.pk for s in stays], night__gte=start, night__lt=end)}
    out: dict[int, list] = defaultdict(list)
    for stay in stays:
        day = max(stay.period.lower, start)
        last = min(stay.period.upper, end)
        while day < last:
            record = records.get((stay.pk, day))
            out[stay.allocation.family_id].append(PersonNight(
                person_id=stay.member.person_id, member_id=stay.member_id, stay_id=stay.pk,
                unit_id=stay.allocation.unit_id, day=day, status=record.status if record else UNCHECKED,
                reason=record.reason if record else ""))
            day += datetime.timedelta(days=1)
    return dict(out)


def families_to_remind(*, centre_id: int, today: datetime.date, after_days: int):
    """Families of the centre the reminder job writes to on ``today``: statements in force (no credit note) whose
    date to pay lies more than ``after_days`` days back add up to more than everything the family paid, and the
    family got no reminder this month yet (automatic or by hand). One query."""
    from django.db.models import DecimalField, Exists, F, OuterRef, Q, Subquery, Sum, Value
    from django.db.models.functions import Coalesce

    from spalk.finance.models import Payment, Reminder, Statement, StatementKind

    cutoff = today - datetime.timedelta(days=after_days)
    period = today.replace(day=1)
    month = (timezone.make_aware(datetime.datetime.combine(period, datetime.time.min)),
             timezone.make_aware(datetime.datetime.combine(next_month(period), datetime.time.min)))
    money = DecimalField(max_digits=12, decimal_places=2)

    def total(qs):
        return Coalesce(Subquery(qs.values("family").annotate(t=Sum("amount")).values("t")[:1], output_field=money),
                        Value(Decimal(0)), output_field=money)

    overdue = Statement.objects.filter(family=OuterRef("pk"), kind=StatementKind.STATEMENT,
                                       credit_note__isnull=True, due_on__lt=cutoff)
    reminded = Reminder.objects.filter(Q(period=period) | Q(created_at__gte=month[0], created_at__lt=month[1]),
                                       family=OuterRef("pk"))
    paid = Payment.objects.filter(family=OuterRef("pk"))
    return list(Family.objects.filter(centre_id=centre_id)
                .annotate(overdue_in_force=total(overdue), paid_total=total(paid))
                .filter(overdue_in_force__gt=F("paid_total"))
                .exclude(Exists(reminded)).select_related("centre").order_by("name", "pk"))
