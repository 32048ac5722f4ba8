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


# --- the other health records (issue 13: "API resources for the records above through policy and audit") -------

class ErrorMarkOut(Schema):
    at: datetime.datetime
    reason: str


class RecordOut(Schema):
    """What every health record carries besides its own fields."""

    id: int
    person_id: int
    version: int
    shared_with_team: bool
    withheld_from_family: bool
    entered_in_error: ErrorMarkOut | None


class ConsultationOut(RecordOut):
    kind: str
    pregnancy_id: int | None
    held_on: datetime.date
    with_whom: str
    notes: str
    next_on: datetime.date | None


class ConsultationIn(Schema):
    held_on: datetime.date
    pregnancy_id: int | None = Field(None, description="Given: a prenatal consultation of this pregnancy; "
                                                       "empty: a Kind en Gezin consultation.")
    with_whom: str = Field("", max_length=200)
    notes: str = Field("", max_length=10000)
    next_on: datetime.date | None = None
    shared_with_team: bool = False


class PregnancyOut(RecordOut):
    unborn_person_id: int | None
    expected_date: datetime.date
    last_period_date: datetime.date | None
    gestational_age_today: str = Field(description="weeks+days today, e.g. 32+4")
    risks: str
    birth_plan: str
    hospital: str
    status: str
    ended_on: datetime.date | None
    consultations: list[ConsultationOut]


class PregnancyIn(Schema):
    expected_date: datetime.date
    last_period_date: datetime.date | None = None
    risks: str = Field("", max_length=10000)
    birth_plan: str = Field("", max_length=10000)
    hospital: str = Field("", max_length=200)
    shared_with_team: bool = False


class PregnancyPatch(PregnancyIn):
    version: int


class VaccinationDoseOut(RecordOut):
    vaccine: str
    dose_number: int
    given_on: datetime.date
    product: str
    batch: str
    given_by: str


class VaccinationIn(Schema):
    vaccine: str = Field(max_length=20, description="hexa, pcv, rota, mmr, menacwy, … (the schedule's codes)")
    dose_number: int = Field(ge=1, le=6)
    given_on: datetime.date
    product: str = Field("", max_length=100)
    batch: str = Field("", max_length=50)
    given_by: str = Field("", max_length=200)
    shared_with_team: bool = False


class ScheduledDoseOut(Schema):
    vaccine: str
    vaccine_label: str
    dose_number: int
    due_on: datetime.date
    status: str = Field(description="given, overdue, due or planned")
    given: VaccinationDoseOut | None


class VaccinationsOut(Schema):
    person_id: int
    schedule: list[ScheduledDoseOut]
    doses: list[VaccinationDoseOut] = Field(description="every recorded dose, those entered in error included")


class MedicationOut(RecordOut):
    name: str
    dose: str
    route: str
    times: list[str]
    start_on: datetime.date
    end_on: datetime.date | None
    prescribed_by: str
    instructions: str


class MedicationIn(Schema):
    name: str = Field(max_length=200)
    dose: str = Field(max_length=100)
    start_on: datetime.date
    route: str = Field("", max_length=100)
    times: str = Field("", max_length=100, description="HH:MM separated by spaces; empty for 'when needed'")
    end_on: datetime.date | None = None
    prescribed_by: str = Field("", max_length=200)
    instructions: str = Field("", max_length=10000)
    shared_with_team: bool = True


class MedicationPatch(MedicationIn):
    version: int


class MedicationStopIn(Schema):
    end_on: datetime.date
    version: int


class AdministrationOut(Schema):
    id: int
    medication_id: int
    person_id: int
    scheduled_for: datetime.datetime | None
    given_at: datetime.datetime
    status: str
    given_by: str
    note: str
    entered_in_error: ErrorMarkOut | None


class AdministrationIn(Schema):
    status: str = Field(description="given, refused or not_given (a note is then required)")
    given_at: datetime.datetime | None = Field(None, description="default: now")
    scheduled_for: datetime.datetime | None = None
    note: str = Field("", max_length=300)


class AllergyOut(RecordOut):
    substance: str
    reaction: str
    severity: str
    noted_on: datetime.date | None
    is_active: bool
    resolved_on: datetime.date | None


class AllergyIn(Schema):
    substance: str = Field(max_length=200)
    reaction: str = Field("", max_length=300)
    severity: str = Field("mild", description="mild, moderate or severe")
    noted_on: datetime.date | None = None
    shared_with_team: bool = True


class AllergyEndIn(Schema):
    resolved_on: datetime.date
    version: int


class MilestoneObservationOut(RecordOut):
    milestone: str
    observed_on: datetime.date
    status: str
    achieved_on: datetime.date | None
    note: str


class MilestoneOut(Schema):
    code: str
    name: str
    window_start_months: float
    window_end_months: float
    source: str
    flag: str = Field(description="on_time, early, late, overdue, in_window or not_yet_due")
    outside_window: bool
    achieved_on: datetime.date | None
    age_at_achievement_months: float | None
    observations: list[MilestoneObservationOut]


class MilestoneIn(Schema):
    milestone: str = Field(max_length=50, description="the milestone's code, e.g. walking-alone")
    observed_on: datetime.date
    status: str = Field(description="achieved or not_yet")
    achieved_on: datetime.date | None = None
    note: str = Field("", max_length=10000)
    shared_with_team: bool = False


class GordonPatternOut(Schema):
    code: str
    label: str
    observation: str
    concern: bool


class GordonOut(RecordOut):
    assessed_on: datetime.date
    summary: str
    patterns: list[GordonPatternOut]


class GordonPatternIn(Schema):
    observation: str = Field("", max_length=5000)
    concern: bool = False


class GordonIn(Schema):
    assessed_on: datetime.date
    answers: dict[str, GordonPatternIn] = Field(description="per pattern code (health_perception, nutrition, …)")
    summary: str = Field("", max_length=10000)
    shared_with_team: bool = False


class ErrorIn(Schema):
    reason: str = Field(max_length=500)
    version: int | None = Field(None, description="the version read (records that carry one)")


class WithholdIn(Schema):
    withheld: bool
    reason: str = Field("", description="third_party, other_person or court; required when withheld")
    version: int


class CorrectedOut(Schema):
    kind: str
    id: int
    version: int | None
    withheld_from_family: bool | None
    entered_in_error: ErrorMarkOut | None
