"""/api/v1/stays: units and occupancy (centre data), allocations (dossier data), through policy and audit.

Allocations are booked and changed through the trajectory services, so the rules of a stay hold whatever the
channel: a stay belongs to the family's open trajectory, runs alongside contextbegeleiding, starts only with a
positive indication where the access route needs one, and its stay modules follow its departure date.
"""

from __future__ import annotations

import datetime
from typing import Literal

from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from spalk.access.declare import dossier, staff_only
from spalk.access.policy import (
    Action,
    access_allocation,
    access_family,
    access_stay_centre,
    access_unit,
    visible_allocations,
    visible_units,
)
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_list_read, audit_record
from spalk.core.errors import DomainError
from spalk.core.params import Limit, Month, Offset, parse_month
from spalk.families.selectors import family_members
from spalk.stays import occupancy, selectors, services
from spalk.trajectories import services as trajectory_services

router = Router(tags=["stays"])


class UnitOut(Schema):
    id: int
    centre_id: int
    name: str
    kind: str
    capacity_adults: int
    capacity_children: int
    cots: int
    features: str
    is_active: bool
    version: int


class UnitPatch(Schema):
    version: int = Field(description="The version you read; 409 when someone else changed the unit since.")
    name: str | None = Field(None, min_length=1, max_length=100)
    kind: Literal["room", "studio", "apartment"] | None = None
    capacity_adults: int | None = Field(None, ge=0, le=20)
    capacity_children: int | None = Field(None, ge=0, le=20)
    cots: int | None = Field(None, ge=0, le=20)
    features: str | None = Field(None, max_length=300)
    is_active: bool | None = None


class AllocationOut(Schema):
    id: int
    unit_id: int
    family_id: int
    trajectory_id: int | None
    start: datetime.date = Field(alias="period.lower")
    end: datetime.date = Field(alias="period.upper")
    member_ids: list[int]
    warnings: list[str] = Field([], description="Dutch warnings after a write, e.g. a crisis stay nearing the "
                                                "centre's maximum length or an indication running out.")

    @staticmethod
    def resolve_member_ids(obj):
        return [m.member_id for m in obj.members.all()]


class AllocationIn(Schema):
    family_id: int
    unit_id: int
    care: Literal["stay_high", "stay_low", "crisis"] = Field(
        description="Kind of stay: high or low frequency, or a short crisis stay. Each member staying gets the "
                    "stay module of their access route.")
    start: datetime.date
    end: datetime.date = Field(description="Planned departure date (the first day no longer in the unit).")
    member_ids: list[int] = Field(min_length=1)


class AllocationPatch(Schema):
    end: datetime.date


class DayOut(Schema):
    day: datetime.date
    persons: int
    unborn: int
    families: int
    units_occupied: int
    units_free: int
    units_out_of_service: int
    beds_in_service: int
    beds_free: int
    present: int = Field(description="Booked person-nights the presence register records as present.")
    on_leave: int
    absent: int
    unchecked: int = Field(description="Booked person-nights nobody checked (yet).")


class OccupancyOut(Schema):
    centre_id: int
    start: datetime.date
    end: datetime.date
    count_unborn: bool
    person_nights: int
    unborn_nights: int
    families: int
    rate: float
    present_nights: int = Field(description="Person-nights actually spent in the centre (presence register).")
    leave_nights: int
    absent_nights: int
    unchecked_nights: int
    presence_rate: float = Field(description="Present person-nights as a share of the booked ones (0-100).")
    days: list[DayOut]


class CentreFilter(Schema):
    centre_id: int | None = None


class OccupancyFilter(Schema):
    centre_id: int | None = None
    month: Month = ""


@router.get("/units", response=list[UnitOut], summary="Eenheden van uw centra")
@staff_only("units are centre data for staff of the centre")
def list_units(request, filters: Query[CentreFilter]):
    qs = visible_units(user=request.auth)
    if filters.centre_id is not None:
        qs = qs.filter(centre_id=access_stay_centre(user=request.auth, centre_id=filters.centre_id).pk)
    return list(qs.order_by("centre_id", Lower("name")))


@router.get("/units/{unit_id}", response=UnitOut, summary="Eén eenheid")
@staff_only("units are centre data for staff of the centre")
def get_unit(request, unit_id: int):
    return access_unit(user=request.auth, unit_id=unit_id)


@router.patch("/units/{unit_id}", response=UnitOut, summary="Eenheid wijzigen (met versie)",
              description="Capaciteit, kenmerken of in gebruik (`is_active`) wijzigen; voor teamverantwoordelijken "
                          "en directeurs. Stuur de `version` mee die u las (409 bij een gelijktijdige wijziging). "
                          "Een eenheid met een huidig of gepland verblijf kan niet uit gebruik of kleiner (422).")
@staff_only("units are centre data; changing one needs team lead or director of its centre")
def update_unit(request, unit_id: int, payload: UnitPatch):
    unit = access_unit(user=request.auth, unit_id=unit_id, manage=True)
    data = payload.dict(exclude_unset=True, exclude={"version"})
    return services.unit_update(actor=request.auth, unit=unit, data=data, version=payload.version)


@router.get("/occupancy", response=OccupancyOut, summary="Bezetting per nacht voor één maand")
@staff_only("aggregated occupancy of the user's own centres; no dossier content")
def get_occupancy(request, filters: Query[OccupancyFilter]):
    centre = access_stay_centre(user=request.auth, centre_id=filters.centre_id)
    year, month = parse_month(filters.month, timezone.localdate())
    report = occupancy.month_occupancy(centre_id=centre.pk, year=year, month=month)
    return {"centre_id": centre.pk, "start": report.start, "end": report.end, "count_unborn": report.count_unborn,
            "person_nights": report.person_nights, "unborn_nights": report.unborn_nights,
            "families": report.families, "rate": report.rate, "present_nights": report.present_nights,
            "leave_nights": report.leave_nights, "absent_nights": report.absent_nights,
            "unchecked_nights": report.unchecked_nights, "presence_rate": report.presence_rate, "days": report.days}


class AllocationFilter(Schema):
    family_id: int | None = None
    limit: Limit = 100
    offset: Offset = 0


@router.get("/allocations", response=list[AllocationOut], summary="Verblijven van gezinnen waartoe u toegang hebt")
@dossier
def list_allocations(request, filters: Query[AllocationFilter]):
    qs = visible_allocations(user=request.auth)
    if filters.family_id is not None:
        qs = qs.filter(family_id=filters.family_id)
    rows = list(selectors.allocation_list(allocations=qs)[filters.offset:filters.offset + filters.limit])
    audit_list_read(actor=request.auth, action=AuditAction.VIEW, object_type="stays.allocation",
                    query=filters.dict(), count=len(rows), family_ids=sorted({a.family_id for a in rows}))
    return rows


@router.get("/allocations/{allocation_id}", response=AllocationOut, summary="Eén verblijf")
@dossier
def get_allocation(request, allocation_id: int):
    allocation = access_allocation(user=request.auth, allocation_id=allocation_id)
    audit_record(actor=request.auth, action=AuditAction.VIEW, target=allocation, family=allocation.family)
    return allocation


def _with_warnings(allocation, warnings: list[str]) -> AllocationOut:
    """The allocation as AllocationOut, with the warnings of the write that produced it."""
    return AllocationOut.from_orm(allocation).model_copy(update={"warnings": list(warnings)})


@router.post("/allocations", response={201: AllocationOut},
             summary="Eenheid toewijzen aan een gezin (verblijf starten)",
             description="Boekt de eenheid binnen het lopende traject van het gezin, zoals het scherm 'Verblijf "
                         "starten': elk verblijvend lid krijgt de verblijfsmodule van zijn toegangsweg, naast de "
                         "contextbegeleiding. Zonder lopend traject, zonder contextbegeleiding of zonder positieve "
                         "indicatie waar die nodig is: 422 met een Nederlandse uitleg. Waarschuwingen (bv. de "
                         "maximumduur van een crisisverblijf) staan in `warnings`.")
@dossier
def create_allocation(request, payload: AllocationIn):
    family = access_family(user=request.auth, family_id=payload.family_id, action=Action.EDIT)
    unit = visible_units(user=request.auth).filter(pk=payload.unit_id, centre_id=family.centre_id).first()
    if unit is None:
        raise DomainError(_("Choose a unit of this family's centre."), field="unit_id")
    by_pk = {m.pk: m for m in family_members(family=family)}
    if any(pk not in by_pk for pk in payload.member_ids):
        raise DomainError(_("Choose members of this family."), field="member_ids")
    outcome = trajectory_services.stay_book(actor=request.auth, family=family, unit=unit, care=payload.care,
                                            members=[by_pk[pk] for pk in payload.member_ids],
                                            start_date=payload.start, planned_end=payload.end)
    return Status(201, _with_warnings(outcome.allocation, outcome.warnings))


@router.patch("/allocations/{allocation_id}", response={200: AllocationOut, 204: None},
              summary="Vertrekdatum wijzigen (een verblijf dat nog niet begon wordt geannuleerd)",
              description="Verplaatst de vertrekdatum van de eenheid en de geplande einddatum van de "
                          "verblijfsmodules van wie er verblijft in één stap. Een vertrekdatum vandaag of vroeger "
                          "beëindigt ook die modules; een vertrek op of voor de aankomst annuleert het verblijf (204). "
                          "Een crisisverblijf langer dan het maximum van het centrum geeft een waarschuwing in "
                          "`warnings`, geen weigering.")
@dossier
def change_allocation(request, allocation_id: int, payload: AllocationPatch):
    allocation = access_allocation(user=request.auth, allocation_id=allocation_id, action=Action.EDIT)
    change = trajectory_services.stay_change_end(actor=request.auth, allocation=allocation, end=payload.end)
    if change.allocation is None:
        return Status(204, None)
    result = selectors.allocation_list(allocations=visible_allocations(user=request.auth)).get(pk=allocation.pk)
    return Status(200, _with_warnings(result, change.warnings))
