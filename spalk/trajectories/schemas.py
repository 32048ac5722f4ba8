from __future__ import annotations

import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field


class PhaseOut(Schema):
    phase: str
    start_date: datetime.date
    end_date: datetime.date | None


class EpisodeOut(Schema):
    id: int
    trajectory_id: int
    member_id: int
    person_id: int = Field(alias="member.person_id")
    module_code: str
    residential: bool
    start_date: datetime.date
    planned_end: datetime.date | None
    actual_end: datetime.date | None
    frequency: str
    access_route: str
    indication_reference: str
    indication_decided_on: datetime.date | None


class ClosureOut(Schema):
    closed_on: datetime.date
    reason: str
    destination: str
    follow_up: str
    reopened_on: datetime.date | None


class TrajectoryOut(Schema):
    id: int
    family_id: int
    centre_id: int
    admitted_on: datetime.date
    phase: str
    closed_on: datetime.date | None
    version: int


class TrajectoryDetailOut(TrajectoryOut):
    phases: list[PhaseOut]
    episodes: list[EpisodeOut]
    closures: list[ClosureOut]
    warnings: list[str] = []


class AdmitIn(Schema):
    family_id: int
    admitted_on: datetime.date
    phase: Literal["intake", "observation", "support", "closing"] = "intake"
    frequency: str = Field("", max_length=100)


class CloseIn(Schema):
    closed_on: datetime.date
    reason: str = Field(min_length=1)
    destination: str
    follow_up: str = ""


class ReopenIn(Schema):
    on_date: datetime.date
    reason: str = ""


class EpisodeIn(Schema):
    member_id: int
    module_code: str
    start_date: datetime.date
    planned_end: datetime.date | None = None
    frequency: str = Field("", max_length=100)


class EpisodeEndIn(Schema):
    end_date: datetime.date


class ResidenceIn(Schema):
    unit_id: int
    care: Literal["stay_high", "stay_low", "crisis"]
    member_ids: list[int] = Field(min_length=1)
    start_date: datetime.date
    planned_end: datetime.date


class HomeIn(Schema):
    on_date: datetime.date


class SupporterOut(Schema):
    id: int
    family_id: int
    user_id: int
    scope: str
    person_id: int | None
    agreement: str
    agreement_note: str
    start_date: datetime.date
    end_date: datetime.date | None
    end_reason: str


class SupporterIn(Schema):
    user_id: int
    start_date: datetime.date
    scope: Literal["family", "child", "context"] = "family"
    person_id: int | None = None
    agreement: Literal["chosen", "agreed", "proposed", "not_agreed"] = "agreed"
    agreement_note: str = Field("", max_length=300)
    contacts_per_month: int | None = Field(None, ge=0, le=100)
    change_reason: str = Field("", max_length=300)


class CentreSettingsOut(Schema):
    centre_id: int
    crisis_max_days: int
    crisis_warning_days: int
    reopen_within_days: int
    version: int
