"""Input and output of /api/v1 plans (the contract of issue 12: keep it stable)."""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field, model_validator

LifeDomainIn = Literal["parenting", "development", "housing", "finance", "health", "work_education", "network",
                       "administration", "safety"]


class ActionIn(Schema):
    who: str = Field(min_length=1, max_length=200)
    what: str = Field(min_length=1, max_length=5000)
    due_on: datetime.date | None = None
    done_on: datetime.date | None = None
    method_ids: list[int] = Field(default_factory=list, max_length=50)


class ActionOut(Schema):
    id: int
    who: str
    what: str
    due_on: datetime.date | None
    done_on: datetime.date | None
    method_ids: list[int]


class GoalIn(Schema):
    person_id: int | None = None
    life_domain: LifeDomainIn
    family_words: str = Field("", max_length=10_000)
    worker_words: str = Field("", max_length=10_000)
    parent_view: str = Field("", max_length=10_000)
    child_view: str = Field("", max_length=10_000)
    child_view_source: Literal["", "child", "worker"] = ""
    status: Literal["open", "in_progress", "reached", "stopped"] = "open"
    method_ids: list[int] = Field(default_factory=list, max_length=50)
    actions: list[ActionIn] | None = Field(None, max_length=100)


class GoalPatchIn(GoalIn):
    row_version: int | None = Field(None, description="The row_version of the goal you read; 409 when it changed.")


class GoalOut(Schema):
    id: int
    person_id: int | None
    life_domain: str
    family_words: str
    worker_words: str
    parent_view: str
    child_view: str
    child_view_source: str
    status: str
    method_ids: list[int]
    actions: list[ActionOut]
    row_version: int


class PlanOut(Schema):
    id: int
    trajectory_id: int
    version: int
    status: Literal["draft", "signed"]
    goals: list[GoalOut]


class PlanPatchIn(Schema):
    agreements: str | None = Field(None, max_length=10_000)
    discussed_on: datetime.date | None = None
    row_version: int | None = Field(None, description="The row_version you read (see /versions); 409 when it "
                                                      "changed since.")


class SignatoryIn(Schema):
    person_id: int | None = None
    user_id: int | None = None

    @model_validator(mode="after")
    def one_of(self):
        if (self.person_id is None) == (self.user_id is None):
            raise ValueError("Geef per ondertekenaar een person_id of een user_id.")
        return self


class SignIn(Schema):
    signed_on: datetime.date
    signatories: list[SignatoryIn] = Field(max_length=30)
    row_version: int | None = None


class SignatoryOut(Schema):
    person_id: int | None
    user_id: int | None
    name: str
    capacity: str


class PlanVersionOut(Schema):
    id: int
    version: int
    status: str
    signed_on: datetime.date | None
    row_version: int
    signatories: list[SignatoryOut]


class EvaluationItemIn(Schema):
    goal_id: int
    progress: int = Field(ge=1, le=5, description="1 geen vooruitgang … 5 doel bereikt")
    decision: Literal["continue", "adjust", "reached", "stopped"]
    comment: str = Field("", max_length=10_000)
    family_comment: str = Field("", max_length=10_000)
    evidence_note_ids: list[int] = Field(default_factory=list, max_length=50)


class EvaluationRoundIn(Schema):
    evaluated_on: datetime.date
    items: list[EvaluationItemIn] = Field(min_length=1, max_length=200)


class EvaluationOut(Schema):
    id: int
    goal_id: int
    evaluated_on: datetime.date
    progress: int
    decision: str
    comment: str
    family_comment: str
    evidence_note_ids: list[int]


class DeadlineOut(Schema):
    kind: Literal["first_plan", "evaluation", "report"]
    due_on: datetime.date
    state: Literal["overdue", "soon", "later"]


class ReportOut(Schema):
    id: int
    trajectory_id: int
    kind: Literal["progress", "final"]
    title: str
    period_start: datetime.date
    period_end: datetime.date
    status: Literal["draft", "issued"]
    mandate: str
    issued_at: datetime.datetime | None
    pdf_sha256: str
    content_sha256: str
    pdf_pages: int | None
