"""Test modules that compute ``TODAY`` when they are imported keep that day for every test they run.

A run that crosses midnight used to fail: ``TODAY`` (imported at 23:59) and the code's own
``timezone.localdate()`` (00:01) disagreed. ``keep_day(TODAY)`` returns an autouse fixture that does nothing on
the same day and, once the day has changed, holds the clock at the last minute of the imported day
(time-machine, ticking), so module constants and the code under test agree::

    TODAY = timezone.localdate()
    _same_day = keep_day(TODAY)
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator

import pytest
import time_machine
from django.utils import timezone


def keep_day(day: datetime.date) -> Callable[[], Iterator[None]]:
    @pytest.fixture(autouse=True)
    def _same_day() -> Iterator[None]:
        if timezone.localdate() == day:
            yield
            return
        late = datetime.datetime.combine(day, datetime.time(23, 59), tzinfo=timezone.get_current_timezone())
        with time_machine.travel(late, tick=True):
            yield

    return _same_day
