"""Gestational-age arithmetic and the vaccination schedule's due dates."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest

from spalk.health import gestation, schedule

EDD = datetime.date(2026, 6, 30)


@pytest.mark.parametrize(("on", "text", "days"), [
    (EDD, "40+0", 280),
    (EDD - datetime.timedelta(days=1), "39+6", 279),
    (EDD - datetime.timedelta(days=280), "0+0", 0),
    (EDD - datetime.timedelta(days=280 - 12 * 7 - 3), "12+3", 87),
    (EDD + datetime.timedelta(days=10), "41+3", 290),
])
def test_gestational_age_in_weeks_and_days(on, text, days):
    age = gestation.gestational_age(expected_date=EDD, on=on)
    assert str(age) == text and age.days == days
    assert age.weeks * 7 + age.extra_days == days


def test_expected_date_from_the_last_period_is_280_days():
    assert gestation.expected_from_last_period(datetime.date(2025, 9, 23)) == EDD


def test_corrected_age_for_a_preterm_child_until_two_years():
    born_at = gestation.from_weeks_days(32, 0).days  # 8 weeks early
    assert gestation.is_preterm(born_at) and not gestation.is_preterm(37 * 7)
    assert gestation.corrected_age_days(age_days=100, gestational_age_days=born_at) == 44
    assert gestation.corrected_age_days(age_days=730, gestational_age_days=born_at) == 730
    assert gestation.corrected_age_days(age_days=100, gestational_age_days=39 * 7) == 100


BIRTH = datetime.date(2026, 1, 31)


def statuses(today, given=(), brand=""):
    return {s.dose.key: s for s in schedule.dose_statuses(birth_date=BIRTH, given=list(given), today=today,
                                                          rota_brand=brand)}


def test_due_dates_follow_the_basic_schedule():
    got = statuses(BIRTH)
    assert got["hexa-1"].due_on == BIRTH + datetime.timedelta(weeks=8)
    assert got["hexa-2"].due_on == BIRTH + datetime.timedelta(weeks=12)
    assert got["hexa-3"].due_on == BIRTH + datetime.timedelta(weeks=16)
    assert got["pcv-1"].due_on == BIRTH + datetime.timedelta(weeks=8)
    assert got["pcv-2"].due_on == BIRTH + datetime.timedelta(weeks=16)
    assert got["pcv-3"].due_on == datetime.date(2027, 1, 31)  # 12 months
    assert got["mmr-1"].due_on == datetime.date(2027, 1, 31)
    assert got["hexa-4"].due_on == datetime.date(2027, 4, 30)  # 15 months from 31/01: the last day of April
    assert got["menacwy-1"].due_on == datetime.date(2027, 4, 30)
    assert got["tetra-1"].due_on == datetime.date(2032, 1, 31)
    assert "rota-3" not in got  # only for RotaTeq
    assert "rota-3" in statuses(BIRTH, brand="rotateq")


def test_planned_due_overdue_given():
    first = BIRTH + datetime.timedelta(weeks=8)
    assert statuses(first - datetime.timedelta(days=1))["hexa-1"].status == "planned"
    assert statuses(first)["hexa-1"].status == "due"
    assert statuses(first + datetime.timedelta(days=schedule.OVERDUE_AFTER_DAYS))["hexa-1"].status == "due"
    assert statuses(first + datetime.timedelta(days=schedule.OVERDUE_AFTER_DAYS + 1))["hexa-1"].status == "overdue"
    given = SimpleNamespace(vaccine="hexa", dose_number=1, given_on=first)
    assert statuses(first + datetime.timedelta(days=60), [given])["hexa-1"].status == "given"


def test_every_dose_names_a_source():
    for dose in schedule.SCHEDULES[-1].doses:
        assert dose.source in schedule.SOURCES
