"""/api/v1/agenda: appointments through the policy (reached through their family) and audit."""

from __future__ import annotations

import datetime
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from spalk.access.declare import dossier
from spalk.access.policy import Action, access_appointment, access_family, visible_appointments
from spalk.agenda import selectors, services
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_list_read, audit_record
from spalk.core.errors import DomainError

router = Router(tags=["agenda"])

Kind = Literal["kg_consultation", "court_hearing", "school", "gp", "hospital", "consultation", "home_visit",
               "conversation", "childcare", "other"]


class AppointmentOut(Schema):
    id: int
    family_id: int
    kind: str
    title: str
    location: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    person_ids: list[int]
    staff_ids: list[int]
    childcare_needed: bool
    note: str
    cancelled_at: datetime.datetime | None
    version: int

    @staticmethod
    def resolve_person_ids(obj):
        return [p.pk for p in obj.persons.all()]

    @staticmethod
    def resolve_staff_ids(obj):
        return [u.pk for u in obj.staff.all()]


class AppointmentIn(Schema):
    family_id: int
    kind: Kind
    title: str = Field(min_length=1, max_length=150)
    location: str = Field("", max_length=200)
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    person_ids: list[int] = []
    staff_ids: list[int] = []
    childcare_needed: bool = False
    note: str = Field("", max_length=5000)


class AppointmentPatch(Schema):
    version: int = Field(description="The version you read; 409 when someone else changed it since.")
    kind: Kind | None = None
    title: str | None = Field(None, min_length=1, max_length=150)
    location: str | None = Field(None, max_length=200)
    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None
    person_ids: list[int] | None = None
    staff_ids: list[int] | None = None
    childcare_needed: bool | None = None
    note: str | None = Field(None, max_length=5000)


class ListFilter(Schema):
    start: datetime.date
    end: datetime.date = Field(description="Exclusive; at most 62 days after start.")
    family_id: int | None = None
    mine: bool = Field(False, description="Only appointments you take part in.")


def _people(family, person_ids: list[int] | None, staff_ids: list[int] | None) -> dict:
    out: dict = {}
    if person_ids is not None:
        persons = list(selectors.family_persons(family=family).filter(pk__in=person_ids))
        if len(persons) != len(set(person_ids)):
            raise DomainError(_("Choose only members of this family."), field="person_ids")
        out["persons"] = persons
    if staff_ids is not None:
        staff = list(selectors.centre_staff(centre_id=family.centre_id).filter(pk__in=staff_ids))
        if len(staff) != len(set(staff_ids)):
            raise DomainError(_("Choose staff of this family's centre."), field="staff_ids")
        out["staff"] = staff
    return out


@router.get("/appointments", response=list[AppointmentOut], summary="Afspraken in een periode")
@dossier
def list_appointments(request, filters: Query[ListFilter]):
    if filters.end <= filters.start or (filters.end - filters.start).days > 62:
        raise DomainError(_("Choose a period of one day to two months."), field="end")
    qs = visible_appointments(user=request.auth)
    if filters.family_id is not None:
        qs = qs.filter(family=access_family(user=request.auth, family_id=filters.family_id))
    items = selectors.appointment_list(appointments=qs, start=filters.start, end=filters.end,
                                       user=request.auth if filters.mine else None)
    audit_list_read(actor=request.auth, action=AuditAction.VIEW, object_type="agenda.appointment",
                    query=filters.dict(exclude_none=True) | {"start": str(filters.start), "end": str(filters.end)},
                    count=len(items), family_ids=sorted({a.family_id for a in items}))
    return items


@router.post("/appointments", response={201: AppointmentOut}, summary="Nieuwe afspraak")
@dossier
def create_appointment(request, payload: AppointmentIn):
    family = access_family(user=request.auth, family_id=payload.family_id, action=Action.EDIT)
    data = payload.dict(exclude={"family_id", "person_ids", "staff_ids"})
    data |= _people(family, payload.person_ids, payload.staff_ids)
    return Status(201, services.appointment_create(actor=request.auth, family=family, data=data))


@router.get("/appointments/{appointment_id}", response=AppointmentOut, summary="Eén afspraak")
@dossier
def get_appointment(request, appointment_id: int):
    appointment = access_appointment(user=request.auth, appointment_id=appointment_id)
    audit_record(actor=request.auth, action=AuditAction.VIEW, target=appointment, family=appointment.family)
    return appointment


@router.patch("/appointments/{appointment_id}", response=AppointmentOut, summary="Afspraak wijzigen (met versie)")
@dossier
def update_appointment(request, appointment_id: int, payload: AppointmentPatch):
    appointment = access_appointment(user=request.auth, appointment_id=appointment_id, action=Action.EDIT)
    data = payload.dict(exclude_unset=True, exclude={"version", "person_ids", "staff_ids"})
    data |= _people(appointment.family, payload.person_ids, payload.staff_ids)
    return services.appointment_update(actor=request.auth, appointment=appointment, data=data,
                                       version=payload.version)


@router.post("/appointments/{appointment_id}/cancel", response=AppointmentOut, summary="Afspraak annuleren")
@dossier
def cancel_appointment(request, appointment_id: int):
    appointment = access_appointment(user=request.auth, appointment_id=appointment_id, action=Action.EDIT)
    return services.appointment_cancel(actor=request.auth, appointment=appointment)
