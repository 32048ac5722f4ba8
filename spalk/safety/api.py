"""/api/v1/safety: the safety plan (rules, safety persons), contact restrictions, Signs of Safety mappings (entries,
scores, reviews; corrections keep the earlier state) and Kindreflex procedures (steps, consultations, partners)
through the same policy (spalk.access.policy.safety) and services as the screens; reads audited, writes audited
by the services. 422 with a Dutch message, 409 on a stale version, 403 for a family one sees but whose safety work
one may not do, 404 for a family or record that is not one's own."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Router, Status

from spalk.access.declare import dossier
from spalk.access.policy import (
    Action,
    access_contact_restriction,
    access_family,
    access_kindreflex_procedure,
    access_mapping_entry,
    access_safety_mapping,
    access_safety_person,
    access_safety_plan,
    access_scaling_score,
    require_safety_work,
    visible_contact_restrictions,
    visible_kindreflex_procedures,
    visible_safety_mappings,
)
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_list_read, audit_record
from spalk.core.errors import DomainError
from spalk.safety import kindreflex, selectors, services
from spalk.safety.schemas import (
    CloseMappingIn,
    CloseProcedureIn,
    ConsultationIn,
    ConsultationOut,
    EndIn,
    EntryCorrection,
    EntryIn,
    EntryOut,
    MappingIn,
    MappingOut,
    MappingPatch,
    PartnersIn,
    ProcedureIn,
    ProcedureOut,
    RemovalIn,
    RestrictionIn,
    RestrictionOut,
    RestrictionPatch,
    ReviewIn,
    ReviewOut,
    SafetyPersonIn,
    SafetyPersonOut,
    SafetyPersonPatch,
    SafetyPlanIn,
    SafetyPlanOut,
    SafetyPlanPatch,
    ScoreCorrection,
    ScoreIn,
    ScoreOut,
    StepIn,
    WithholdIn,
)

router = Router(tags=["safety"])


def _child(family, child_id: int | None):
    if child_id is None:
        return None
    child = selectors.family_children(family=family).filter(pk=child_id).first()
    if child is None:
        raise DomainError(_("Choose a child of this family."), field="child_id")
    return child


def _work_family(request, family_id: int, action: Action = Action.VIEW):
    """A family whose safety work the caller does: 404 when the family is not theirs, 403 when it is theirs to
    see but its safety work is not."""
    family = access_family(user=request.auth, family_id=family_id, action=action)
    require_safety_work(user=request.auth, family=family)
    return family


def _withholding(payload) -> dict:
    data = payload.dict(exclude_unset=True)
    return {k: data[k] for k in ("withheld_from_family", "withheld_reason") if k in data}


_mapping_full = selectors.mapping_for_api
_entry_full = selectors.entry_for_api
_score_full = selectors.score_for_api
_procedure_full = selectors.procedure_for_api


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
    rows = list(visible_safety_mappings(user=request.auth, family=family)
                .prefetch_related("entries__revisions", "scores__revisions", "reviews").order_by("-mapped_on", "-pk"))
    audit_list_read(actor=request.auth, action=AuditAction.VIEW, object_type="safety.safetymapping",
                    query={"family_id": family.pk}, count=len(rows), family_ids=[family.pk])
    return rows


@router.get("/mappings/{mapping_id}", response=MappingOut, summary="Eén mapping")
@dossier
def get_mapping(request, mapping_id: int):
    mapping = access_safety_mapping(user=request.auth, mapping_id=mapping_id)
    audit_record(actor=request.auth, action=AuditAction.VIEW, target=mapping, family=mapping.family)
    return _mapping_full(mapping.pk)


@router.post("/mappings/{mapping_id}/scores", response={201: ScoreOut}, summary="Schaalscore toevoegen")
@dossier
def add_score(request, mapping_id: int, payload: ScoreIn):
    mapping = access_safety_mapping(user=request.auth, mapping_id=mapping_id, action=Action.EDIT)
    row = services.scaling_add(actor=request.auth, mapping=mapping, **payload.dict())
    return Status(201, _score_full(row.pk))


@router.get("/families/{family_id}/kindreflex", response=list[ProcedureOut], summary="Kindreflex-procedures")
@dossier
def list_procedures(request, family_id: int):
    family = _work_family(request, family_id)
    rows = list(visible_kindreflex_procedures(user=request.auth, family=family)
                .prefetch_related("steps", "partners", "consultations").order_by("-started_on", "-pk"))
    audit_list_read(actor=request.auth, action=AuditAction.VIEW, object_type="safety.kindreflexprocedure",
                    query={"family_id": family.pk}, count=len(rows), family_ids=[family.pk])
    return rows


@router.get("/kindreflex/{procedure_id}", response=ProcedureOut, summary="Eén Kindreflex-procedure")
@dossier
def get_procedure(request, procedure_id: int):
    procedure = access_kindreflex_procedure(user=request.auth, procedure_id=procedure_id)
    audit_record(actor=request.auth, action=AuditAction.VIEW, target=procedure, family=procedure.family,
                 person=procedure.child)
    return _procedure_full(procedure.pk)


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
    return _procedure_full(procedure.pk)


# --- safety plan, rules and safety persons --------------------------------------------------------------------

@router.post("/families/{family_id}/plan", response={201: SafetyPlanOut}, summary="Een veiligheidsplan opstellen")
@dossier
def create_plan(request, family_id: int, payload: SafetyPlanIn):
    family = access_family(user=request.auth, family_id=family_id, action=Action.EDIT)
    mapping = None
    if payload.mapping_id is not None:
        mapping = visible_safety_mappings(user=request.auth, family=family).filter(pk=payload.mapping_id).first()
        if mapping is None:
            raise DomainError(_("Choose a mapping of this family."), field="mapping_id")
    data = payload.dict(exclude={"mapping_id"}) | {"mapping": mapping}
    plan = services.safety_plan_create(actor=request.auth, family=family, data=data)
    return Status(201, selectors.plan_detail(plan=plan))


@router.patch("/plans/{safety_plan_id}", response=SafetyPlanOut, summary="Veiligheidsplan wijzigen (met versie)")
@dossier
def update_plan(request, safety_plan_id: int, payload: SafetyPlanPatch):
    plan = access_safety_plan(user=request.auth, plan_id=safety_plan_id, action=Action.EDIT)
    data = {k: v for k, v in payload.dict(exclude_unset=True, exclude={"version"}).items() if v is not None}
    plan = services.safety_plan_update(actor=request.auth, plan=plan, data=data, version=payload.version)
    return selectors.plan_detail(plan=plan)


@router.post("/plans/{safety_plan_id}/end", response=SafetyPlanOut, summary="Veiligheidsplan beëindigen")
@dossier
def end_plan(request, safety_plan_id: int, payload: EndIn):
    plan = access_safety_plan(user=request.auth, plan_id=safety_plan_id, action=Action.EDIT)
    plan = services.safety_plan_end(actor=request.auth, plan=plan, ended_on=payload.on, version=payload.version)
    return selectors.plan_detail(plan=plan)


@router.get("/persons/{safety_person_id}", response=SafetyPersonOut, summary="Eén veiligheidspersoon")
@dossier
def get_person(request, safety_person_id: int):
    person = access_safety_person(user=request.auth, safety_person_id=safety_person_id)
    audit_record(actor=request.auth, action=AuditAction.VIEW, target=person, family=person.family)
    return person


@router.patch("/persons/{safety_person_id}", response=SafetyPersonOut,
              summary="Veiligheidspersoon wijzigen of niet langer veiligheidspersoon (met versie)")
@dossier
def update_person(request, safety_person_id: int, payload: SafetyPersonPatch):
    person = access_safety_person(user=request.auth, safety_person_id=safety_person_id, action=Action.EDIT)
    data = {k: v for k, v in payload.dict(exclude_unset=True, exclude={"version"}).items() if v is not None}
    return services.safety_person_update(actor=request.auth, person=person, data=data, version=payload.version)


@router.get("/restrictions/{restriction_id}", response=RestrictionOut, summary="Eén contactbeperking")
@dossier
def get_restriction(request, restriction_id: int):
    restriction = access_contact_restriction(user=request.auth, restriction_id=restriction_id)
    audit_record(actor=request.auth, action=AuditAction.VIEW, target=restriction, family=restriction.family)
    return restriction


# --- Signs of Safety ------------------------------------------------------------------------------------------

@router.post("/families/{family_id}/mappings", response={201: MappingOut}, summary="Nieuwe Signs of Safety-mapping")
@dossier
def create_mapping(request, family_id: int, payload: MappingIn):
    family = _work_family(request, family_id, Action.EDIT)
    data = payload.dict(exclude={"child_id"}) | {"child": _child(family, payload.child_id)}
    mapping = services.mapping_create(actor=request.auth, family=family, data=data)
    return Status(201, _mapping_full(mapping.pk))


@router.patch("/mappings/{mapping_id}", response=MappingOut, summary="Mapping wijzigen (met versie)")
@dossier
def update_mapping(request, mapping_id: int, payload: MappingPatch):
    mapping = access_safety_mapping(user=request.auth, mapping_id=mapping_id, action=Action.EDIT)
    data = {k: v for k, v in payload.dict(exclude_unset=True, exclude={"version"}).items() if v is not None}
    services.mapping_update(actor=request.auth, mapping=mapping, data=data, version=payload.version)
    return _mapping_full(mapping.pk)


@router.post("/mappings/{mapping_id}/close", response=MappingOut, summary="Mapping afsluiten")
@dossier
def close_mapping(request, mapping_id: int, payload: CloseMappingIn):
    mapping = access_safety_mapping(user=request.auth, mapping_id=mapping_id, action=Action.EDIT)
    services.mapping_close(actor=request.auth, mapping=mapping, closed_on=payload.closed_on, version=payload.version)
    return _mapping_full(mapping.pk)


@router.post("/mappings/{mapping_id}/entries", response={201: EntryOut},
             summary="Toevoegen aan een kolom, een gevaarsomschrijving of een veiligheidsdoel")
@dossier
def add_entry(request, mapping_id: int, payload: EntryIn):
    mapping = access_safety_mapping(user=request.auth, mapping_id=mapping_id, action=Action.EDIT)
    entry = services.mapping_entry_add(actor=request.auth, mapping=mapping, kind=payload.kind, text=payload.text,
                                       withheld=payload.withheld_from_family, withheld_reason=payload.withheld_reason)
    return Status(201, _entry_full(entry.pk))


@router.get("/entries/{entry_id}", response=EntryOut, summary="Eén onderdeel van een mapping, met vorige versies")
@dossier
def get_entry(request, entry_id: int):
    entry = access_mapping_entry(user=request.auth, entry_id=entry_id)
    audit_record(actor=request.auth, action=AuditAction.VIEW, target=entry, family=entry.mapping.family)
    return _entry_full(entry.pk)


@router.patch("/entries/{entry_id}", response=EntryOut,
              summary="Een onderdeel verbeteren (de vorige tekst blijft bewaard, met versie)")
@dossier
def correct_entry(request, entry_id: int, payload: EntryCorrection):
    entry = access_mapping_entry(user=request.auth, entry_id=entry_id, action=Action.EDIT)
    services.mapping_entry_correct(actor=request.auth, entry=entry, version=payload.version, reason=payload.reason,
                                   text=payload.text, kind=payload.kind)
    return _entry_full(entry.pk)


@router.post("/entries/{entry_id}/removal", response=EntryOut,
             summary="Een onderdeel verwijderen als vergissing (het blijft bewaard, doorgestreept)")
@dossier
def remove_entry(request, entry_id: int, payload: RemovalIn):
    entry = access_mapping_entry(user=request.auth, entry_id=entry_id, action=Action.EDIT)
    services.mapping_entry_remove(actor=request.auth, entry=entry, version=payload.version, reason=payload.reason)
    return _entry_full(entry.pk)


@router.put("/entries/{entry_id}/withholding", response=EntryOut, summary="Een onderdeel afschermen voor het gezin")
@dossier
def withhold_entry(request, entry_id: int, payload: WithholdIn):
    entry = access_mapping_entry(user=request.auth, entry_id=entry_id, action=Action.EDIT)
    services.mapping_entry_withhold(actor=request.auth, entry=entry, version=payload.version,
                                    withheld=payload.withheld, reason=payload.reason)
    return _entry_full(entry.pk)


@router.patch("/scores/{score_id}", response=ScoreOut,
              summary="Een schaalscore verbeteren (de vorige score blijft bewaard, met versie)")
@dossier
def correct_score(request, score_id: int, payload: ScoreCorrection):
    row = access_scaling_score(user=request.auth, score_id=score_id, action=Action.EDIT)
    services.scaling_correct(actor=request.auth, score_row=row, version=payload.version, reason=payload.reason,
                             score=payload.score, participant=payload.participant, scored_on=payload.scored_on,
                             why=payload.why)
    return _score_full(row.pk)


@router.post("/scores/{score_id}/removal", response=ScoreOut,
             summary="Een schaalscore verwijderen als vergissing (ze blijft bewaard)")
@dossier
def remove_score(request, score_id: int, payload: RemovalIn):
    row = access_scaling_score(user=request.auth, score_id=score_id, action=Action.EDIT)
    services.scaling_remove(actor=request.auth, score_row=row, version=payload.version, reason=payload.reason)
    return _score_full(row.pk)


@router.get("/mappings/{mapping_id}/reviews", response=list[ReviewOut], summary="Evaluaties van een mapping")
@dossier
def list_reviews(request, mapping_id: int):
    mapping = access_safety_mapping(user=request.auth, mapping_id=mapping_id)
    rows = list(mapping.reviews.order_by("-reviewed_on", "-pk"))
    audit_list_read(actor=request.auth, action=AuditAction.VIEW, object_type="safety.mappingreview",
                    query={"mapping_id": mapping.pk}, count=len(rows), family_ids=[mapping.family_id])
    return rows


@router.post("/mappings/{mapping_id}/reviews", response={201: ReviewOut},
             summary="Een mapping evalueren op de afgesproken datum (met de scores van vandaag)")
@dossier
def add_review(request, mapping_id: int, payload: ReviewIn):
    mapping = access_safety_mapping(user=request.auth, mapping_id=mapping_id, action=Action.EDIT)
    review = services.mapping_review(actor=request.auth, mapping=mapping, reviewed_on=payload.reviewed_on,
                                     summary=payload.summary, next_review_on=payload.next_review_on,
                                     scores=[(s.participant, s.score) for s in payload.scores],
                                     version=payload.version)
    return Status(201, review)


# --- Kindreflex -----------------------------------------------------------------------------------------------

@router.post("/families/{family_id}/kindreflex", response={201: ProcedureOut},
             summary="Een Kindreflex-procedure starten voor een kind")
@dossier
def start_procedure(request, family_id: int, payload: ProcedureIn):
    family = _work_family(request, family_id, Action.EDIT)
    child = _child(family, payload.child_id)
    procedure = kindreflex.procedure_start(actor=request.auth, family=family, child=child,
                                           started_on=payload.started_on)
    return Status(201, _procedure_full(procedure.pk))


@router.get("/kindreflex/{procedure_id}/consultations", response=list[ConsultationOut],
            summary="Overleg met het VK of het OCJ")
@dossier
def list_consultations(request, procedure_id: int):
    procedure = access_kindreflex_procedure(user=request.auth, procedure_id=procedure_id)
    rows = list(procedure.consultations.order_by("-consulted_on", "-pk"))
    audit_list_read(actor=request.auth, action=AuditAction.VIEW, object_type="safety.kindreflexconsultation",
                    query={"procedure_id": procedure.pk}, count=len(rows), family_ids=[procedure.family_id])
    return rows


@router.post("/kindreflex/{procedure_id}/consultations", response={201: ConsultationOut},
             summary="Overleg met het VK of het OCJ noteren (anoniem of niet)")
@dossier
def add_consultation(request, procedure_id: int, payload: ConsultationIn):
    procedure = access_kindreflex_procedure(user=request.auth, procedure_id=procedure_id, action=Action.EDIT)
    organisation = None
    if payload.organisation_id is not None:
        organisation = selectors.partner_organisations(user=request.auth, family=procedure.family).filter(
            pk=payload.organisation_id).first()
        if organisation is None:
            raise DomainError(_("Choose organisations of this centre's partner directory."), field="organisation_id")
    data = payload.dict(exclude={"organisation_id"}) | {"organisation": organisation}
    return Status(201, kindreflex.consultation_log(actor=request.auth, procedure=procedure, data=data))


@router.put("/kindreflex/{procedure_id}/partners", response=ProcedureOut,
            summary="De betrokken partners (uit de sociale kaart van het centrum, met versie)")
@dossier
def set_partners(request, procedure_id: int, payload: PartnersIn):
    procedure = access_kindreflex_procedure(user=request.auth, procedure_id=procedure_id, action=Action.EDIT)
    organisations = list(selectors.partner_organisations(user=request.auth, family=procedure.family).filter(
        pk__in=payload.partner_ids))
    if len(organisations) != len(set(payload.partner_ids)):
        raise DomainError(_("Choose organisations of this centre's partner directory."), field="partner_ids")
    kindreflex.partners_set(actor=request.auth, procedure=procedure, organisations=organisations,
                            version=payload.version)
    return _procedure_full(procedure.pk)


@router.post("/kindreflex/{procedure_id}/close", response=ProcedureOut, summary="Een Kindreflex-procedure afsluiten")
@dossier
def close_procedure(request, procedure_id: int, payload: CloseProcedureIn):
    procedure = access_kindreflex_procedure(user=request.auth, procedure_id=procedure_id, action=Action.EDIT)
    kindreflex.procedure_close(actor=request.auth, procedure=procedure, reason=payload.close_reason,
                               note=payload.close_note, closed_on=payload.closed_on, version=payload.version)
    return _procedure_full(procedure.pk)
