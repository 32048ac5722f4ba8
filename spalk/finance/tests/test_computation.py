"""Hand-computed cases of the contribution (issue 14): each expected amount is worked out in the comment.

Rates: the real amounts of the data migration (from 1 May 2024: cohabiting 858,97 / single 1.288,46 / family
1.741,29; from 1 February 2025: 876,13 / 1.314,20 / 1.776,07), 25 %.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest

from spalk.finance.computation import (
    ChargeDay,
    ComputationError,
    Percentage,
    Rate,
    compute,
    euro,
    explain,
    quote_days,
    round_half_up,
    total,
)

D = datetime.date
RATES = [
    Rate("cohabiting", Decimal("858.97"), D(2024, 5, 1), D(2025, 1, 31)),
    Rate("single", Decimal("1288.46"), D(2024, 5, 1), D(2025, 1, 31)),
    Rate("family", Decimal("1741.29"), D(2024, 5, 1), D(2025, 1, 31)),
    Rate("cohabiting", Decimal("876.13"), D(2025, 2, 1)),
    Rate("single", Decimal("1314.20"), D(2025, 2, 1)),
    Rate("family", Decimal("1776.07"), D(2025, 2, 1)),
]
PCT = [Percentage(Decimal("25.00"), D(2024, 5, 1))]


def quote(category, start, end, rates=RATES, pcts=PCT):
    return compute(quote_days(category=category, start=start, end=end), rates=rates, percentages=pcts)


def amounts(months):
    return [(m.label, m.days, m.amount) for m in months]


def days(start, end, category, reduction="0"):
    return [ChargeDay(day=start + datetime.timedelta(days=i), category=category, reduction=Decimal(reduction))
            for i in range((end - start).days + 1)]


def test_full_month_of_31_days():
    # 1.314,20 × 25 % = 328,55 exactly; 31 × (328,55 / 31) = 328,55
    assert amounts(quote("single", D(2025, 3, 1), D(2025, 3, 31))) == [("2025-03", 31, Decimal("328.55"))]


def test_full_month_rounds_half_up_once_at_the_end():
    # 1.288,46 × 25 % = 322,115 exactly → 322,12 (half up); a binary or 28-digit sum of 31 shares would give 322,11
    assert amounts(quote("single", D(2025, 1, 1), D(2025, 1, 31))) == [("2025-01", 31, Decimal("322.12"))]


def test_partial_month():
    # 10 days in March 2025: 10 × 328,55 / 31 = 105,9838… → 105,98
    assert amounts(quote("single", D(2025, 3, 10), D(2025, 3, 19))) == [("2025-03", 10, Decimal("105.98"))]


def test_month_of_28_days():
    # February 2025, family: 1.776,07 × 25 % = 444,0175 → 444,02; 14 days cohabiting: 14 × 219,0325 / 28 = 109,51625
    # → 109,52
    assert amounts(quote("family", D(2025, 2, 1), D(2025, 2, 28))) == [("2025-02", 28, Decimal("444.02"))]
    assert amounts(quote("cohabiting", D(2025, 2, 1), D(2025, 2, 14))) == [("2025-02", 14, Decimal("109.52"))]


def test_month_of_29_days():
    # February 2028 (leap year), single: one day = 328,55 / 29 = 11,3293… → 11,33; ten days = 113,2931… → 113,29;
    # the whole month 328,55
    assert amounts(quote("single", D(2028, 2, 29), D(2028, 2, 29))) == [("2028-02", 1, Decimal("11.33"))]
    assert amounts(quote("single", D(2028, 2, 1), D(2028, 2, 10))) == [("2028-02", 10, Decimal("113.29"))]
    assert amounts(quote("single", D(2028, 2, 1), D(2028, 2, 29))) == [("2028-02", 29, Decimal("328.55"))]


def test_month_of_30_days():
    # April 2025, cohabiting: 876,13 × 25 % = 219,0325; 15 days = 109,51625 → 109,52; 1 day = 7,3010… → 7,30
    assert amounts(quote("cohabiting", D(2025, 4, 1), D(2025, 4, 15))) == [("2025-04", 15, Decimal("109.52"))]
    assert amounts(quote("cohabiting", D(2025, 4, 30), D(2025, 4, 30))) == [("2025-04", 1, Decimal("7.30"))]


def test_a_stay_over_two_months_and_an_indexation():
    # 25/01–05/02/2025 single: January 7 × 322,115 / 31 = 72,7356… → 72,74 (old rate);
    # February 5 × 328,55 / 28 = 58,6696… → 58,67 (new rate); total 131,41
    months = quote("single", D(2025, 1, 25), D(2025, 2, 5))
    assert amounts(months) == [("2025-01", 7, Decimal("72.74")), ("2025-02", 5, Decimal("58.67"))]
    assert total(months) == Decimal("131.41")


def test_rate_change_in_the_middle_of_a_month():
    # June 2025 (30 days), single 1.000,00 until 15/06 and 1.100,00 from 16/06, 25 %:
    # 15 × 250 / 30 = 125 and 15 × 275 / 30 = 137,50 → 262,50
    rates = [Rate("single", Decimal("1000.00"), D(2025, 1, 1), D(2025, 6, 15)),
             Rate("single", Decimal("1100.00"), D(2025, 6, 16))]
    months = quote("single", D(2025, 6, 1), D(2025, 6, 30), rates=rates)
    assert amounts(months) == [("2025-06", 30, Decimal("262.50"))]
    assert [(s.days, s.monthly_amount) for s in months[0].segments] == [(15, Decimal("1000.00")),
                                                                        (15, Decimal("1100.00"))]


def test_percentage_change_in_the_middle_of_a_month():
    # June 2025 single 1.314,20: 25 % until 20/06, 20 % from 21/06:
    # 20 × 328,55 / 30 = 219,0333… and 10 × 262,84 / 30 = 87,6133… → 306,6466… → 306,65
    pcts = [Percentage(Decimal("25"), D(2025, 1, 1), D(2025, 6, 20)), Percentage(Decimal("20"), D(2025, 6, 21))]
    assert amounts(quote("single", D(2025, 6, 1), D(2025, 6, 30), pcts=pcts)) == [("2025-06", 30, Decimal("306.65"))]


def test_category_change_within_a_month():
    # June 2025: 1–10 cohabiting (219,0325 a month), 11–30 single (328,55 a month):
    # (10 × 219,0325 + 20 × 328,55) / 30 = 8.761,325 / 30 = 292,0441… → 292,04
    charge = days(D(2025, 6, 1), D(2025, 6, 10), "cohabiting") + days(D(2025, 6, 11), D(2025, 6, 30), "single")
    assert amounts(compute(charge, rates=RATES, percentages=PCT)) == [("2025-06", 30, Decimal("292.04"))]


def test_waiver_and_reduction():
    # June 2025 single: waived 1–10 → 20 × 328,55 / 30 = 219,0333… → 219,03; half the month at 50 %:
    # 15 × 328,55 / 30 × 0,5 + 15 × 328,55 / 30 = 82,1375 + 164,275 = 246,4125 → 246,41
    waived = days(D(2025, 6, 1), D(2025, 6, 10), "single", "100") + days(D(2025, 6, 11), D(2025, 6, 30), "single")
    assert amounts(compute(waived, rates=RATES, percentages=PCT)) == [("2025-06", 30, Decimal("219.03"))]
    halved = days(D(2025, 6, 1), D(2025, 6, 15), "single", "50") + days(D(2025, 6, 16), D(2025, 6, 30), "single")
    assert amounts(compute(halved, rates=RATES, percentages=PCT)) == [("2025-06", 30, Decimal("246.41"))]
    fully = days(D(2025, 6, 1), D(2025, 6, 30), "single", "100")
    assert amounts(compute(fully, rates=RATES, percentages=PCT)) == [("2025-06", 30, Decimal("0.00"))]


def test_rounding_half_up():
    assert round_half_up(Fraction("322.115")) == Decimal("322.12")
    assert round_half_up(Fraction("322.1149999")) == Decimal("322.11")
    assert round_half_up(Fraction("0.005")) == Decimal("0.01")
    assert round_half_up(Fraction("-0.005")) == Decimal("-0.01")
    assert round_half_up(Fraction(0)) == Decimal("0.00")


def test_a_day_without_rate_or_percentage_is_refused_in_dutch_friendly_words():
    with pytest.raises(ComputationError) as exc:
        quote("single", D(2024, 4, 28), D(2024, 5, 2))
    assert exc.value.code == "no_rate" and "28/04/2024" in exc.value.message
    with pytest.raises(ComputationError) as exc:
        quote("single", D(2025, 3, 1), D(2025, 3, 2), pcts=[])
    assert exc.value.code == "no_percentage"


def test_explanation_and_money_format():
    text = explain(quote("single", D(2025, 3, 10), D(2025, 3, 19)))
    assert len(text) == 1 and "€ 1.314,20" in text[0] and "€ 105,98" in text[0] and "25 %" in text[0]
    assert euro(Decimal("1234.5")) == "€ 1.234,50"
    assert euro(Decimal("-0.5")) == "-€ 0,50"
    assert euro(Decimal("1234567.891")) == "€ 1.234.567,89"
