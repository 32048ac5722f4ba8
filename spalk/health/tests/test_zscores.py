"""Z-scores against values computed here, independently, from the WHO rows the package ships.

The expected value reads the raw L, M, S row of the WHO table (pygrowup's data files, not its code) and applies the
WHO formulas itself (WHO Child Growth Standards, Methods and development, chapter 7):
  z = ((y / M)^L - 1) / (L S);
  for weight-based indicators beyond ±3: z* = ±3 + (y - SD3) / (SD3 - SD2) with SDk = M (1 + L S k)^(1/L)
  (the "restricted" LMS).
"""

from __future__ import annotations

import datetime
import math
from decimal import Decimal
from importlib import import_module

import pytest

from spalk.health import growth

BIRTH = datetime.date(2024, 1, 1)


def raw(table: str, sex: str, t) -> tuple[float, float, float]:
    row = import_module(f"pygrowup.tables.by_day.{table}").DATA[{"f": "female", "m": "male"}[sex]][t]
    return float(row["l"]), float(row["m"]), float(row["s"])


def who_z(y: float, l: float, m: float, s: float, *, weight_based: bool) -> float:  # noqa: E741
    z = ((y / m) ** l - 1) / (l * s)
    if weight_based and abs(z) > 3:
        def sd(k):
            return m * (1 + l * s * k) ** (1 / l)
        z = 3 + (y - sd(3)) / (sd(3) - sd(2)) if z > 0 else -3 + (y - sd(-3)) / (sd(-2) - sd(-3))
    return z


def close(actual: Decimal | None, expected: float) -> bool:
    return actual is not None and abs(float(actual) - expected) <= 0.0051 + 1e-9


def scores(sex, age, weight=None, length=None, head=None):
    return growth.z_scores(sex=sex, birth_date=BIRTH, measured_on=BIRTH + datetime.timedelta(days=age),
                           weight_kg=Decimal(str(weight)) if weight else None,
                           length_cm=Decimal(str(length)) if length else None,
                           head_circumference_cm=Decimal(str(head)) if head else None)


@pytest.mark.parametrize("sex", ["f", "m"])
@pytest.mark.parametrize(("age", "weight", "length", "head"), [
    (0, 3.3, 49.5, 34.2),        # the first day of the range
    (45, 4.6, 55.0, 37.8),
    (180, 7.4, 66.3, 42.7),
    (365, 9.1, 74.8, 45.5),
    (730, 11.9, 86.9, 48.0),     # the last day of recumbent length
    (731, 11.9, 86.9, 48.0),     # the first day of standing height: the tables switch
    (1200, 14.2, 96.4, 49.4),
    (1856, 18.3, 109.6, 50.9),   # the last day of the standards
])
def test_z_scores_match_the_who_rows(sex, age, weight, length, head):
    got = scores(sex, age, weight, length, head)
    assert got.age_days == age
    assert close(got.weight_for_age_z, who_z(weight, *raw("wfa", sex, age), weight_based=True))
    assert close(got.length_for_age_z, who_z(length, *raw("lfa", sex, age), weight_based=False))
    assert close(got.head_circumference_for_age_z, who_z(head, *raw("hcfa", sex, age), weight_based=False))
    table = "wfh" if age >= 731 else "wfl"
    assert close(got.weight_for_length_z, who_z(weight, *raw(table, sex, Decimal(str(length))), weight_based=True))
    bmi = weight / (length / 100) ** 2
    assert close(got.bmi_for_age_z, who_z(bmi, *raw("bmifa", sex, age), weight_based=True))


def test_day_730_and_731_use_different_rows_for_the_same_length():
    """87.0 cm lying at day 730 and standing at day 731 are not the same z-score (the WHO switch)."""
    at_730 = scores("m", 730, length=87.0)
    at_731 = scores("m", 731, length=87.0)
    assert close(at_730.length_for_age_z, who_z(87.0, *raw("lfa", "m", 730), weight_based=False))
    assert close(at_731.length_for_age_z, who_z(87.0, *raw("lfa", "m", 731), weight_based=False))
    assert at_731.length_for_age_z > at_730.length_for_age_z  # the height median is lower than the length median


def test_no_07_cm_adjustment_is_applied():
    """The measurement is recumbent before 731 and standing from 731 by definition: no ±0.7 cm correction."""
    expected = who_z(86.0, *raw("lfa", "f", 730), weight_based=False)
    assert close(scores("f", 730, length=86.0).length_for_age_z, expected)


@pytest.mark.parametrize(("sex", "age", "weight"), [("f", 100, 2.2), ("m", 400, 17.5), ("f", 1500, 30.0),
                                                     ("m", 30, 1.6)])
def test_weight_beyond_three_sd_uses_the_restricted_lms(sex, age, weight):
    l, m, s = raw("wfa", sex, age)  # noqa: E741
    plain = ((weight / m) ** l - 1) / (l * s)
    assert abs(plain) > 3
    restricted = who_z(weight, l, m, s, weight_based=True)
    got = scores(sex, age, weight=weight).weight_for_age_z
    assert close(got, restricted)
    assert not math.isclose(restricted, plain, abs_tol=0.02)


def test_length_beyond_three_sd_keeps_the_plain_formula():
    l, m, s = raw("lfa", "m", 365)  # noqa: E741
    got = scores("m", 365, length=62.0).length_for_age_z
    assert got is not None and got < -3
    assert close(got, ((62.0 / m) ** l - 1) / (l * s))


@pytest.mark.parametrize("sex", ["x", "u", ""])
def test_no_z_scores_without_female_or_male(sex):
    got = scores(sex, 100, 6.0, 60.0, 40.0)
    assert got.age_days == 100
    assert (got.weight_for_age_z, got.length_for_age_z, got.head_circumference_for_age_z, got.weight_for_length_z,
            got.bmi_for_age_z) == (None, None, None, None, None)


def test_outside_the_standards_range_gives_none():
    after = scores("f", 1857, 18.0, 110.0, 51.0)
    assert after.weight_for_age_z is None and after.length_for_age_z is None and after.bmi_for_age_z is None
    # weight-for-length only between 45 and 110 cm (lying), 65 and 120 cm (standing)
    assert scores("f", 10, 2.0, 44.0).weight_for_length_z is None
    assert scores("f", 800, 8.0, 64.0).weight_for_length_z is None
    assert scores("f", 800, 8.0, 65.0).weight_for_length_z is not None


def test_rounded_to_two_decimals():
    got = scores("m", 123, 6.789, 61.3, 40.1)
    for value in (got.weight_for_age_z, got.length_for_age_z, got.head_circumference_for_age_z,
                  got.weight_for_length_z, got.bmi_for_age_z):
        assert value is not None and value == value.quantize(Decimal("0.01"))


def test_centile_curves_come_from_the_same_rows():
    curves = growth.curve("wfa", "f", [0, 365])
    l, m, s = raw("wfa", "f", 365)  # noqa: E741
    assert math.isclose(curves["P50"][1][1], m)
    assert math.isclose(curves["P97"][1][1], m * (1 + l * s * 1.880794) ** (1 / l))
    assert math.isclose(growth.centile(0), 50)
