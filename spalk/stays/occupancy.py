"""Occupancy of a centre's units, counted in nights per person (BRIEF.md §4).

A night belongs to the date on which it begins: a stay ``[arrival, departure)`` counts one night for every
date from the arrival up to (not including) the departure. Nights are dates, not hours, so the change to
and from summer time (last Sunday of March and October in Europe/Brussels) changes nothing.

A pregnant parent counts for two on nights before ``AllocationMember.unborn_until`` when the installation
counts unborn children (``settings.COUNT_UNBORN``, on by default).

Presence (``spalk.presence``): of the booked person-nights, how many the nightly check recorded as present, on
leave or absent, and how many nobody checked. An unborn child follows its mother: present when she is.

Free places: the beds (adults + children) of units that are in use, not out of service and not booked
that night; one family lives in a unit at a time.
"""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.backends.postgresql.psycopg_any import DateRange

from spalk.stays.models import Allocation, AllocationMember, Unit, UnitOutOfService


def percent(part: int, whole: int) -> float:
    """``100 * part / whole`` to one decimal, rounded half up as people expect (31,25 → 31,3); 0 for nothing."""
    if not whole:
        return 0.0
    return float((Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@dataclass
class DayOccupancy:
    day: datetime.date
    persons: int = 0  # nights of persons this date, unborn children included when counted
    unborn: int = 0
    families: int = 0
    units_occupied: int = 0
    units_out_of_service: int = 0
    units_free: int = 0
    beds_in_service: int = 0
    beds_free: int = 0
    present: int = 0  # booked person-nights the presence register records as present
    on_leave: int = 0
    absent: int = 0

    @property
    def unchecked(self) -> int:
        return self.persons - self.present - self.on_leave - self.absent

    @property
    def rate(self) -> float:
        """Persons in residence as a share of the places in service (0–100), by the same counting rule as
        ``persons``: a pregnant woman counts for two when the installation counts unborn children."""
        return percent(self.persons, self.beds_in_service)


@dataclass
class PeriodOccupancy:
    start: datetime.date
    end: datetime.date  # exclusive
    days: list[DayOccupancy] = field(default_factory=list)
    families: int = 0  # distinct families with at least one night in the period
    count_unborn: bool = True

    @property
    def person_nights(self) -> int:
        return sum(d.persons for d in self.days)

    @property
    def unborn_nights(self) -> int:
        return sum(d.unborn for d in self.days)

    @property
    def present_nights(self) -> int:
        return sum(d.present for d in self.days)

    @property
    def leave_nights(self) -> int:
        return sum(d.on_leave for d in self.days)

    @property
    def absent_nights(self) -> int:
        return sum(d.absent for d in self.days)

    @property
    def unchecked_nights(self) -> int:
        return sum(d.unchecked for d in self.days)

    @property
    def presence_rate(self) -> float:
        """Share of the booked person-nights actually spent in the centre (0–100)."""
        return percent(self.present_nights, self.person_nights)

    @property
    def family_nights(self) -> int:
        return sum(d.families for d in self.days)

    @property
    def bed_nights(self) -> int:
        return sum(d.beds_in_service for d in self.days)

    @property
    def rate(self) -> float:
        """Person-nights as a share of the place-nights in service, counted as ``person_nights``."""
        return percent(self.person_nights, self.bed_nights)

    @property
    def peak(self) -> int:
        return max((d.persons for d in self.days), default=0)


def _dates(lower: datetime.date, upper: datetime.date, start: datetime.date, end: datetime.date):
    day = max(lower, start)
    stop = min(upper, end)
    while day < stop:
        yield day
        day += datetime.timedelta(days=1)


def occupancy(*, centre_id: int, start: datetime.date, end: datetime.date,
              count_unborn: bool | None = None) -> PeriodOccupancy:
    """Occupancy for every date in ``[start, end)``. Five queries whatever the number of stays."""
    from spalk.presence.models import NightStatus, PresenceNight

    if count_unborn is None:
        count_unborn = settings.COUNT_UNBORN
    window = DateRange(start, end, "[)")
    units = {u.pk: u for u in Unit.objects.filter(centre_id=centre_id, is_active=True)}
    persons: dict[datetime.date, int] = defaultdict(int)
    unborn: dict[datetime.date, int] = defaultdict(int)
    recorded = {(stay_id, night): status for stay_id, night, status in PresenceNight.objects.filter(
        stay__allocation__unit__centre_id=centre_id, night__gte=start, night__lt=end).values_list(
        "stay_id", "night", "status")}
    by_status: dict[str, dict[datetime.date, int]] = {s: defaultdict(int) for s in NightStatus.values}
    for stay_id, period, unborn_until in AllocationMember.objects.filter(
            allocation__unit__centre_id=centre_id, period__overlap=window).values_list(
            "pk", "period", "unborn_until"):
        for day in _dates(period.lower, period.upper, start, end):
            weight = 1
            persons[day] += 1
            if count_unborn and unborn_until is not None and day < unborn_until:
                unborn[day] += 1
                weight = 2
            status = recorded.get((stay_id, day))
            if status is not None:
                by_status[status][day] += weight
    booked: dict[datetime.date, set[int]] = defaultdict(set)
    families: dict[datetime.date, set[int]] = defaultdict(set)
    all_families: set[int] = set()
    for unit_id, family_id, period in Allocation.objects.filter(
            unit__centre_id=centre_id, period__overlap=window).values_list("unit_id", "family_id", "period"):
        for day in _dates(period.lower, period.upper, start, end):
            booked[day].add(unit_id)
            families[day].add(family_id)
            all_families.add(family_id)
    out_of_service: dict[datetime.date, set[int]] = defaultdict(set)
    for unit_id, period in UnitOutOfService.objects.filter(
            unit__centre_id=centre_id, period__overlap=window).values_list("unit_id", "period"):
        for day in _dates(period.lower, period.upper, start, end):
            out_of_service[day].add(unit_id)
    result = PeriodOccupancy(start=start, end=end, families=len(all_families), count_unborn=count_unborn)
    for day in _dates(start, end, start, end):
        oos = out_of_service[day] & set(units)
        in_service = [u for pk, u in units.items() if pk not in oos]
        free = [u for u in in_service if u.pk not in booked[day]]
        result.days.append(DayOccupancy(
            day=day, persons=persons[day] + unborn[day], unborn=unborn[day], families=len(families[day]),
            units_occupied=len(booked[day] & set(units)), units_out_of_service=len(oos), units_free=len(free),
            beds_in_service=sum(u.beds for u in in_service), beds_free=sum(u.beds for u in free),
            present=by_status[NightStatus.PRESENT][day], on_leave=by_status[NightStatus.LEAVE][day],
            absent=by_status[NightStatus.ABSENT][day]))
    return result


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    first = datetime.date(year, month, 1)
    return first, first + datetime.timedelta(days=calendar.monthrange(year, month)[1])


def month_occupancy(*, centre_id: int, year: int, month: int, count_unborn: bool | None = None) -> PeriodOccupancy:
    start, end = month_bounds(year, month)
    return occupancy(centre_id=centre_id, start=start, end=end, count_unborn=count_unborn)


def chart_svg_data(report: PeriodOccupancy, *, width: int = 720, height: int = 240) -> dict:
    """Bars per day for a server-rendered SVG: persons in residence against beds in service."""
    pad_left, pad_bottom, pad_top = 40, 28, 10
    top = max([d.beds_in_service for d in report.days] + [d.persons for d in report.days] + [1])
    n = max(len(report.days), 1)
    slot = (width - pad_left - 10) / n
    scale = (height - pad_bottom - pad_top) / top
    bars = []
    for i, d in enumerate(report.days):
        h = d.persons * scale
        bars.append({"x": round(pad_left + i * slot + slot * 0.15, 1), "w": round(slot * 0.7, 1),
                     "y": round(height - pad_bottom - h, 1), "h": round(h, 1), "day": d.day, "persons": d.persons,
                     "cap_y": round(height - pad_bottom - d.beds_in_service * scale, 1),
                     "label_x": round(pad_left + i * slot + slot / 2, 1), "show_label": d.day.day % 5 == 1})
    # places in service as one continuous step line over the whole month (no gaps between the bars)
    cap_points = []
    for i, d in enumerate(report.days):
        y = round(height - pad_bottom - d.beds_in_service * scale, 1)
        cap_points += [(round(pad_left + i * slot, 1), y), (round(pad_left + (i + 1) * slot, 1), y)]
    ticks = sorted({0, top // 2, top})
    return {"width": width, "height": height, "bars": bars, "base_y": height - pad_bottom, "left": pad_left,
            "right": width - 10, "ticks": [{"value": t, "y": round(height - pad_bottom - t * scale, 1)} for t in ticks],
            "label_y": height - 10, "cap_points": " ".join(f"{x},{y}" for x, y in cap_points)}
