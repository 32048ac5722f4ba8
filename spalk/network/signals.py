"""Signals to policy, aggregated anonymously: counts per period, category and eerstelijnszone.

A cell counts the signals *and* the distinct families behind them (a signal without a family counts as one of
its own). A cell with fewer families than ``SPALK_SIGNAL_MIN_CELL`` (default 5) is suppressed: shown as
"fewer than N", never with its number, and left out of the export's figures. No totals are given, so that a
suppressed cell cannot be worked out by subtraction. Descriptions and families never leave the centre.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings

from spalk.network.models import PolicySignal, SignalCategory
from spalk.network.services import period_start

PERIODS = ("month", "quarter", "year")


def min_cell() -> int:
    return max(int(getattr(settings, "SPALK_SIGNAL_MIN_CELL", 5)), 1)


@dataclass(frozen=True)
class AggregateCell:
    period: datetime.date
    category: str
    zone: str
    count: int | None  # None when suppressed
    suppressed: bool

    @property
    def category_label(self) -> str:
        return str(SignalCategory(self.category).label)


def aggregate(*, centre_ids: list[int], period: str = "quarter", since: datetime.date | None = None,
              until: datetime.date | None = None) -> list[AggregateCell]:
    qs = PolicySignal.objects.filter(centre_id__in=centre_ids)
    if since:
        qs = qs.filter(noted_on__gte=since)
    if until:
        qs = qs.filter(noted_on__lte=until)
    signals: dict[tuple, int] = defaultdict(int)
    units: dict[tuple, set] = defaultdict(set)
    for pk, noted_on, category, zone, family_id in qs.values_list("pk", "noted_on", "category",
                                                                  "primary_care_zone", "family_id"):
        key = (period_start(noted_on, period), category, zone.strip() or "—")
        signals[key] += 1
        units[key].add(("f", family_id) if family_id else ("s", pk))
    threshold = min_cell()
    cells = []
    for key in sorted(signals, key=lambda k: (k[0], k[2], k[1])):
        hidden = len(units[key]) < threshold
        cells.append(AggregateCell(period=key[0], category=key[1], zone=key[2],
                                   count=None if hidden else signals[key], suppressed=hidden))
    return cells


def period_label(day: datetime.date, period: str) -> str:
    if period == "quarter":
        return f"{day.year} K{(day.month - 1) // 3 + 1}"
    if period == "year":
        return str(day.year)
    return f"{day:%m/%Y}"
