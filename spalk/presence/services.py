"""Writes of the presence register. Callers pass stays and families that already went through the policy.

Rules:
- a night can be recorded only for a member booked in a unit that night;
- present or absent is recorded for tonight or an earlier night (one cannot check a night that has not
  begun); leave may be planned ahead;
- leave and absence carry a reason; presence carries none.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils import timezone
from django.utils.translation import gettext as _

from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.core.errors import ConcurrentEditError, DomainError
from spalk.families.models import Family, FamilyMember
from spalk.presence.models import AbsenceReason, NightStatus, PresenceNight
from spalk.presence.selectors import current_night
from spalk.stays.models import AllocationMember

FIELDS = ["status", "reason", "note"]


def _clean(status: str, reason: str, night: datetime.date) -> str:
    if status not in NightStatus.values:
        raise DomainError(_("Choose present, on leave or absent."), field="status")
    if status == NightStatus.PRESENT:
        reason = ""
    elif reason not in AbsenceReason.values:
        raise DomainError(_("Choose a reason for the leave or absence."), field="reason")
    if status != NightStatus.LEAVE and night > current_night():
        raise DomainError(_("This night has not begun yet. Only leave can be planned ahead."), field="night")
    return reason


def _write(*, actor: Any, stay: AllocationMember, night: datetime.date, status: str, reason: str, note: str,
           now: datetime.datetime, version: int | None = None) -> tuple[PresenceNight, bool]:
    if not (stay.period.lower <= night < stay.period.upper):
        raise DomainError(_("This person is not booked in a unit that night."), field="night")
    row = PresenceNight.objects.select_for_update().filter(member_id=stay.member_id, night=night).first()
    if row is None:
        row = PresenceNight(family_id=stay.allocation.family_id, stay=stay, member_id=stay.member_id, night=night)
    elif version is not None and version != row.version:
        raise ConcurrentEditError()
    else:
        if (row.status, row.reason, row.note, row.stay_id) == (status, reason, note, stay.pk):
            return row, False
        row.version += 1
    row.stay, row.status, row.reason, row.note = stay, status, reason, note[:200]
    row.recorded_at, row.recorded_by = now, actor if getattr(actor, "pk", None) else None
    row.full_clean(validate_unique=False)
    row.save()
    return row, True


def presence_record(*, actor: Any, stay: AllocationMember, night: datetime.date, status: str, reason: str = "",
                    note: str = "", version: int | None = None) -> PresenceNight:
    """Record one member's night (a tap on the nightly check)."""
    reason = _clean(status, reason, night)
    with transaction.atomic():
        row, changed = _write(actor=actor, stay=stay, night=night, status=status, reason=reason, note=note,
                              now=timezone.now(), version=version)
        if changed:
            audit_record(actor=actor, action=AuditAction.UPDATE, target=row, family=stay.allocation.family,
                         fields=FIELDS, extra={"night": night.isoformat()})
    return row


def unit_all_present(*, actor: Any, stays: list[AllocationMember], night: datetime.date) -> list[PresenceNight]:
    """"Everyone is here": every booked member of a unit without a record for the night becomes present.

    Members already recorded (for example on planned leave) keep what was recorded.
    """
    _clean(NightStatus.PRESENT, "", night)
    if not stays:
        return []
    now = timezone.now()
    with transaction.atomic():
        recorded = set(PresenceNight.objects.select_for_update().filter(
            member_id__in=[s.member_id for s in stays], night=night).values_list("member_id", flat=True))
        rows = [_write(actor=actor, stay=s, night=night, status=NightStatus.PRESENT, reason="", note="", now=now)[0]
                for s in stays if s.member_id not in recorded]
        for family_id in sorted({s.allocation.family_id for s in stays}):
            audit_record(actor=actor, action=AuditAction.UPDATE, object_type="presence.presencenight",
                         family=next(s.allocation.family for s in stays if s.allocation.family_id == family_id),
                         fields=FIELDS, extra={"night": night.isoformat(), "all_present": True,
                                               "count": sum(1 for r in rows if r.family_id == family_id)})
    return rows


def leave_register(*, actor: Any, family: Family, members: list[FamilyMember], start: datetime.date,
                   end: datetime.date, status: str, reason: str, note: str = "") -> list[PresenceNight]:
    """Leave or absence of some members over the nights ``[start, end)``; only booked nights are written."""
    if start is None or end is None or end <= start:
        raise DomainError(_("The day of return must come after the first night away."), field="end")
    if end - start > datetime.timedelta(days=92):
        raise DomainError(_("Record at most three months at once."), field="end")
    if status == NightStatus.PRESENT:
        raise DomainError(_("Choose on leave or absent."), field="status")
    if any(m.family_id != family.pk for m in members) or not members:
        raise DomainError(_("Choose one or more members of this family."), field="member_ids")
    reason = _clean(status, reason, end - datetime.timedelta(days=1))
    now = timezone.now()
    with transaction.atomic():
        stays = list(AllocationMember.objects.select_related("allocation__family").filter(
            allocation__family=family, member__in=members, period__overlap=DateRange(start, end, "[)")))
        rows = []
        for stay in stays:
            day = max(stay.period.lower, start)
            while day < min(stay.period.upper, end):
                rows.append(_write(actor=actor, stay=stay, night=day, status=status, reason=reason, note=note,
                                   now=now)[0])
                day += datetime.timedelta(days=1)
        if not rows:
            raise DomainError(_("None of these members is booked in a unit on these nights."), field="start")
        audit_record(actor=actor, action=AuditAction.UPDATE, object_type="presence.presencenight", family=family,
                     fields=FIELDS, extra={"start": start.isoformat(), "end": end.isoformat(), "count": len(rows),
                                           "status": status})
    return rows
