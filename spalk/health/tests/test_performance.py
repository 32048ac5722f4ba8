"""Issue 13, performance: a child's growth page with 60 measurements and its charts, the health page and the summary
PDF answer in a fixed number of queries whatever the number of measurements (z-scores are stored at saving, never
recomputed on a read), and the expensive Python is done once (the WHO centile curves are cached per chart range).

Timings are printed with ``-s`` (``SPALK_HEALTH_TIMINGS=1``); they are not asserted (a shared machine), the bench
(`make bench`) measures them at scale."""

from __future__ import annotations

import datetime
import os
import time
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from spalk.health import growth
from spalk.health.models import GrowthMeasurement

pytestmark = pytest.mark.django_db


def _measurements(family, child, user, count: int, start: int = 0) -> None:
    """``count`` measurements of the child, every 3 days from day ``start``, with their z-scores as saved."""
    rows = []
    for i in range(start, start + count):
        day = 1 + 3 * i
        weight, length, head = Decimal("3.3") + Decimal(day) * Decimal("0.02"), Decimal(50) + Decimal(day) / 10, \
            Decimal(34) + Decimal(day) / 40
        on = child.birth_date + datetime.timedelta(days=day)
        scores = growth.z_scores(sex=child.sex, birth_date=child.birth_date, measured_on=on, weight_kg=weight,
                                 length_cm=length, head_circumference_cm=head)
        rows.append(GrowthMeasurement(
            family=family, person=child, recorded_by=user, measured_on=on, weight_kg=weight,
            length_cm=length.quantize(Decimal("0.1")), head_circumference_cm=head.quantize(Decimal("0.1")),
            age_days=scores.age_days, weight_for_age_z=scores.weight_for_age_z,
            length_for_age_z=scores.length_for_age_z, head_circumference_for_age_z=scores.head_circumference_for_age_z,
            weight_for_length_z=scores.weight_for_length_z, bmi_for_age_z=scores.bmi_for_age_z))
    GrowthMeasurement.objects.bulk_create(rows)


def _timed(client, url: str, runs: int = 5) -> tuple[float, int, int]:
    client.get(url)  # warm: templates, curves, translations
    best = float("inf")
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            best = min(best, time.perf_counter() - started)
    assert response.status_code == 200, url
    return best * 1000, len(queries.captured_queries), len(response.content)


@pytest.mark.parametrize("page", ["growth/", "", "summary.pdf"])
def test_the_growth_page_the_health_page_and_the_summary_do_not_grow_with_the_measurements(
        mfa_client, health_coordinator, family, child, page):
    # the fixture's child is 200 days old: 60 measurements every 3 days fit in its life
    client = mfa_client(health_coordinator)
    url = f"/health/persons/{child.pk}/{page}"
    _measurements(family, child, health_coordinator, 5)
    _ms, few, _size = _timed(client, url, runs=1)
    _measurements(family, child, health_coordinator, 55, start=5)
    ms, many, size = _timed(client, url)
    assert many == few, (url, few, many)
    if os.environ.get("SPALK_HEALTH_TIMINGS"):
        print(f"\n{url} with 60 measurements: {ms:.1f} ms (best of 5), {many} queries, {size} bytes")


def test_the_centile_curves_are_computed_once_per_range(monkeypatch):
    calls = []
    real = growth.value_at
    monkeypatch.setattr(growth, "value_at", lambda *a: calls.append(a) or real(*a))
    growth.cached_curve.cache_clear()
    first = growth.cached_curve("wfa", "f", 0, 400, 3)
    counted = len(calls)
    assert growth.cached_curve("wfa", "f", 0, 400, 3) == first
    assert counted > 0 and len(calls) == counted  # the second chart of the same range costs nothing
