"""Gestational age arithmetic: a pregnancy lasts 280 days (40 weeks + 0 days) from the first day of the last
menstrual period; the expected date of delivery (EDD) is day 280. At a date ``d`` the gestational age is
``280 - (EDD - d)`` days, written as weeks + days (``37+2``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

TERM_DAYS = 280
PRETERM_BEFORE_DAYS = 37 * 7  # born before 37+0 is preterm


@dataclass(frozen=True)
class GestationalAge:
    days: int

    @property
    def weeks(self) -> int:
        return self.days // 7

    @property
    def extra_days(self) -> int:
        return self.days % 7

    def __str__(self) -> str:
        return f"{self.weeks}+{self.extra_days}"


def gestational_age(*, expected_date: datetime.date, on: datetime.date) -> GestationalAge:
    """Weeks + days of gestation on ``on`` for a pregnancy due on ``expected_date`` (may be negative before
    conception or beyond 40 weeks after the due date)."""
    return GestationalAge(days=TERM_DAYS - (expected_date - on).days)


def expected_from_last_period(last_period: datetime.date) -> datetime.date:
    """Naegele's rule in days: the first day of the last period + 280 days."""
    return last_period + datetime.timedelta(days=TERM_DAYS)


def from_weeks_days(weeks: int, days: int) -> GestationalAge:
    return GestationalAge(days=weeks * 7 + days)


def is_preterm(gestational_age_days: int | None) -> bool:
    return gestational_age_days is not None and gestational_age_days < PRETERM_BEFORE_DAYS


def corrected_age_days(*, age_days: int, gestational_age_days: int | None) -> int:
    """Age corrected for prematurity: chronological age minus the weeks born too early (280 - GA at birth).
    Used until the chronological age of two years for a child born before 37 weeks; otherwise the age itself."""
    if not is_preterm(gestational_age_days) or age_days >= 730:
        return age_days
    return age_days - (TERM_DAYS - (gestational_age_days or TERM_DAYS))
