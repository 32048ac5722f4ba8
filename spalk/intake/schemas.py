from __future__ import annotations

import datetime

from ninja import Schema
from pydantic import Field


# --- Access-route contract (issue 4; external tools rely on it: keep it stable) -----------------------
class AccessRouteMemberIn(Schema):
    key: str = Field(max_length=100)
    role: str = Field(max_length=30)  # validated by the engine, for a precise Dutch message
    birth_date: datetime.date | None = None
    expected_birth_date: datetime.date | None = None
    pregnant: bool = False


class AccessRouteIn(Schema):
    date: datetime.date
    care: str = Field(max_length=30)  # validated by the engine, for a precise Dutch message
    members: list[AccessRouteMemberIn] = Field(max_length=50)


class AccessRouteMemberOut(Schema):
    key: str
    module: str
    route: str
    reason: str


class AccessRouteOut(Schema):
    a_document_required: bool
    members: list[AccessRouteMemberOut]
    explanation: str


class ErrorItem(Schema):
    loc: list[str | int]
    field: str
    type: str
    msg: str


class ErrorOut(Schema):
    detail: list[ErrorItem]


# --- Registrations ---------------------------------------------------------------------------------
class RegistrationMemberOut(Schema):
    id: int
    role: str
    first_name: str
    last_name: str
    birth_date: datetime.date | None
    expected_birth_date: datetime.date | None
    relation: str
    pregnant: bool
    consent: str
    person_id: int | None


class RegistrationOut(Schema):
    id: int
    centre_id: int
    family_id: int | None
    received_on: datetime.date
    channel: str
    referrer_organisation_id: int | None
    referrer_contact_id: int | None
    referrer_text: str
    mandate: str
    family_name: str
    city: str
    phone: str
    question_family: str
    question_referrer: str
    care: str
    urgency: str
    parents_consent: bool
    status: str
    decision_reason: str
    referred_to_id: int | None
    referral_note: str
    version: int


class RegistrationDetailOut(RegistrationOut):
    requested_modules: list[str]
    members: list[RegistrationMemberOut]


class RegistrationIn(Schema):
    centre_id: int | None = None
    received_on: datetime.date
    channel: str = "phone"
    referrer_organisation_id: int | None = None
    referrer_contact_id: int | None = None
    referrer_text: str = Field("", max_length=300)
    mandate: str = "voluntary"
    family_name: str = Field(min_length=1, max_length=150)
    city: str = Field("", max_length=100)
    phone: str = Field("", max_length=40)
    question_family: str = ""
    question_referrer: str = ""
    care: str = "context"
    requested_modules: list[str] = []
    urgency: str = "normal"
    # Not accepted any more: consent is recorded per member (POST .../members, "consent"). Sent → 422.
    parents_consent: bool | None = None


class RegistrationPatch(Schema):
    version: int
    received_on: datetime.date | None = None
    channel: str | None = None
    referrer_text: str | None = Field(None, max_length=300)
    mandate: str | None = None
    family_name: str | None = Field(None, min_length=1, max_length=150)
    city: str | None = Field(None, max_length=100)
    phone: str | None = Field(None, max_length=40)
    question_family: str | None = None
    question_referrer: str | None = None
    care: str | None = None
    urgency: str | None = None
    parents_consent: bool | None = None  # refused with a 422: consent is recorded per member
    requested_modules: list[str] | None = None


class RegistrationMemberIn(Schema):
    role: str
    first_name: str = Field("", max_length=100)
    last_name: str = Field("", max_length=100)
    birth_date: datetime.date | None = None
    expected_birth_date: datetime.date | None = None
    national_number: str = Field("", max_length=20)
    relation: str = Field("", max_length=100)
    pregnant: bool = False
    consent: str = "not_asked"


class TransitionIn(Schema):
    to_status: str
    reason: str = ""
    referred_to_id: int | None = None
    referral_note: str = ""


# --- Screening -------------------------------------------------------------------------------------
class ScreeningAnswer(Schema):
    answer: str = "unknown"
    note: str = ""


class ScreeningIn(Schema):
    answers: dict[str, ScreeningAnswer]
    weighing: str = "not_yet"
    weighing_note: str = ""
    weighed_on: datetime.date | None = None


class ScreeningOut(Schema):
    id: int
    number: int
    answers: dict
    weighing: str
    weighing_note: str
    weighed_on: datetime.date | None
    created_at: datetime.datetime
    created_by_id: int | None


# --- Waiting list ----------------------------------------------------------------------------------
class WaitingEntryOut(Schema):
    position: int
    registration_id: int
    family_name: str
    care: str
    urgency: str
    since: datetime.date
    priority: int
    priority_reason: str
    next_contact_due: datetime.date
    contact_overdue: bool
    last_contact: datetime.date | None


class PriorityIn(Schema):
    priority: int
    priority_reason: str


# --- A-document ------------------------------------------------------------------------------------
class ADocumentLineIn(Schema):
    code: str = Field(max_length=20)
    term_months: int = 6


class ADocumentIn(Schema):
    question: str = ""
    motivation: str = ""
    urgency: str = ""
    contact_name: str = Field("", max_length=150)
    contact_phone: str = Field("", max_length=40)
    contact_email: str = Field("", max_length=254)
    modules: list[ADocumentLineIn] = Field(max_length=8)


class ADocumentStatusIn(Schema):
    status: str = Field(max_length=10)  # sent, granted, refused; validated by the service, Dutch message
    on: datetime.date
    modules_granted: list[str] = Field([], max_length=8)
    granted_from: datetime.date | None = None
    granted_until: datetime.date | None = None
    itp_reference: str = Field("", max_length=60)
    refusal_reason: str = ""


# --- Waiting-list contacts -------------------------------------------------------------------------
class WaitingContactIn(Schema):
    on: datetime.date
    kind: str = "phone"
    note: str = ""
    next_contact_due: datetime.date | None = None


class WaitingContactOut(Schema):
    id: int
    on: datetime.date
    kind: str
    note: str
    by_id: int | None
    created_at: datetime.datetime
