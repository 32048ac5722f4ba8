"""Input and output of /api/v1 health (the growth contract of issue 13: keep it stable)."""

from __future__ import annotations

import datetime

from ninja import Schema
from pydantic import Field


class GrowthMeasurementIn(Schema):
    date: datetime.date
    weight_kg: float | None = None
    length_cm: float | None = Field(None, description="Recumbent length before day 731, standing height from day "
                                                      "731 (WHO).")
    head_circumference_cm: float | None = None


class GrowthMeasurementOut(Schema):
    id: int
    person_id: int
    date: datetime.date
    weight_kg: float | None
    length_cm: float | None
    head_circumference_cm: float | None
    age_days: int
    weight_for_age_z: float | None
    length_for_age_z: float | None
    head_circumference_for_age_z: float | None
    weight_for_length_z: float | None
    bmi_for_age_z: float | None


class VaccinationStatusOut(Schema):
    vaccine: str
    dose_number: int
    due_on: datetime.date
    status: str
    given_on: datetime.date | None


class HealthSummaryOut(Schema):
    person_id: int
    full: bool
    expected_birth_date: datetime.date | None
    allergies: list[str]
    medications: list[str]
    vaccinations: list[VaccinationStatusOut]
