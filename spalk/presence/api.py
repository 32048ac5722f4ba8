"""/api/v1/presence: the nightly check, leave and absences, and a family's nights (through policy and audit)."""

from __future__ import annotations

import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from spalk.access.declare import dossier
from spalk.access.policy import (
    access_family,
    access_presence_centre,
    access_presence_stay,
    can_record_presence,
    visible_presence_stays,
)
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_list_read, audit_record
from spalk.core.errors import DomainError
from spalk.families.selectors import family_members
from spalk.presence import selectors, services

router = Router(tags=["presence"])

Status_ = Literal["present", "leave", "absent"]
Reason = Literal["", "home_leave", "network", "hospital", "school_trip", "not_back", "other"]


class NightMemberOut(Schema):
    stay_id: int
    member_id: int
    person_id: int
    name: str
    status: Literal["present", "leave", "absent", "unchecked"]
    reason: str
    note: str
    version: int | None


class UnitNightOut(Schema):
    unit_id: int
    unit_name: str
    family_id: int
    family_name: str
    checked: bool
    members: list[NightMemberOut]


class NightSheetOut(Schema):
    centre_id: int
    night: datetime.date
    units: list[UnitNightOut]


class NightFilter(Schema):
    centre_id: int | None = None
    night: datetime.date | None = Field(None, description="The date on which the night begins; default: the "
                                                          "current night (before noon: the night of yesterday).")


class NightIn(Schema):
    status: Status_
    reason: Reason = ""
    note: str = Field("", max_length=200)
    version: int | None = Field(None, description="The version you read; 409 when someone changed it since.")


class NightOut(Schema):
    stay_id: int
    member_id: int
    night: datetime.date
    status: str
    reason: str
    note: str
    version: int


class LeaveIn(Schema):
    member_ids: list[int] = Field(min_length=1)
    start: datetime.date = Field(description="First night away.")
    end: datetime.date = Field(description="Day of return (the first night in the centre again).")
    status: Literal["leave", "absent"]
    reason: Literal["home_leave", "network", "hospital", "school_trip", "not_back", "other"]
    note: str = Field("", max_length=200)


class LeaveOut(Schema):
    nights: int


class PersonNightOut(Schema):
    person_id: int
    member_id: int
    unit_id: int
    day: datetime.date
    status: Literal["present", "leave", "absent", "unchecked"]
    reason: str


class PeriodFilter(Schema):
    start: datetime.date
    end: datetime.date = Field(description="Exclusive.")


def _member(row: selectors.SheetRow) -> dict:
    r = row.record
    return {"stay_id": row.stay.pk, "member_id": row.stay.member_id, "person_id": row.stay.member.person_id,
            "name": row.stay.member.person.full_name, "status": row.status, "reason": r.reason if r else "",
            "note": r.note if r else "", "version": r.version if r else None}


@router.get("/nights", response=NightSheetOut, summary="Aanwezigheidscontrole van één nacht")
@dossier
def night_sheet(request, filters: Query[NightFilter]):
    centre = access_presence_centre(user=request.auth, centre_id=filters.centre_id)
    night = filters.night or selectors.current_night()
    sheets = selectors.night_sheet(stays=visible_presence_stays(user=request.auth), centre_id=centre.pk, night=night)
    audit_list_read(actor=request.auth, action=AuditAction.VIEW, object_type="presence.check",
                    query={"centre_id": centre.pk, "night": night.isoformat()}, count=len(sheets),
                    family_ids=[s.family_id for s in sheets])
    return {"centre_id": centre.pk, "night": night, "units": [
        {"unit_id": s.unit_id, "unit_name": s.unit_name, "family_id": s.family_id, "family_name": s.family_name,
         "checked": s.checked, "members": [_member(r) for r in s.rows]} for s in sheets]}


@router.put("/stays/{stay_id}/nights/{night}", response=NightOut, summary="Eén nacht van één persoon vastleggen")
@dossier
def put_night(request, stay_id: int, night: datetime.date, payload: NightIn):
    stay = access_presence_stay(user=request.auth, stay_id=stay_id)
    return services.presence_record(actor=request.auth, stay=stay, night=night, status=payload.status,
                                    reason=payload.reason, note=payload.note, version=payload.version)


@router.post("/families/{family_id}/leave", response={201: LeaveOut}, summary="Verlof of afwezigheid vastleggen")
@dossier
def post_leave(request, family_id: int, payload: LeaveIn):
    family = access_family(user=request.auth, family_id=family_id)
    if not can_record_presence(user=request.auth, family=family):
        raise PermissionDenied
    members = [m for m in family_members(family=family) if m.pk in set(payload.member_ids)]
    if len(members) != len(set(payload.member_ids)):
        raise DomainError(_("Choose only members of this family."), field="member_ids")
    rows = services.leave_register(actor=request.auth, family=family, members=members, start=payload.start,
                                   end=payload.end, status=payload.status, reason=payload.reason, note=payload.note)
    return Status(201, {"nights": len(rows)})


@router.get("/families/{family_id}/nights", response=list[PersonNightOut],
            summary="Nachten per persoon en per dag (geboekt en aanwezig)")
@dossier
def family_nights(request, family_id: int, filters: Query[PeriodFilter]):
    family = access_family(user=request.auth, family_id=family_id)
    if filters.end <= filters.start or (filters.end - filters.start).days > 366:
        raise DomainError(_("Choose a period of one day to one year."), field="end")
    audit_record(actor=request.auth, action=AuditAction.VIEW, target=family, object_type="presence.family")
    return selectors.person_nights(family=family, start=filters.start, end=filters.end)
