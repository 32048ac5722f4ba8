"""Reads of units, stays and the planning board. Callers pass objects that already went through the policy."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.backends.postgresql.psycopg_any import DateRange
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from spalk.stays.models import Allocation, Unit, UnitOutOfService


def in_residence_q(*, today: datetime.date, centre_ids: list[int] | None = None) -> Q:
    """Q on Family: the family has a unit allocated for ``today`` (in a unit of ``centre_ids`` when given)."""
    stays = Allocation.objects.filter(family=OuterRef("pk"), period__contains=today)
    if centre_ids is not None:
        stays = stays.filter(unit__centre_id__in=centre_ids)
    return Q(Exists(stays))


def unit_list(*, units: QuerySet[Unit], today: datetime.date) -> QuerySet[Unit]:
    """Units with their current and coming out-of-service periods (one extra query)."""
    oos = UnitOutOfService.objects.filter(period__endswith__gt=today).order_by("period")
    return units.select_related("centre").prefetch_related(Prefetch("out_of_service", queryset=oos,
                                                                    to_attr="coming_out_of_service"))


@dataclass(frozen=True)
class UnitAvailability:
    """Whether a unit is free over a chosen period, and if not, until when it is taken and why (in words)."""

    free: bool
    note: str = ""  # "bezet van 01/12/2026 tot 15/12/2026", "buiten gebruik ... (werken)"


def unit_availability(*, units: list[Unit], start: datetime.date,
                      end: datetime.date) -> dict[int, UnitAvailability]:
    """For each unit: free over ``[start, end)`` or the first booking / out-of-service period in the way.

    Two queries whatever the number of units. The same rule as the booking service (stays.services), which
    checks it again when the stay is saved.
    """
    from django.utils.translation import gettext as _

    period = DateRange(start, end, "[)")
    ids = [u.pk for u in units]
    taken: dict[int, str] = {}
    for unit_id, booked in (Allocation.objects.filter(unit_id__in=ids, period__overlap=period)
                            .order_by("-period").values_list("unit_id", "period")):
        taken[unit_id] = _("taken from %(start)s to %(end)s") % {
            "start": f"{booked.lower:%d/%m/%Y}", "end": f"{booked.upper:%d/%m/%Y}"}
    for unit_id, oos, reason in (UnitOutOfService.objects.filter(unit_id__in=ids, period__overlap=period)
                                 .order_by("period").values_list("unit_id", "period", "reason")):
        taken.setdefault(unit_id, _("out of service from %(start)s to %(end)s (%(reason)s)") % {
            "start": f"{oos.lower:%d/%m/%Y}", "end": f"{oos.upper:%d/%m/%Y}", "reason": reason})
    return {pk: UnitAvailability(free=pk not in taken, note=taken.get(pk, "")) for pk in ids}


def allocation_list(*, allocations: QuerySet[Allocation]) -> QuerySet[Allocation]:
    return allocations.select_related("unit", "family").prefetch_related("members").order_by("period", "pk")


@dataclass
class Segment:
    """A run of days in one row of the board: a stay, an out-of-service period or free days."""

    kind: str  # "current" | "planned" | "past" | "out_of_service" | "free"
    start: datetime.date
    days: int
    family_id: int | None = None
    family_name: str = ""  # empty when the user may not see the family
    reason: str = ""
    end: datetime.date | None = None
    # for the template, set once by board() (the grid and the day list show each segment; a label, a link and a
    # day per segment made once keep the 14 days × units of the page cheap to render)
    label: str = ""
    url: str = ""
    until: str = ""  # the end day as dd/mm


@dataclass
class BoardRow:
    unit: Unit
    segments: list[Segment] = field(default_factory=list)


def board(*, centre_id: int, start: datetime.date, days: int, visible_family_ids: set[int],
          today: datetime.date) -> tuple[list[datetime.date], list[BoardRow]]:
    """Units × days. Family ids and names only for families the user may see (others are never loaded and
    show as "booked")."""
    end = start + datetime.timedelta(days=days)
    window = DateRange(start, end, "[)")
    dates = [start + datetime.timedelta(days=i) for i in range(days)]
    units = list(Unit.objects.filter(centre_id=centre_id, is_active=True).order_by("kind", "name"))
    by_unit: dict[int, list[tuple[datetime.date, datetime.date, Segment]]] = {u.pk: [] for u in units}
    allocations = list(Allocation.objects.filter(unit__centre_id=centre_id, period__overlap=window))
    names = _visible_names({a.family_id for a in allocations} & visible_family_ids)
    for a in allocations:
        if a.unit_id not in by_unit:
            continue
        if a.period.upper <= today:
            kind = "past"
        elif a.period.lower > today:
            kind = "planned"
        else:
            kind = "current"
        seen = a.family_id in names
        seg = Segment(kind=kind, start=a.period.lower, days=0, family_id=a.family_id if seen else None,
                      family_name=names.get(a.family_id, ""), end=a.period.upper)
        by_unit[a.unit_id].append((a.period.lower, a.period.upper, seg))
    for o in UnitOutOfService.objects.filter(unit__centre_id=centre_id, period__overlap=window):
        if o.unit_id in by_unit:
            seg = Segment(kind="out_of_service", start=o.period.lower, days=0, reason=o.reason, end=o.period.upper)
            by_unit[o.unit_id].append((o.period.lower, o.period.upper, seg))
    rows = []
    for unit in units:
        row = BoardRow(unit=unit)
        busy = sorted(by_unit[unit.pk], key=lambda t: t[0])
        day = start
        for lower, upper, seg in busy:
            lower, upper = max(lower, start), min(upper, end)
            if lower > day:
                row.segments.append(Segment(kind="free", start=day, days=(lower - day).days))
            if upper > max(lower, day):
                seg.days = (upper - max(lower, day)).days
                seg.start = max(lower, day)
                row.segments.append(seg)
                day = upper
        if day < end:
            row.segments.append(Segment(kind="free", start=day, days=(end - day).days))
        rows.append(row)
    _label(rows)
    return dates, rows


def _label(rows: list[BoardRow]) -> None:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    labels = {"current": _("staying"), "planned": _("planned"), "past": _("left"),
              "out_of_service": _("out of service"), "free": _("free")}
    urls: dict[int, str] = {}
    for row in rows:
        for seg in row.segments:
            seg.label = labels[seg.kind]
            if seg.family_id is not None:
                if seg.family_id not in urls:
                    urls[seg.family_id] = reverse("families:detail", args=[seg.family_id])
                seg.url = urls[seg.family_id]
            if seg.end is not None:
                seg.until = f"{seg.end:%d/%m}"


@dataclass
class Movement:
    """An arrival or departure; ``family_id``/``family_name`` are empty when the user may not see the family."""

    day: datetime.date
    unit_name: str
    family_id: int | None
    family_name: str


def week_movements(*, centre_id: int, week_start: datetime.date,
                   visible_family_ids: set[int]) -> tuple[list[Movement], list[Movement]]:
    """Arrivals and departures in the week ``[week_start, week_start + 7)``; names only of visible families."""
    week_end = week_start + datetime.timedelta(days=7)
    qs = Allocation.objects.filter(unit__centre_id=centre_id).select_related("unit")
    arriving = list(qs.filter(period__startswith__gte=week_start, period__startswith__lt=week_end).order_by("period"))
    leaving = list(qs.filter(period__endswith__gte=week_start, period__endswith__lt=week_end).order_by("period"))
    names = _visible_names({a.family_id for a in arriving + leaving} & visible_family_ids)

    def movement(a: Allocation, day: datetime.date) -> Movement:
        seen = a.family_id in names
        return Movement(day=day, unit_name=a.unit.name, family_id=a.family_id if seen else None,
                        family_name=names.get(a.family_id, ""))

    return [movement(a, a.period.lower) for a in arriving], [movement(a, a.period.upper) for a in leaving]


def _visible_names(family_ids: set[int]) -> dict[int, str]:
    """Names of the given families, which the caller took from the policy's ``visible_families``."""
    from spalk.families.models import Family

    if not family_ids:
        return {}
    return dict(Family.objects.filter(pk__in=family_ids).values_list("pk", "name"))


@dataclass
class BoardDay:
    """One day of the planning board as a list (the phone layout): every unit and what it holds that day."""

    day: datetime.date
    units: list[tuple[Unit, Segment]] = field(default_factory=list)


def board_days(*, dates: list[datetime.date], rows: list[BoardRow]) -> list[BoardDay]:
    """The board turned a quarter: per day, the segment of each unit covering it (no queries)."""
    out = []
    for day in dates:
        entry = BoardDay(day=day)
        for row in rows:
            for seg in row.segments:
                if seg.start <= day < seg.start + datetime.timedelta(days=seg.days):
                    entry.units.append((row.unit, seg))
                    break
        out.append(entry)
    return out
