"""Writes of units, out-of-service periods and allocations.

Double booking is impossible in the database (exclusion constraints on ``daterange``); the services lock
the unit row first so that concurrent requests queue up, then look for a conflict to explain it in Dutch
(which unit, which dates; never whose stay it is), and finally translate a constraint violation that would
still slip through into the same message.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateRange
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.centres.models import Centre
from spalk.core.errors import ConcurrentEditError, DomainError
from spalk.families.models import Family, FamilyMember, MemberRole
from spalk.stays.models import Allocation, AllocationMember, Unit, UnitOutOfService

UNIT_FIELDS = ["name", "kind", "capacity_adults", "capacity_children", "cots", "features", "is_active"]
STAYING_ROLES = (MemberRole.PARENT, MemberRole.CHILD)


def fmt(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _period(start: datetime.date, end: datetime.date, *, field: str = "end") -> DateRange:
    if start is None or end is None:
        raise DomainError(_("Give both the arrival date and the departure date."), field=field)
    if end <= start:
        raise DomainError(_("The departure date must come after the arrival date (at least one night)."),
                          field=field)
    return DateRange(start, end, "[)")


def unit_create(*, actor: Any, centre: Centre, data: dict[str, Any]) -> Unit:
    with transaction.atomic():
        if Unit.objects.filter(centre=centre, name__iexact=data["name"]).exists():
            raise DomainError(_("This centre already has a unit with this name."), field="name")
        unit = Unit(centre=centre, **{k: data[k] for k in UNIT_FIELDS if k in data})
        unit.full_clean()
        unit.save()
        audit_record(actor=actor, action=AuditAction.CREATE, target=unit, fields=[k for k in UNIT_FIELDS if k in data])
    return unit


def _stays_from(unit: Unit, day: datetime.date) -> list[tuple[Allocation, int, int]]:
    """Current and coming stays in ``unit`` with the number of adults and children staying."""
    rows = []
    for allocation in Allocation.objects.filter(unit=unit, period__endswith__gt=day).prefetch_related(
            "members__member").order_by("period"):
        adults = sum(1 for m in allocation.members.all() if m.member.role == MemberRole.PARENT)
        rows.append((allocation, adults, len(allocation.members.all()) - adults))
    return rows


def unit_update(*, actor: Any, unit: Unit, data: dict[str, Any], version: int) -> Unit:
    """Change a unit (capacity, features, taking it out of use) with optimistic locking.

    A unit cannot be taken out of use, nor made smaller, while a current or coming stay needs it: the message
    names the dates so the person can move that stay first.
    """
    with transaction.atomic():
        locked = _lock_unit(unit)
        if locked.version != version:
            raise ConcurrentEditError()
        changed = [k for k in UNIT_FIELDS if k in data and data[k] is not None and getattr(locked, k) != data[k]]
        if not changed:
            return locked
        if "name" in changed and Unit.objects.filter(centre_id=locked.centre_id, name__iexact=data["name"]).exclude(
                pk=locked.pk).exists():
            raise DomainError(_("This centre already has a unit with this name."), field="name")
        for k in changed:
            setattr(locked, k, data[k])
        stays = _stays_from(locked, timezone.localdate()) if {"is_active", "capacity_adults", "capacity_children",
                                                              "cots"} & set(changed) else []
        for allocation, adults, children in stays:
            dates = {"unit": locked.name, "start": fmt(allocation.period.lower), "end": fmt(allocation.period.upper)}
            if not locked.is_active:
                raise DomainError(_("%(unit)s is booked from %(start)s to %(end)s. Move or end that stay before "
                                    "taking the unit out of use.") % dates, field="is_active", code="booked")
            if adults > locked.capacity_adults or children > locked.capacity_children + locked.cots:
                raise DomainError(_("The stay from %(start)s to %(end)s in %(unit)s needs more places than that. "
                                    "Move that stay first or keep the capacity.") % dates,
                                  field="capacity_adults" if adults > locked.capacity_adults else "capacity_children",
                                  code="booked")
        locked.full_clean()
        locked.version = F("version") + 1
        locked.save()
        locked.refresh_from_db()
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, fields=changed)
    return locked


def _conflict_in(unit: Unit, period: DateRange, exclude_pk: int | None = None) -> DomainError | None:
    """The first booking or out-of-service period of ``unit`` overlapping ``period``, explained."""
    booked = Allocation.objects.filter(unit=unit, period__overlap=period)
    if exclude_pk:
        booked = booked.exclude(pk=exclude_pk)
    other = booked.order_by("period").values_list("period", flat=True).first()
    if other is not None:
        return DomainError(_("%(unit)s is already booked from %(start)s to %(end)s. Choose another unit or other "
                             "dates.") % {"unit": unit.name, "start": fmt(other.lower), "end": fmt(other.upper)},
                           field="unit", code="double_booking")
    oos = UnitOutOfService.objects.filter(unit=unit, period__overlap=period).order_by("period").first()
    if oos is not None:
        return DomainError(_("%(unit)s is out of service from %(start)s to %(end)s (%(reason)s). Choose another "
                             "unit or other dates.") % {"unit": unit.name, "start": fmt(oos.period.lower),
                                                        "end": fmt(oos.period.upper), "reason": oos.reason},
                           field="unit", code="out_of_service")
    return None


def _lock_unit(unit: Unit) -> Unit:
    return Unit.objects.select_for_update().get(pk=unit.pk)


def _unborn_until(member: FamilyMember, family_members: list[FamilyMember], end: datetime.date
                  ) -> datetime.date | None:
    if not member.pregnant:
        return None
    expected = sorted(m.person.expected_birth_date for m in family_members
                      if m.role == MemberRole.UNBORN and m.person.expected_birth_date)
    return expected[0] if expected else end


def _allocation_add(*, actor: Any, family: Family, unit: Unit, start: datetime.date, end: datetime.date,
                    members: list[FamilyMember], trajectory: Any = None) -> Allocation:
    """Book ``unit`` for ``family`` and the ``members`` staying. Private to the stay services: it writes no audit
    row, so only callers that record one in the same transaction use it (``trajectories.services.switch_to_residence``,
    reached through ``stay_book``, admission with a stay and the API booking)."""
    period = _period(start, end)
    if unit.centre_id != family.centre_id:
        raise DomainError(_("This unit belongs to another centre."), field="unit")
    if not unit.is_active:
        raise DomainError(_("%(unit)s is not in use.") % {"unit": unit.name}, field="unit")
    if not members:
        raise DomainError(_("Choose who will stay in the unit."), field="members")
    family_members = list(FamilyMember.objects.filter(family=family).select_related("person"))
    if any(m.family_id != family.pk for m in members):
        raise DomainError(_("Only members of this family can stay in its unit."), field="members")
    if any(m.role not in STAYING_ROLES for m in members):
        raise DomainError(_("Only parents and children stay in a unit; an unborn child counts with the pregnant "
                            "parent."), field="members")
    adults = sum(1 for m in members if m.role == MemberRole.PARENT)
    children = len(members) - adults
    if adults > unit.capacity_adults or children > unit.capacity_children + unit.cots:
        raise DomainError(_("%(unit)s has room for %(adults)s adult(s) and %(children)s child(ren) (%(cots)s in a "
                            "cot).") % {"unit": unit.name, "adults": unit.capacity_adults,
                                        "children": unit.capacity_children + unit.cots, "cots": unit.cots},
                          field="members")
    with transaction.atomic():
        unit = _lock_unit(unit)
        conflict = _conflict_in(unit, period)
        if conflict is not None:
            raise conflict
        try:
            with transaction.atomic():
                allocation = Allocation.objects.create(unit=unit, family=family, trajectory=trajectory, period=period,
                                                       created_by=actor if getattr(actor, "pk", None) else None)
                for m in members:
                    AllocationMember.objects.create(allocation=allocation, member=m, period=period,
                                                    unborn_until=_unborn_until(m, family_members, end))
        except IntegrityError as exc:
            if "allocation_member_one_place" in str(exc):
                raise DomainError(_("One of these members already stays in another unit during this period. "
                                    "End that stay first."), field="members", code="double_booking") from None
            if "allocation_no_double_booking" in str(exc):
                raise (_conflict_in(unit, period) or DomainError(
                    _("%(unit)s is already booked in this period.") % {"unit": unit.name}, field="unit",
                    code="double_booking")) from None
            raise
    return allocation


def _allocation_end_on(*, allocation: Allocation, end: datetime.date) -> Allocation | None:
    """Let the stay end on ``end`` (departure date). A stay not yet begun is cancelled (returns None). Private like
    ``_allocation_add``: the trajectory services that call it record the audit row."""
    with transaction.atomic():
        _lock_unit(allocation.unit)
        if end <= allocation.period.lower:
            allocation.delete()
            return None
        if end > allocation.period.upper:
            conflict = _conflict_in(allocation.unit, DateRange(allocation.period.upper, end, "[)"),
                                    exclude_pk=allocation.pk)
            if conflict is not None:
                raise conflict
        new = DateRange(allocation.period.lower, end, "[)")
        old_end = allocation.period.upper
        for am in AllocationMember.objects.filter(allocation=allocation):
            if am.period.lower >= end:
                am.delete()
                continue
            upper = am.period.upper
            if end < upper or upper == old_end:  # shorten, or move along with the family's departure
                upper = end
            am.period = DateRange(am.period.lower, upper, "[)")
            am.save(update_fields=["period"])
        allocation.period = new
        allocation.save(update_fields=["period"])
    return allocation


def out_of_service_add(*, actor: Any, unit: Unit, start: datetime.date, end: datetime.date,
                       reason: str) -> UnitOutOfService:
    period = _period(start, end)
    if not (reason or "").strip():
        raise DomainError(_("Give the reason why the unit cannot be used."), field="reason")
    with transaction.atomic():
        unit = _lock_unit(unit)
        conflict = _conflict_in(unit, period)
        if conflict is not None:
            raise DomainError(_("%(unit)s cannot be taken out of service in this period: it is booked or already out "
                                "of service. %(detail)s") % {"unit": unit.name, "detail": conflict.message},
                              field="start", code=conflict.code)
        oos = UnitOutOfService.objects.create(unit=unit, period=period, reason=reason.strip(),
                                              created_by=actor if getattr(actor, "pk", None) else None)
        audit_record(actor=actor, action=AuditAction.CREATE, target=oos, fields=["period", "reason"])
    return oos
