"""The scaling chart of a Signs of Safety mapping: every participant's 0–10 score over time, as numbers ready
for a server-rendered SVG (no JavaScript) with a data table behind it (safety/_scaling_chart.html).

Each participant has its own line pattern and marker as well as a colour, and its name at the end of its line,
so that nothing is told by colour alone.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

COLOURS = ("#1f5f8b", "#b5471b", "#2e7d32", "#6a3d9a", "#8a6d00", "#00796b")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "4 4", "1 2")
MARKERS = ("circle", "square", "diamond", "triangle", "circle", "square")


@dataclass
class Point:
    x: float
    y: float
    day: datetime.date
    score: int


@dataclass
class Series:
    participant: str
    colour: str
    dash: str
    marker: str
    points: list[Point] = field(default_factory=list)

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def last(self) -> Point:
        return self.points[-1]


@dataclass
class ScalingChart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    series: list[Series]
    ticks: list[tuple[int, float]]
    dates: list[tuple[datetime.date, float]]
    rows: list[tuple[datetime.date, list[int | None]]]  # the data table: one row per date, a column per participant

    @property
    def participants(self) -> list[str]:
        return [s.participant for s in self.series]


def scaling_chart(scores, *, width: int = 640, height: int = 260) -> ScalingChart | None:
    """``scores``: ScalingScore rows (participant, score, scored_on). None when there is nothing to plot."""
    scores = sorted(scores, key=lambda s: (s.scored_on, s.pk or 0))
    if not scores:
        return None
    left, right, top, bottom = 36, width - 130, 12, height - 30
    days = sorted({s.scored_on for s in scores})
    first, last = days[0], days[-1]
    span = max((last - first).days, 1)

    def x_of(day: datetime.date) -> float:
        if first == last:
            return (left + right) / 2
        return left + (right - left) * (day - first).days / span

    def y_of(score: int) -> float:
        return bottom - (bottom - top) * score / 10

    by_participant: dict[str, dict[datetime.date, int]] = defaultdict(dict)
    order: list[str] = []
    for s in scores:
        if s.participant not in by_participant:
            order.append(s.participant)
        by_participant[s.participant][s.scored_on] = s.score  # the last score of a day counts
    series = []
    for i, name in enumerate(order):
        one = Series(participant=name, colour=COLOURS[i % len(COLOURS)], dash=DASHES[i % len(DASHES)],
                     marker=MARKERS[i % len(MARKERS)])
        one.points = [Point(x=x_of(d), y=y_of(v), day=d, score=v) for d, v in sorted(by_participant[name].items())]
        series.append(one)
    step = max(len(days) // 6, 1)
    shown = days[::step] if days[-1] in days[::step] else [*days[::step], days[-1]]
    return ScalingChart(
        width=width, height=height, left=left, right=right, top=top, bottom=bottom, series=series,
        ticks=[(v, y_of(v)) for v in range(0, 11, 2)], dates=[(d, x_of(d)) for d in shown],
        rows=[(d, [by_participant[name].get(d) for name in order]) for d in days])
