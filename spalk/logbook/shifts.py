"""Shifts of the living group: when each one starts and which shift a moment belongs to.

A night shift belongs to the date it starts on: the night shift of 3 March runs from 3 March 23:00 to
4 March 07:00, so 02:00 on 4 March is still the night of 3 March.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from spalk.logbook.models import Shift

SHIFT_START = {Shift.MORNING: datetime.time(7), Shift.LATE: datetime.time(15), Shift.NIGHT: datetime.time(23)}
SHIFT_LENGTH = datetime.timedelta(hours=8)
ORDER = [Shift.MORNING, Shift.LATE, Shift.NIGHT]


def shift_window(day: datetime.date, shift: str) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(day, SHIFT_START[Shift(shift)]))
    end = timezone.make_aware(datetime.datetime.combine(start.date(), start.time()) + SHIFT_LENGTH)
    return start, end


def shift_at(moment: datetime.datetime) -> tuple[datetime.date, Shift]:
    """The shift a moment falls in."""
    local = timezone.localtime(moment)
    hour = local.time()
    if hour < SHIFT_START[Shift.MORNING]:
        return local.date() - datetime.timedelta(days=1), Shift.NIGHT
    if hour < SHIFT_START[Shift.LATE]:
        return local.date(), Shift.MORNING
    if hour < SHIFT_START[Shift.NIGHT]:
        return local.date(), Shift.LATE
    return local.date(), Shift.NIGHT


def next_shift(day: datetime.date, shift: str) -> tuple[datetime.date, Shift]:
    index = ORDER.index(Shift(shift))
    if index == len(ORDER) - 1:
        return day + datetime.timedelta(days=1), ORDER[0]
    return day, ORDER[index + 1]


def coming_shift(moment: datetime.datetime) -> tuple[datetime.date, Shift]:
    """The shift a handover written at ``moment`` is for: the next one, or the current one during its first
    hour (a handover written at 23:10 is for the night that just began)."""
    day, shift = shift_at(moment)
    start, _end = shift_window(day, shift)
    if moment - start < datetime.timedelta(hours=1):
        return day, shift
    return next_shift(day, shift)
