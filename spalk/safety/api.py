"""/api/v1/safety: the safety plan, safety persons, contact restrictions, Signs of Safety mappings and Kindreflex
procedures through the same policy (spalk.access.policy.safety) and services as the screens; reads audited."""

from __future__ import annotations

import datetime
from typing import Literal

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from spalk.access.declare import dossier
from spalk.access.policy import (
    Action,
    access_contact_restriction,
    access_family,
    access_kindreflex_procedure,
    access_safety_mapping,
    access_safety_plan,
    can_do_safety_work,
    visible_contact_restrictions,
    visible_kindreflex_procedures,
    visible_safety_mappings,
)
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_list_read, audit_record
from spalk.core.errors import DomainError
from spalk.safety import kindreflex, selectors, services

router = Router(tags=["safety"])

Kind = Literal["no_contact", "no_visit", "no_pickup", "supervised"]
Source = Literal["court_order", "ocj", "police", "parents", "centre"]


class SafetyPersonOut(Schema):
    id: int
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


class EntryOut(Schema):
    id: int
    kind: str
    text: str
    added_on: datetime.date


class ScoreOut(Schema):
    participant: str
    score: int
    scored_on: datetime.date


class ScoreIn(Schema):
    participant: str = Field(min_length=1, max_length=100)
    score: int = Field(ge=0, le=10)
    scored_on: datetime.date
    why: str = Field("", max_length=5000)


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
    version: int

    @staticmethod
    def resolve_entries(obj):
        return list(obj.entries.all())

    @staticmethod
    def resolve_scores(obj):
        return list(obj.scores.all())


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


class ProcedureOut(Schema):
    id: int
    family_id: int
    child_id: int
    started_on: datetime.date
    status: str
    closed_on: datetime.date | None
    close_reason: str
    steps: list[StepOut]
    next_step: int | None
    partner_ids: list[int]
    version: int

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


def _child(family, child_id: int | None):
    if child_id is None:
        return None
    child = selectors.family_children(family=family).filter(pk=child_id).first()
    if child is None:
        raise DomainError(_("Choose a child of this family."), field="child_id")
    return child


def _work_family(request, family_id: int):
    family = access_family(user=request.auth, family_id=family_id)
    if not can_do_safety_work(user=request.auth, family=family):
        raise Http404
    return family


@router.get("/families/{family_id}/plan", response={200: SafetyPlanOut, 204: None},
            summary="Het geldende veiligheidsplan van een gezin (204 als het gezin er nog geen heeft)")
@dossier
def get_family_plan(request, family_id: int):
    family = access_family(user=request.auth, family_id=family_id)
    plan = selectors.current_plan(user=request.auth, family=family)
    if plan is None:  # a family without a plan is no missing family: 204, never a 404 that reads as "not yours"
        return Status(204, None)
    audit_record(actor=request.auth, action=AuditAction.VIEW, target=plan, family=family)
    return plan


@router.get("/plans/{safety_plan_id}", response=SafetyPlanOut, summary="Eén veiligheidsplan")
@dossier
def get_plan(request, safety_plan_id: int):
    plan = access_safety_plan(user=request.auth, plan_id=safety_plan_id)
    audit_record(actor=request.auth, action=AuditAction.VIEW, target=plan, family=plan.family)
    return selectors.plan_detail(plan=plan)


@router.post("/plans/{safety_plan_id}/persons", response={201: SafetyPersonOut}, summary="Veiligheidspersoon toevoegen")
@dossier
def add_person(request, safety_plan_id: int, payload: SafetyPersonIn):
    plan = access_safety_plan(user=request.auth, plan_id=safety_plan_id, action=Action.EDIT)
    return Status(201, services.safety_person_add(actor=request.auth, plan=plan, data=payload.dict()))


@router.get("/families/{family_id}/restrictions", response=list[RestrictionOut], summary="Contactbeperkingen")
@dossier
def list_restrictions(request, family_id: int):
    family = access_family(user=request.auth, family_id=family_id)
    rows = list(visible_contact_restrictions(user=request.auth, family=family).order_by("-valid_from", "pk"))
    audit_list_read(actor=request.auth, action=AuditAction.VIEW, object_type="safety.contactrestriction",
                    query={"family_id": family.pk}, count=len(rows), family_ids=[family.pk])
    return rows


@router.post("/families/{family_id}/restrictions", response={201: RestrictionOut},
             summary="Nieuwe contactbeperking")
@dossier
def create_restriction(request, family_id: int, payload: RestrictionIn):
    family = access_family(user=request.auth, family_id=family_id, action=Action.EDIT)
    data = payload.dict(exclude={"child_id"}) | {"child": _child(family, payload.child_id)}
    return Status(201, services.restriction_create(actor=request.auth, family=family, data=data))


@router.patch("/restrictions/{restriction_id}", response=RestrictionOut, summary="Contactbeperking wijzigen")
@dossier
def update_restriction(request, restriction_id: int, payload: RestrictionPatch):
    restriction = access_contact_restriction(user=request.auth, restriction_id=restriction_id, action=Action.EDIT)
    data = payload.dict(exclude_unset=True, exclude={"version"})
    return services.restriction_update(actor=request.auth, restriction=restriction, data=data,
                                       version=payload.version)


@router.get("/families/{family_id}/mappings", response=list[MappingOut], summary="Signs of Safety-mappings")
@dossier
def list_mappings(request, family_id: int):
    family = _work_family(request, family_id)
    rows = list(visible_safety_mappings(user=request.auth, family=family).prefetch_related("entries", "scores")
                .order_by("-mapped_on", "-pk"))
    audit_list_read(actor=request.auth, action=AuditAction.VIEW, object_type="safety.safetymapping",
                    query={"family_id": family.pk}, count=len(rows), family_ids=[family.pk])
    return rows


@router.get("/mappings/{mapping_id}", response=MappingOut, summary="Eén mapping")
@dossier
def get_mapping(request, mapping_id: int):
    mapping = access_safety_mapping(user=request.auth, mapping_id=mapping_id)
    audit_record(actor=request.auth, action=AuditAction.VIEW, target=mapping, family=mapping.family)
    return mapping


@router.post("/mappings/{mapping_id}/scores", response={201: ScoreOut}, summary="Schaalscore toevoegen")
@dossier
def add_score(request, mapping_id: int, payload: ScoreIn):
    mapping = access_safety_mapping(user=request.auth, mapping_id=mapping_id, action=Action.EDIT)
    return Status(201, services.scaling_add(actor=request.auth, mapping=mapping, **payload.dict()))


@router.get("/families/{family_id}/kindreflex", response=list[ProcedureOut], summary="Kindreflex-procedures")
@dossier
def list_procedures(request, family_id: int):
    family = _work_family(request, family_id)
    rows = list(visible_kindreflex_procedures(user=request.auth, family=family)
                .prefetch_related("steps", "partners").order_by("-started_on", "-pk"))
    audit_list_read(actor=request.auth, action=AuditAction.VIEW, object_type="safety.kindreflexprocedure",
                    query={"family_id": family.pk}, count=len(rows), family_ids=[family.pk])
    return rows


@router.get("/kindreflex/{procedure_id}", response=ProcedureOut, summary="Eén Kindreflex-procedure")
@dossier
def get_procedure(request, procedure_id: int):
    procedure = access_kindreflex_procedure(user=request.auth, procedure_id=procedure_id)
    audit_record(actor=request.auth, action=AuditAction.VIEW, target=procedure, family=procedure.family,
                 person=procedure.child)
    return procedure


@router.post("/kindreflex/{procedure_id}/steps/{step}", response=ProcedureOut,
             summary="Een stap noteren of bijwerken (met versie)")
@dossier
def record_step(request, procedure_id: int, step: int, payload: StepIn):
    procedure = access_kindreflex_procedure(user=request.auth, procedure_id=procedure_id, action=Action.EDIT)
    colleague = None
    if payload.colleague_id is not None:
        colleague = selectors.centre_colleagues(family=procedure.family, exclude_user=None).filter(
            pk=payload.colleague_id).first()
        if colleague is None:
            raise DomainError(_("Choose a colleague of this family's centre."), field="colleague_id")
    data = payload.dict(exclude={"version", "colleague_id"}) | {"colleague": colleague}
    kindreflex.step_record(actor=request.auth, procedure=procedure, number=step, data=data, version=payload.version)
    return access_kindreflex_procedure(user=request.auth, procedure_id=procedure.pk)
