"""Reads of the presence register. Callers pass ids and querysets that already went through the policy.

``person_nights`` is the contract for the client contribution (issue 14): per person and per night of a
period, whether they were booked in a unit and what the presence register says about that night.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.backends.postgresql.psycopg_any import DateRange
from django.db.models import QuerySet
from django.utils import timezone

from spalk.families.models import Family
from spalk.presence.models import NightStatus, PresenceNight
from spalk.stays.models import AllocationMember

UNCHECKED = "unchecked"  # booked, but nobody recorded the night (yet)
NOON = 12


def current_night(now: datetime.datetime | None = None) -> datetime.date:
    """The night a check made now is about: before noon it is still the night that began yesterday."""
    local = timezone.localtime(now)
    day = local.date()
    return day - datetime.timedelta(days=1) if local.hour < NOON else day


@dataclass
class SheetRow:
    stay: AllocationMember
    record: PresenceNight | None

    @property
    def status(self) -> str:
        return self.record.status if self.record else UNCHECKED


@dataclass
class UnitSheet:
    """One unit on one night: the family staying and each booked member with what is recorded."""

    unit_id: int
    unit_name: str
    family_id: int
    family_name: str
    rows: list[SheetRow] = field(default_factory=list)

    @property
    def checked(self) -> bool:
        return all(r.record is not None for r in self.rows)

    @property
    def present(self) -> int:
        return sum(1 for r in self.rows if r.status == NightStatus.PRESENT)


def night_sheet(*, stays: QuerySet[AllocationMember], centre_id: int, night: datetime.date,
                unit_id: int | None = None) -> list[UnitSheet]:
    """The check list of a night: units with booked members, in unit order. Two queries."""
    qs = stays.filter(allocation__unit__centre_id=centre_id, period__contains=night,
                      allocation__period__contains=night)
    if unit_id is not None:
        qs = qs.filter(allocation__unit_id=unit_id)
    rows = list(qs.select_related("allocation__unit", "allocation__family", "member__person")
                .order_by("allocation__unit__name", "allocation__unit_id", "member__role", "member__person__birth_date",
                          "pk"))
    records = {r.stay_id: r for r in PresenceNight.objects.filter(stay__in=[s.pk for s in rows], night=night)}
    sheets: dict[int, UnitSheet] = {}
    for stay in rows:
        unit = stay.allocation.unit
        sheet = sheets.get(unit.pk)
        if sheet is None:
            sheet = sheets[unit.pk] = UnitSheet(unit_id=unit.pk, unit_name=unit.name,
                                                family_id=stay.allocation.family_id,
                                                family_name=stay.allocation.family.name)
        sheet.rows.append(SheetRow(stay=stay, record=records.get(stay.pk)))
    return list(sheets.values())


def units_to_check(*, stays: QuerySet[AllocationMember], centre_ids: list[int], night: datetime.date) -> int:
    """How many units still have a booked member without a record for ``night`` (start screen)."""
    recorded = PresenceNight.objects.filter(night=night).values("stay_id")
    return (stays.filter(allocation__unit__centre_id__in=centre_ids, period__contains=night,
                         allocation__period__contains=night)
            .exclude(pk__in=recorded).values("allocation__unit_id").distinct().count())


@dataclass(frozen=True)
class PersonNight:
    person_id: int
    member_id: int
    stay_id: int
    unit_id: int
    day: datetime.date
    status: str  # NightStatus value or UNCHECKED
    reason: str = ""


def person_nights(*, family: Family, start: datetime.date, end: datetime.date) -> list[PersonNight]:
    """Every booked night in ``[start, end)`` of the family's members, with its presence. Two queries.

    Only booked nights appear (a night outside any stay is not a night in the centre). ``status`` is
    ``present``, ``leave``, ``absent`` or ``unchecked``; the caller decides what an unchecked night counts as.
    """
    window = DateRange(start, end, "[)")
    stays = list(AllocationMember.objects.filter(allocation__family=family, period__overlap=window)
                 .select_related("member", "allocation").order_by("member__person_id", "period"))
    records = {(r.stay_id, r.night): r for r in PresenceNight.objects.filter(
        stay__in=[s.pk for s in stays], night__gte=start, night__lt=end)}
    out = []
    for stay in stays:
        day = max(stay.period.lower, start)
        last = min(stay.period.upper, end)
        while day < last:
            record = records.get((stay.pk, day))
            out.append(PersonNight(person_id=stay.member.person_id, member_id=stay.member_id, stay_id=stay.pk,
                                   unit_id=stay.allocation.unit_id, day=day,
                                   status=record.status if record else UNCHECKED,
                                   reason=record.reason if record else ""))
            day += datetime.timedelta(days=1)
    return out


def nights_present(*, family: Family, start: datetime.date, end: datetime.date) -> dict[int, list[datetime.date]]:
    """Per person id: the nights in ``[start, end)`` recorded as present."""
    out: dict[int, list[datetime.date]] = defaultdict(list)
    for n in person_nights(family=family, start=start, end=end):
        if n.status == NightStatus.PRESENT:
            out[n.person_id].append(n.day)
    return dict(out)


def night_record(*, stay: AllocationMember, night: datetime.date) -> PresenceNight | None:
    return PresenceNight.objects.filter(member_id=stay.member_id, night=night).first()


@dataclass
class GridRow:
    name: str
    cells: list[tuple[datetime.date, str, str]]  # day, status ("" when not booked), reason


def night_grid(*, nights: list[PersonNight], members, start: datetime.date, end: datetime.date) -> dict:
    """Members × nights for a family page; ``nights`` from ``person_nights``."""
    by_key = {(n.member_id, n.day): n for n in nights}
    days = [start + datetime.timedelta(days=i) for i in range((end - start).days)]
    rows = []
    for member in members:
        cells = []
        for day in days:
            n = by_key.get((member.pk, day))
            cells.append((day, n.status if n else "", n.reason if n else ""))
        rows.append(GridRow(name=member.person.full_name, cells=cells))
    return {"days": days, "rows": rows}
