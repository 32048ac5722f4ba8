"""Input and output of the network API (spalk.network.api): one schema per endpoint and direction."""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Field, Schema

BasisIn = Literal["consent", "court", "ocj", "child_danger", "legal"]
ScopeIn = Literal["reports", "notes", "summary", "all"]  # "registration" is intake's, never made here
ShareKindIn = Literal["report", "note", "summary"]
MeetingKindIn = Literal["network_table", "client_meeting"]
ReferralStatusIn = Literal["proposed", "accepted", "started", "refused"]
SignalCategoryIn = Literal["no_place", "waiting", "no_service", "rules", "costs", "other"]


class CriterionOut(Schema):
    criterion: str
    colour: str
    note: str


class SupportFormOut(Schema):
    key: str
    name: str
    summary: str
    seed_page: int
    seed_column: str
    seed_line: int
    situations: list[str]
    criteria: list[CriterionOut]


class GiverOut(Schema):
    person_id: int | None
    name: str
    capacity: str
    answer: str
    answered_on: datetime.date


class ConsentOut(Schema):
    id: int
    basis: str
    basis_note: str
    scope: str
    scope_note: str
    organisation_id: int | None
    contact_id: int | None
    recipient: str
    purpose: str
    valid_from: datetime.date
    valid_until: datetime.date | None
    withdrawn_at: datetime.datetime | None
    valid_today: bool
    problems: list[str]
    version: int = 1
    givers: list[GiverOut] = []


class ConsentIn(Schema):
    basis: BasisIn = "consent"
    basis_note: str = Field("", max_length=5000, description="For a legal basis: which mandate or duty, its "
                                                             "reference and date.")
    scope: ScopeIn
    scope_note: str = Field("", max_length=300)
    organisation_id: int | None = None
    contact_id: int | None = None
    recipient_text: str = Field("", max_length=200)
    purpose: str = Field(min_length=1, max_length=5000)
    valid_from: datetime.date
    valid_until: datetime.date | None = None
    giver_ids: list[int] = Field([], max_length=20, description="Members of the family who gave consent: each "
                                                               "parent, a minor of 12 or more for what concerns them.")


class ConsentPatch(Schema):
    version: int = Field(description="The version you read; 409 when someone else changed it since.")
    purpose: str | None = Field(None, min_length=1, max_length=5000)
    scope_note: str | None = Field(None, max_length=300)
    recipient_text: str | None = Field(None, max_length=200)
    valid_until: datetime.date | None = None


class WithdrawIn(Schema):
    version: int = Field(description="The version you read; 409 when someone else changed it since.")
    note: str = Field("", max_length=5000, description="Who withdrew, and what they said.")


class ShareOut(Schema):
    id: int
    kind: str
    title: str
    recipient: str
    consent_id: int
    shared_at: datetime.datetime
    artefact_sha256: str = ""


class ShareIn(Schema):
    kind: ShareKindIn
    consent_id: int
    report_id: int | None = None
    note_id: int | None = None
    summary: str = Field("", max_length=20000)
    concerns: list[int] = Field([], max_length=20, description="Members of the family it concerns.")


class AgreementOut(Schema):
    id: int
    meeting_id: int
    what: str
    who: str
    responsible_id: int | None
    due_on: datetime.date | None
    done_on: datetime.date | None


class AgreementIn(Schema):
    what: str = Field(min_length=1, max_length=300)
    who: str = Field("", max_length=150)
    responsible_id: int | None = None
    due_on: datetime.date | None = None


class AgreementPatch(Schema):
    done: bool


class MeetingOut(Schema):
    id: int
    family_id: int
    kind: str
    held_on: datetime.date
    family_participants: str
    network_participants: str
    partner_participants: str
    organisation_ids: list[int]
    staff_ids: list[int]
    family_voice: str
    summary: str
    next_on: datetime.date | None
    version: int
    agreements: list[AgreementOut]


class MeetingIn(Schema):
    kind: MeetingKindIn = "network_table"
    held_on: datetime.date
    family_participants: str = Field("", max_length=300)
    network_participants: str = Field("", max_length=300)
    partner_participants: str = Field("", max_length=300)
    organisation_ids: list[int] = Field([], max_length=30)
    staff_ids: list[int] = Field([], max_length=30)
    family_voice: str = Field("", max_length=10000)
    summary: str = Field("", max_length=20000)
    next_on: datetime.date | None = None


class MeetingPatch(Schema):
    version: int = Field(description="The version you read; 409 when someone else changed it since.")
    kind: MeetingKindIn | None = None
    held_on: datetime.date | None = None
    family_participants: str | None = Field(None, max_length=300)
    network_participants: str | None = Field(None, max_length=300)
    partner_participants: str | None = Field(None, max_length=300)
    family_voice: str | None = Field(None, max_length=10000)
    summary: str | None = Field(None, max_length=20000)
    next_on: datetime.date | None = None


class ReferralOut(Schema):
    id: int
    family_id: int
    organisation_id: int
    organisation: str
    contact_id: int | None
    support_form: str | None
    reason: str
    status: str
    status_note: str
    handover_confirmed_on: datetime.date | None
    handover_confirmed_by: str
    follow_up_on: datetime.date | None
    follow_up_note: str
    version: int


class ReferralIn(Schema):
    organisation_id: int
    contact_id: int | None = None
    support_form: str | None = Field(None, max_length=40, description="Key of a support form of seed 004.")
    reason: str = Field(min_length=1, max_length=5000)


class ReferralPatch(Schema):
    version: int = Field(description="The version you read; 409 when someone else changed it since.")
    status: ReferralStatusIn | None = None
    status_note: str | None = Field(None, max_length=5000)
    handover_confirmed_on: datetime.date | None = None
    handover_confirmed_by: str | None = Field(None, max_length=150)
    follow_up_on: datetime.date | None = None
    follow_up_note: str | None = Field(None, max_length=5000)


class SignalIn(Schema):
    centre_id: int | None = Field(None, description="Needed when you work in more than one centre.")
    category: SignalCategoryIn
    primary_care_zone: str = Field(min_length=1, max_length=100)
    municipality: str = Field("", max_length=100)
    noted_on: datetime.date
    description: str = Field(min_length=1, max_length=5000, description="Without names: this text is not "
                                                                          "exported.")


class SignalOut(Schema):
    id: int
    centre_id: int
    category: str
    primary_care_zone: str
    municipality: str
    noted_on: datetime.date


class SignalCellOut(Schema):
    period: datetime.date
    category: str
    primary_care_zone: str
    count: int | None = Field(description="Empty when suppressed: fewer families than the minimum cell size.")
    suppressed: bool
