"""/api/v1/logbook: notes (read, write, correct, withhold), handovers (read, write, confirm reading) and
incidents (read, report, follow up, close). Every id goes through the policy; every read and write is audited."""

from __future__ import annotations

import datetime
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from spalk.access.declare import dossier
from spalk.access.policy import (
    Action,
    access_family,
    access_handover,
    access_incident,
    access_living_group_centre,
    access_note,
    visible_handovers,
    visible_incidents,
    visible_units,
)
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_list_read, audit_record
from spalk.core.errors import DomainError
from spalk.core.params import Limit, Offset
from spalk.families.selectors import family_members
from spalk.logbook import handovers, incidents, selectors, services

router = Router(tags=["logbook"])

CategoryCode = Literal["child_work", "parent_work", "family_network", "health", "training", "cooperation",
                       "house_rules", "practical"]
VisibilityCode = Literal["team", "health"]
ReasonCode = Literal["", "third_party", "other_person", "court"]


class NoteOut(Schema):
    id: int
    centre_id: int
    family_id: int | None
    unit_id: int | None
    person_ids: list[int]
    author_id: int
    moment: datetime.datetime
    kind: str
    category: str
    text: str
    method_codes: list[str]
    visibility: str
    withheld_from_family: bool
    withheld_reason: str
    corrections: int
    version: int

    @staticmethod
    def resolve_person_ids(obj):
        return [p.pk for p in obj.rows_of("persons")]

    @staticmethod
    def resolve_method_codes(obj):
        return [m.code for m in obj.rows_of("methods")]


class RevisionOut(Schema):
    number: int
    text: str
    category: str
    visibility: str
    withheld_from_family: bool
    written_at: datetime.datetime
    corrected_at: datetime.datetime
    reason: str


class NoteDetailOut(NoteOut):
    revisions: list[RevisionOut]

    @staticmethod
    def resolve_revisions(obj):
        return selectors.note_revisions(note=obj)


class NotePageOut(Schema):
    items: list[NoteOut]
    before: str | None = Field(description="Cursor for the next (older) page; null on the last page.")


class NoteFilter(Schema):
    family_id: int = Field(description="The family whose logbook you read.")
    category: CategoryCode | Literal[""] = ""
    person_id: int | None = None
    before: str | None = Field(None, max_length=60, description="Cursor from the previous page.")
    limit: Limit = 50


class NoteIn(Schema):
    family_id: int | None = Field(None, description="The family; empty for a note about the house or a unit.")
    centre_id: int | None = Field(None, description="Needed for a note about the house (no family).")
    unit_id: int | None = None
    category: CategoryCode
    text: str = Field(min_length=1, max_length=20_000)
    visibility: VisibilityCode = "team"
    moment: datetime.datetime | None = None
    person_ids: list[int] = []
    method_codes: list[str] = []
    withheld_from_family: bool = False
    withheld_reason: ReasonCode = ""


class CorrectionIn(Schema):
    version: int = Field(description="The version you read; 409 when someone else changed the note since.")
    reason: str = Field(min_length=1, max_length=300)
    text: str | None = Field(None, min_length=1, max_length=20_000)
    category: CategoryCode | None = None
    visibility: VisibilityCode | None = None


class WithholdIn(Schema):
    version: int
    withheld_from_family: bool
    withheld_reason: ReasonCode = ""


def _methods(codes: list[str]):
    by_code = {m.code: m for m in selectors.active_methods()}
    unknown = [c for c in codes if c not in by_code]
    if unknown:
        raise DomainError(_("Unknown method, or one no longer in use: %(codes)s") % {"codes": ", ".join(unknown)},
                          field="method_codes")
    return [by_code[c] for c in codes]


@router.get("/notes", response=NotePageOut, summary="Notities van een gezin (nieuwste eerst, per pagina)")
@dossier
def list_notes(request, filters: Query[NoteFilter]):
    family = access_family(user=request.auth, family_id=filters.family_id)
    page = selectors.family_note_page(user=request.auth, family=family, before=filters.before,
                                      category=filters.category, person_id=filters.person_id,
                                      page_size=filters.limit)
    audit_list_read(actor=request.auth, action=AuditAction.VIEW, object_type="logbook.note", query=filters.dict(),
                    count=len(page.notes), family_ids=[family.pk])
    return {"items": page.notes, "before": page.before}


@router.get("/notes/{note_id}", response=NoteDetailOut, summary="Eén notitie met haar vorige versies")
@dossier
def get_note(request, note_id: int):
    note = selectors.note_detail(note=access_note(user=request.auth, note_id=note_id))
    audit_record(actor=request.auth, action=AuditAction.VIEW, target=note, family=note.family)
    return note


@router.post("/notes", response={201: NoteOut}, summary="Notitie schrijven",
             description="Een notitie voor een gezin (`family_id`) of over het huis of een wooneenheid "
                         "(`centre_id`, `unit_id`). Nachtdienst schrijft voor gezinnen in verblijf.")
@dossier
def create_note(request, payload: NoteIn):
    if payload.family_id is not None:
        family = access_family(user=request.auth, family_id=payload.family_id)
        centre = family.centre
        persons = {m.person_id: m.person for m in family_members(family=family)}
    else:
        family, persons = None, {}
        centre = access_living_group_centre(user=request.auth, centre_id=payload.centre_id)
    unit = None
    if payload.unit_id is not None:
        unit = visible_units(user=request.auth).filter(pk=payload.unit_id, centre_id=centre.pk).first()
        if unit is None:
            raise DomainError(_("Choose a unit of this centre."), field="unit_id")
    if any(pk not in persons for pk in payload.person_ids):
        raise DomainError(_("Choose members of this family."), field="person_ids")
    data = services.NoteInput(category=payload.category, text=payload.text, visibility=payload.visibility,
                              moment=payload.moment, persons=[persons[pk] for pk in payload.person_ids],
                              methods=_methods(payload.method_codes), unit=unit,
                              withheld=payload.withheld_from_family, withheld_reason=payload.withheld_reason)
    note = services.note_create(actor=request.auth, centre=centre, family=family, data=data)
    return Status(201, selectors.note_detail(note=note))


@router.post("/notes/{note_id}/corrections", response=NoteDetailOut, summary="Notitie verbeteren",
             description="De vorige tekst blijft als vorige versie in `revisions`. Enkel de auteur, een "
                         "teamverantwoordelijke of de directeur (anders 403).")
@dossier
def correct_note(request, note_id: int, payload: CorrectionIn):
    note = access_note(user=request.auth, note_id=note_id, action=Action.EDIT)
    note = services.note_correct(actor=request.auth, note=note, version=payload.version, reason=payload.reason,
                                 text=payload.text, category=payload.category, visibility=payload.visibility)
    return selectors.note_detail(note=note)


@router.put("/notes/{note_id}/withholding", response=NoteDetailOut, summary="Afschermen voor het gezin")
@dossier
def withhold_note(request, note_id: int, payload: WithholdIn):
    note = access_note(user=request.auth, note_id=note_id, action=Action.EDIT)
    note = services.note_mark_withheld(actor=request.auth, note=note, version=payload.version,
                                       withheld=payload.withheld_from_family, reason=payload.withheld_reason)
    return selectors.note_detail(note=note)


class HandoverOut(Schema):
    id: int
    centre_id: int
    unit_id: int | None
    shift_date: datetime.date
    shift: str
    summary: str
    covers_from: datetime.datetime
    written_at: datetime.datetime
    written_by_id: int
    version: int


class PresentOut(Schema):
    family_id: int
    family_name: str
    unit_name: str
    persons: list[tuple[str, str]]


class TaskOut(Schema):
    id: int
    due_at: datetime.datetime
    title: str
    family_id: int | None
    done_at: datetime.datetime | None


class IncidentOut(Schema):
    id: int
    centre_id: int
    family_id: int | None
    unit_id: int | None
    person_ids: list[int]
    kind: str
    severity: int
    occurred_at: datetime.datetime
    description: str
    actions_taken: str
    follow_up: str
    follow_up_due: datetime.date | None
    others_involved: str
    reported_by_id: int
    closed_at: datetime.datetime | None
    withheld_from_family: bool
    withheld_reason: str
    safety_procedure_ref: str
    version: int

    @staticmethod
    def resolve_person_ids(obj):
        return [p.pk for p in obj.persons.all()]


class ReceiptOut(Schema):
    user_id: int
    read_at: datetime.datetime


class HandoverDetailOut(Schema):
    handover: HandoverOut
    notes: list[NoteOut]
    present: list[PresentOut]
    tasks: list[TaskOut]
    incidents: list[IncidentOut]
    receipts: list[ReceiptOut]
    read_by_me: bool


class HandoverFilter(Schema):
    centre_id: int | None = None
    limit: Limit = 20
    offset: Offset = 0


class HandoverIn(Schema):
    centre_id: int | None = None
    unit_id: int | None = None
    summary: str = Field("", max_length=10_000)
    shift_date: datetime.date | None = Field(None, description="With `shift`; default: the coming shift.")
    shift: Literal["morning", "late", "night"] | None = None


@router.get("/handovers", response=list[HandoverOut], summary="Overdrachten van uw leefgroep")
@dossier
def list_handovers(request, filters: Query[HandoverFilter]):
    centre = access_living_group_centre(user=request.auth, centre_id=filters.centre_id)
    rows = list(visible_handovers(user=request.auth).filter(centre=centre).order_by("-written_at")
                [filters.offset:filters.offset + filters.limit])
    audit_list_read(actor=request.auth, action=AuditAction.VIEW, object_type="logbook.handover",
                    query=filters.dict(), count=len(rows))
    return rows


def _handover_detail(request, handover):
    view = handovers.handover_view(user=request.auth, handover=handover, incident_persons=True)
    audit_list_read(actor=request.auth, action=AuditAction.VIEW, object_type="logbook.handover",
                    query={"handover_id": handover.pk}, count=len(view.notes), family_ids=view.family_ids)
    return {"handover": handover, "notes": view.notes, "present": view.present, "tasks": view.tasks,
            "incidents": view.incidents,
            "receipts": [{"user_id": r.user_id, "read_at": r.read_at} for r in view.receipts],
            "read_by_me": view.read_by_me}


@router.get("/handovers/{handover_id}", response=HandoverDetailOut,
            summary="Eén overdracht met notities sinds de vorige, wie in huis is, taken en open incidenten")
@dossier
def get_handover(request, handover_id: int):
    return _handover_detail(request, access_handover(user=request.auth, handover_id=handover_id))


@router.post("/handovers", response={201: HandoverOut}, summary="Overdracht schrijven voor de volgende dienst")
@dossier
def create_handover(request, payload: HandoverIn):
    centre = access_living_group_centre(user=request.auth, centre_id=payload.centre_id)
    unit = None
    if payload.unit_id is not None:
        unit = visible_units(user=request.auth).filter(pk=payload.unit_id, centre_id=centre.pk).first()
        if unit is None:
            raise DomainError(_("Choose a unit of this centre."), field="unit_id")
    handover = handovers.handover_write(actor=request.auth, centre=centre, unit=unit, summary=payload.summary,
                                        shift_date=payload.shift_date, shift=payload.shift)
    return Status(201, handover)


@router.post("/handovers/{handover_id}/receipts", response={201: ReceiptOut}, summary="Gelezen (ontvangstmelding)")
@dossier
def read_handover(request, handover_id: int):
    receipt = handovers.handover_mark_read(actor=request.auth,
                                           handover=access_handover(user=request.auth, handover_id=handover_id))
    return Status(201, {"user_id": receipt.user_id, "read_at": receipt.read_at})


class IncidentFilter(Schema):
    centre_id: int | None = None
    family_id: int | None = None
    open_only: bool = False
    limit: Limit = 100


class IncidentIn(Schema):
    centre_id: int | None = Field(None, description="Needed when there is no family (an incident in the house).")
    family_id: int | None = None
    kind: Literal["aggression", "self_harm", "medical", "absconding", "child_safety", "damage"]
    severity: int = Field(ge=1, le=4, description="1 laag, 2 middel, 3 hoog, 4 kritiek")
    description: str = Field(min_length=1, max_length=10_000)
    occurred_at: datetime.datetime | None = None
    actions_taken: str = Field("", max_length=10_000)
    follow_up: str = Field("", max_length=10_000)
    follow_up_due: datetime.date | None = None
    person_ids: list[int] = []
    others_involved: str = Field("", max_length=300)
    withheld_from_family: bool = False
    withheld_reason: ReasonCode = ""


class IncidentPatch(Schema):
    version: int
    severity: int | None = Field(None, ge=1, le=4)
    actions_taken: str = Field("", max_length=10_000)
    follow_up: str = Field("", max_length=10_000)
    follow_up_due: datetime.date | None = None


class CloseIn(Schema):
    version: int
    reopen: bool = False


@router.get("/incidents", response=list[IncidentOut], summary="Incidenten")
@dossier
def list_incidents(request, filters: Query[IncidentFilter]):
    qs = visible_incidents(user=request.auth)
    if filters.family_id is not None:
        qs = qs.filter(family=access_family(user=request.auth, family_id=filters.family_id))
    else:
        qs = qs.filter(centre=access_living_group_centre(user=request.auth, centre_id=filters.centre_id))
    rows = selectors.incident_list(incidents=qs, open_only=filters.open_only, limit=filters.limit)
    audit_list_read(actor=request.auth, action=AuditAction.VIEW, object_type="logbook.incident", query=filters.dict(),
                    count=len(rows), family_ids=sorted({i.family_id for i in rows if i.family_id}))
    return rows


@router.get("/incidents/{incident_id}", response=IncidentOut, summary="Eén incident")
@dossier
def get_incident(request, incident_id: int):
    incident = selectors.incident_detail(incident=access_incident(user=request.auth, incident_id=incident_id))
    audit_record(actor=request.auth, action=AuditAction.VIEW, target=incident, family=incident.family)
    return incident


@router.post("/incidents", response={201: IncidentOut}, summary="Incident melden",
             description="De teamverantwoordelijke (vanaf ernst 2) en de directeur (vanaf ernst 3) krijgen een "
                         "melding zonder inhoud uit het dossier.")
@dossier
def create_incident(request, payload: IncidentIn):
    if payload.family_id is not None:
        family = access_family(user=request.auth, family_id=payload.family_id)
        centre, persons = family.centre, {m.person_id: m.person for m in family_members(family=family)}
    else:
        family, persons = None, {}
        centre = access_living_group_centre(user=request.auth, centre_id=payload.centre_id)
    if any(pk not in persons for pk in payload.person_ids):
        raise DomainError(_("Choose members of this family."), field="person_ids")
    data = incidents.IncidentInput(
        kind=payload.kind, severity=payload.severity, description=payload.description,
        occurred_at=payload.occurred_at, actions_taken=payload.actions_taken, follow_up=payload.follow_up,
        follow_up_due=payload.follow_up_due, persons=[persons[pk] for pk in payload.person_ids],
        others_involved=payload.others_involved, withheld=payload.withheld_from_family,
        withheld_reason=payload.withheld_reason)
    incident = incidents.incident_report(actor=request.auth, centre=centre, family=family, data=data)
    return Status(201, selectors.incident_detail(incident=incident))


@router.patch("/incidents/{incident_id}", response=IncidentOut, summary="Opvolging van een incident")
@dossier
def update_incident(request, incident_id: int, payload: IncidentPatch):
    incident = access_incident(user=request.auth, incident_id=incident_id, action=Action.EDIT)
    incident = incidents.incident_update(actor=request.auth, incident=incident, version=payload.version,
                                         actions_taken=payload.actions_taken, follow_up=payload.follow_up,
                                         follow_up_due=payload.follow_up_due, severity=payload.severity)
    return selectors.incident_detail(incident=incident)


@router.post("/incidents/{incident_id}/closure", response=IncidentOut, summary="Incident afsluiten of heropenen")
@dossier
def close_incident(request, incident_id: int, payload: CloseIn):
    incident = access_incident(user=request.auth, incident_id=incident_id, action=Action.EDIT)
    incident = incidents.incident_close(actor=request.auth, incident=incident, version=payload.version,
                                        reopen=payload.reopen)
    return selectors.incident_detail(incident=incident)
