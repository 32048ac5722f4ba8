"""Issue 10, defect 5: the occupancy headline and its percentage follow one counting rule, percentages round
half up, the chart's capacity line has no gaps and the date column does not wrap."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.urls import reverse

from spalk.stays.occupancy import DayOccupancy, PeriodOccupancy, chart_svg_data, percent

DAY = datetime.date(2026, 3, 1)


def test_percentages_round_half_up():
    assert percent(5, 16) == 31.3  # 31.25: Python's round() would give 31.2
    assert percent(1, 8) == 12.5
    assert percent(1, 3) == 33.3
    assert percent(3, 0) == 0.0


def test_the_percentage_counts_persons_as_the_headline_does():
    # 3 persons and 2 unborn children counted (a pregnant woman counts for two): "5 persons in residence"
    day = DayOccupancy(day=DAY, persons=5, unborn=2, beds_in_service=20)
    assert day.rate == 25.0  # 5 of 20, not 3 of 20 (15 %) next to a headline of 5
    month = PeriodOccupancy(start=DAY, end=DAY + datetime.timedelta(days=2),
                            days=[day, DayOccupancy(day=DAY, persons=5, unborn=0, beds_in_service=16)])
    assert month.rate == percent(10, 36)


def test_the_capacity_line_of_the_chart_has_no_gaps():
    days = [DayOccupancy(day=DAY + datetime.timedelta(days=i), persons=i, beds_in_service=20 if i < 5 else 18)
            for i in range(10)]
    chart = chart_svg_data(PeriodOccupancy(start=DAY, end=DAY + datetime.timedelta(days=10), days=days))
    points = [tuple(map(float, p.split(","))) for p in chart["cap_points"].split()]
    assert len(points) == 2 * len(days)
    for i in range(1, len(days)):
        assert points[2 * i - 1][0] == points[2 * i][0]  # each night's segment starts where the previous ended


def test_the_date_column_of_the_monthly_table_does_not_wrap(mfa_client, director, centre):
    body = mfa_client(director).get(reverse("stays:occupancy") + f"?centre={centre.pk}").content.decode()
    assert '<th scope="row" class="date">' in body
    css = (Path(__file__).resolve().parents[2] / "static" / "spalk" / "app.css").read_text()
    assert "td.date, th.date { white-space: nowrap; }" in css
    assert "<polyline class=\"cap\"" in body
