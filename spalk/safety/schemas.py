"""Input and output schemas of /api/v1/safety (spalk.safety.api): one input and one output schema per endpoint;
every editable record carries its ``version`` (409 when someone else changed it since)."""

from __future__ import annotations

import datetime
from typing import Literal

from django.utils import timezone
from ninja import Schema
from pydantic import Field

from spalk.safety import kindreflex

Kind = Literal["no_contact", "no_visit", "no_pickup", "supervised"]
Source = Literal["court_order", "ocj", "police", "parents", "centre"]


class SafetyPersonOut(Schema):
    id: int
    plan_id: int
    name: str
    relation: str
    phone: str = Field(description="E.164, for example +32470123456")
    does: str
    reachable: str
    version: int


class SafetyPlanOut(Schema):
    id: int
    family_id: int
    agreed_on: datetime.date
    review_on: datetime.date
    ended_on: datetime.date | None
    note: str
    rules: list[str]
    persons: list[SafetyPersonOut]
    mapping_id: int | None
    withheld_from_family: bool
    withheld_reason: str
    version: int

    @staticmethod
    def resolve_rules(obj):
        return [r.text for r in obj.rules.all()]

    @staticmethod
    def resolve_persons(obj):
        return list(obj.persons.all())


class SafetyPersonIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    relation: str = Field("", max_length=100)
    phone: str = Field(min_length=1, max_length=40)
    does: str = Field(min_length=1, max_length=5000)
    reachable: str = Field("", max_length=200)


class RestrictionOut(Schema):
    id: int
    family_id: int
    child_id: int | None
    restricted_name: str
    relation: str
    recognise: str
    kind: str
    valid_from: datetime.date
    valid_until: datetime.date | None
    source: str
    source_reference: str
    if_seen: str
    in_force_today: bool
    withheld_from_family: bool
    withheld_reason: str
    version: int

    @staticmethod
    def resolve_in_force_today(obj):
        return obj.in_force(timezone.localdate())


class RestrictionIn(Schema):
    child_id: int | None = None
    restricted_name: str = Field(min_length=1, max_length=200)
    relation: str = Field("", max_length=100)
    recognise: str = Field("", max_length=300)
    kind: Kind
    valid_from: datetime.date
    valid_until: datetime.date | None = None
    source: Source
    source_reference: str = Field("", max_length=200)
    if_seen: str = Field("", max_length=5000)


class RestrictionPatch(Schema):
    version: int = Field(description="The version you read; 409 when someone else changed it since.")
    restricted_name: str | None = Field(None, min_length=1, max_length=200)
    relation: str | None = Field(None, max_length=100)
    recognise: str | None = Field(None, max_length=300)
    kind: Kind | None = None
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None
    source: Source | None = None
    source_reference: str | None = Field(None, max_length=200)
    if_seen: str | None = Field(None, max_length=5000)


class EntryRevisionOut(Schema):
    number: int
    kind: str
    text: str
    reason: str
    corrected_at: datetime.datetime


class EntryOut(Schema):
    id: int
    kind: str
    text: str
    added_on: datetime.date
    corrections: int
    revisions: list[EntryRevisionOut] = Field(description="Earlier versions, newest first (a correction never "
                                                          "erases)")
    removed_at: datetime.datetime | None = Field(description="Set when removed as recorded by mistake (kept)")
    removed_reason: str
    withheld_from_family: bool
    withheld_reason: str
    version: int

    @staticmethod
    def resolve_revisions(obj):
        return sorted(obj.revisions.all(), key=lambda r: -r.number)


class ScoreRevisionOut(Schema):
    number: int
    participant: str
    score: int
    scored_on: datetime.date
    why: str
    reason: str
    corrected_at: datetime.datetime


class ScoreOut(Schema):
    id: int
    participant: str
    score: int
    scored_on: datetime.date
    why: str
    corrections: int
    revisions: list[ScoreRevisionOut]
    removed_at: datetime.datetime | None = Field(description="Set when removed as recorded by mistake (kept)")
    removed_reason: str
    version: int

    @staticmethod
    def resolve_revisions(obj):
        return sorted(obj.revisions.all(), key=lambda r: -r.number)


class ScoreIn(Schema):
    participant: str = Field(min_length=1, max_length=100)
    score: int = Field(ge=0, le=10)
    scored_on: datetime.date
    why: str = Field("", max_length=5000)


class ReviewOut(Schema):
    id: int
    reviewed_on: datetime.date
    summary: str
    next_review_on: datetime.date | None


class MappingOut(Schema):
    id: int
    family_id: int
    child_id: int | None
    title: str
    mapped_on: datetime.date
    next_review_on: datetime.date
    closed_on: datetime.date | None
    scale_question: str
    entries: list[EntryOut]
    scores: list[ScoreOut]
    reviews: list[ReviewOut]
    withheld_from_family: bool
    withheld_reason: str
    version: int

    @staticmethod
    def resolve_entries(obj):
        return list(obj.entries.all())

    @staticmethod
    def resolve_scores(obj):
        return list(obj.scores.all())

    @staticmethod
    def resolve_reviews(obj):
        return list(obj.reviews.all())


class StepOut(Schema):
    number: int
    answers: dict[str, str]
    decision: str
    colleague_id: int | None
    expert: str
    not_right_feeling: bool | None
    not_right_reasons: str
    step_six_decision: str
    recorded_on: datetime.date


class ConsultationOut(Schema):
    id: int
    service: str
    organisation_id: int | None
    anonymous: bool
    consulted_on: datetime.date
    question: str
    advice: str


class ProcedureOut(Schema):
    id: int
    family_id: int
    child_id: int
    started_on: datetime.date
    status: str
    closed_on: datetime.date | None
    close_reason: str
    close_note: str
    steps: list[StepOut]
    next_step: int | None
    partner_ids: list[int]
    consultations: list[ConsultationOut]
    version: int

    @staticmethod
    def resolve_consultations(obj):
        return list(obj.consultations.all())

    @staticmethod
    def resolve_steps(obj):
        return list(obj.steps.all())

    @staticmethod
    def resolve_next_step(obj):
        return kindreflex.next_step(s.number for s in obj.steps.all()) if obj.is_open else None

    @staticmethod
    def resolve_partner_ids(obj):
        return [o.pk for o in obj.partners.all()]


class StepIn(Schema):
    version: int = Field(description="The procedure's version you read; 409 when someone else changed it since.")
    answers: dict[str, str] = {}
    decision: str = Field(min_length=1, max_length=5000)
    colleague_id: int | None = None
    expert: str = Field("", max_length=200)
    not_right_feeling: bool | None = None
    not_right_reasons: str = Field("", max_length=5000)
    step_six_decision: Literal["", "refer", "report_vk", "report_ocj", "police"] = ""


Reason = Literal["third_party", "other_person", "court"]
WithheldReason = Literal["", "third_party", "other_person", "court"]
EntryKindIn = Literal["worry", "working_well", "next_step", "danger", "goal"]


class Withholding(Schema):
    withheld_from_family: bool = Field(False, description="The shared mark: the family does not read this")
    withheld_reason: WithheldReason = ""


class SafetyPlanIn(Withholding):
    agreed_on: datetime.date
    review_on: datetime.date
    note: str = Field("", max_length=5000)
    rules: list[str] = Field(min_length=1, max_length=50, description="One concrete rule per item")
    mapping_id: int | None = None


class SafetyPlanPatch(Schema):
    version: int = Field(description="The version you read; 409 when someone else changed it since.")
    agreed_on: datetime.date | None = None
    review_on: datetime.date | None = None
    note: str | None = Field(None, max_length=5000)
    rules: list[str] | None = Field(None, min_length=1, max_length=50)
    withheld_from_family: bool | None = None
    withheld_reason: WithheldReason | None = None


class EndIn(Schema):
    version: int
    on: datetime.date


class SafetyPersonPatch(Schema):
    version: int = Field(description="The version you read; 409 when someone else changed it since.")
    name: str | None = Field(None, min_length=1, max_length=200)
    relation: str | None = Field(None, max_length=100)
    phone: str | None = Field(None, min_length=1, max_length=40, description="Stored as E.164")
    does: str | None = Field(None, min_length=1, max_length=5000)
    reachable: str | None = Field(None, max_length=200)
    ended_on: datetime.date | None = Field(None, description="No longer a safety person from this day")


class MappingIn(Withholding):
    title: str = Field(min_length=1, max_length=200)
    child_id: int | None = None
    mapped_on: datetime.date
    next_review_on: datetime.date
    scale_question: str = Field("", max_length=300)


class MappingPatch(Schema):
    version: int = Field(description="The version you read; 409 when someone else changed it since.")
    title: str | None = Field(None, min_length=1, max_length=200)
    mapped_on: datetime.date | None = None
    next_review_on: datetime.date | None = None
    scale_question: str | None = Field(None, max_length=300)
    withheld_from_family: bool | None = None
    withheld_reason: WithheldReason | None = None


class EntryIn(Withholding):
    kind: EntryKindIn
    text: str = Field(min_length=1, max_length=5000, description="Concrete: what happened, when, how often")


class EntryCorrection(Schema):
    version: int = Field(description="The entry's version you read; 409 when someone else changed it since.")
    reason: str = Field(min_length=1, max_length=300, description="Why it is corrected (kept with the earlier text)")
    text: str = Field(min_length=1, max_length=5000)
    kind: EntryKindIn | None = None


class RemovalIn(Schema):
    version: int
    reason: str = Field(min_length=1, max_length=300, description="Why it was recorded by mistake")


class WithholdIn(Schema):
    version: int
    withheld: bool
    reason: WithheldReason = ""


class ScoreCorrection(Schema):
    version: int = Field(description="The score's version you read; 409 when someone else changed it since.")
    reason: str = Field(min_length=1, max_length=300)
    score: int = Field(ge=0, le=10)
    participant: str | None = Field(None, min_length=1, max_length=100)
    scored_on: datetime.date | None = None
    why: str | None = Field(None, max_length=5000)


class ParticipantScore(Schema):
    participant: str = Field(min_length=1, max_length=100)
    score: int = Field(ge=0, le=10)


class ReviewIn(Schema):
    version: int = Field(description="The mapping's version you read")
    reviewed_on: datetime.date
    summary: str = Field(min_length=1, max_length=5000)
    next_review_on: datetime.date
    scores: list[ParticipantScore] = Field(default_factory=list, max_length=50)


class CloseMappingIn(Schema):
    version: int
    closed_on: datetime.date


class ProcedureIn(Schema):
    child_id: int
    started_on: datetime.date


class ConsultationIn(Schema):
    service: Literal["vk", "ocj"]
    organisation_id: int | None = Field(None, description="From the centre's partner directory")
    anonymous: bool = True
    consulted_on: datetime.date
    question: str = Field(min_length=1, max_length=5000)
    advice: str = Field(min_length=1, max_length=5000)


class PartnersIn(Schema):
    version: int
    partner_ids: list[int] = Field(max_length=50)


class CloseProcedureIn(Schema):
    version: int
    close_reason: Literal["no_concern", "safety_restored", "referred", "reported"]
    close_note: str = Field(min_length=1, max_length=5000)
    closed_on: datetime.date
