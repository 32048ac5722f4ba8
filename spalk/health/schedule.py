"""The Flemish basic vaccination schedule (Kind en Gezin's basisvaccinatieschema, 0–6 years) as dated data.

Each dose says which vaccine, which dose, at what age it is due, and where that was verified (docs/health.md
lists the sources and what could not be verified). A schedule carries the date from which it applies, so a
later schedule is added beside it rather than written over it; the one in force on a child's birth date is used.

Due, given, overdue: a dose is *planned* before its due date, *due* from its due date, *overdue* from
``OVERDUE_AFTER_DAYS`` after it (a spalk working rule, not one of Kind en Gezin), and *given* once recorded.
Rotavirus depends on the brand: Rotarix 2 doses (8 and 12 weeks), RotaTeq 3 doses (8, 12 and 16 weeks); until a
brand is recorded the first two doses are listed and the third only for RotaTeq.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

OVERDUE_AFTER_DAYS = 28

SOURCES = {
    "kg": "Kind en Gezin, 'Het basisvaccinatieschema' (kindengezin.be, thema gezondheid en vaccinatie)",
    "hgr-menacwy": "Kind en Gezin, 'Basisvaccinatieschema': MenACWY op 15 maanden (advies Hoge Gezondheidsraad 2019); "
                   "De Standaard 26/06/2023: MenACWY in het basisschema",
    "schema-table": "Basisvaccinatieschema Vlaanderen, tabel per leeftijd (8, 12, 16 weken; 12, 15 maanden; 6 jaar), "
                    "zoals gepubliceerd door Vlaamse artsenpraktijken",
}

VACCINES = {
    "hexa": _("Hexavalent (polio, diphtheria, tetanus, pertussis, Hib, hepatitis B)"),
    "pcv": _("Pneumococcal"),
    "mmr": _("Measles, mumps, rubella (MMR)"),
    "menacwy": _("Meningococcal ACWY"),
    "rota": _("Rotavirus (oral)"),
    "tetra": _("Polio, diphtheria, tetanus, pertussis (booster)"),
}


@dataclass(frozen=True)
class Dose:
    vaccine: str
    number: int
    weeks: int = 0
    months: int = 0
    years: int = 0
    brand_only: str = ""  # "rotateq": only for that brand
    source: str = "schema-table"

    @property
    def key(self) -> str:
        return f"{self.vaccine}-{self.number}"

    def due_on(self, birth_date: datetime.date) -> datetime.date:
        if self.weeks:
            return birth_date + datetime.timedelta(weeks=self.weeks)
        return _add_months(birth_date, self.months + 12 * self.years)

    @property
    def age_label(self) -> str:
        if self.weeks:
            return str(_("%(n)s weeks") % {"n": self.weeks})
        if self.years:
            return str(_("%(n)s years") % {"n": self.years})
        return str(_("%(n)s months") % {"n": self.months})


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = [31, 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30, 31,
            30, 31][month - 1]
    return datetime.date(year, month, min(day.day, last))


@dataclass(frozen=True)
class Schedule:
    valid_from: datetime.date
    doses: tuple[Dose, ...]


SCHEDULES = (
    Schedule(valid_from=datetime.date(2023, 7, 1), doses=(
        Dose("hexa", 1, weeks=8), Dose("pcv", 1, weeks=8), Dose("rota", 1, weeks=8),
        Dose("hexa", 2, weeks=12), Dose("rota", 2, weeks=12),
        Dose("hexa", 3, weeks=16), Dose("pcv", 2, weeks=16), Dose("rota", 3, weeks=16, brand_only="rotateq"),
        Dose("mmr", 1, months=12), Dose("pcv", 3, months=12),
        Dose("hexa", 4, months=15), Dose("menacwy", 1, months=15, source="hgr-menacwy"),
        Dose("tetra", 1, years=6),
    )),
)


def schedule_for(birth_date: datetime.date) -> Schedule:
    """The schedule in force on the birth date (the oldest one for children born before every schedule)."""
    current = SCHEDULES[0]
    for schedule in SCHEDULES:
        if schedule.valid_from <= birth_date:
            current = schedule
    return current


def dose_by_key(key: str, birth_date: datetime.date) -> Dose | None:
    return next((d for d in schedule_for(birth_date).doses if d.key == key), None)


@dataclass(frozen=True)
class DoseStatus:
    dose: Dose
    due_on: datetime.date
    status: str  # planned | due | overdue | given
    given: object | None = None

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def vaccine_label(self) -> str:
        return str(VACCINES.get(self.dose.vaccine, self.dose.vaccine))


STATUS_LABELS = {"planned": _("planned"), "due": _("due"), "overdue": _("overdue"), "given": _("given")}


def dose_statuses(*, birth_date: datetime.date, given: list, today: datetime.date,
                  rota_brand: str = "") -> list[DoseStatus]:
    """Every dose of the schedule with its status; ``given`` holds the recorded doses (``vaccine``, ``dose_number``
    attributes). RotaTeq's third dose only when that brand was recorded."""
    recorded = {(g.vaccine, g.dose_number): g for g in given}
    out = []
    for dose in schedule_for(birth_date).doses:
        if dose.brand_only and dose.brand_only != rota_brand and (dose.vaccine, dose.number) not in recorded:
            continue
        due = dose.due_on(birth_date)
        done = recorded.get((dose.vaccine, dose.number))
        if done is not None:
            status = "given"
        elif today < due:
            status = "planned"
        elif (today - due).days > OVERDUE_AFTER_DAYS:
            status = "overdue"
        else:
            status = "due"
        out.append(DoseStatus(dose=dose, due_on=due, status=status, given=done))
    return out
