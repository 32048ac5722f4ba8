"""Writes of the agenda and of a worker's calendar feed. Callers pass families that passed the policy (EDIT)."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spalk.accounts.models import Membership
from spalk.agenda.models import Appointment, AppointmentKind, CalendarFeed
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.core.errors import ConcurrentEditError, DomainError
from spalk.families.models import Family, FamilyMember

FIELDS = ["kind", "title", "location", "starts_at", "ends_at", "childcare_needed", "note"]
MAX_LENGTH = datetime.timedelta(days=14)


def _staff_ok(family: Family, staff: list[Any]) -> None:
    """Staff on an appointment work in the family's centre (a current membership)."""
    if not staff:
        return
    today = timezone.localdate()
    ok = set(Membership.objects.filter(centre_id=family.centre_id, user__in=staff, start_date__lte=today)
             .exclude(end_date__lt=today).values_list("user_id", flat=True))
    if any(u.pk not in ok for u in staff):
        raise DomainError(_("Choose staff members of this family's centre."), field="staff")


def _persons_ok(family: Family, persons: list[Any]) -> None:
    members = set(FamilyMember.objects.filter(family=family).values_list("person_id", flat=True))
    if any(p.pk not in members for p in persons):
        raise DomainError(_("Choose members of this family."), field="persons")


def _check(data: dict[str, Any]) -> None:
    start, end = data.get("starts_at"), data.get("ends_at")
    if start is None or end is None or end <= start:
        raise DomainError(_("The appointment must end after it starts."), field="ends_at")
    if end - start > MAX_LENGTH:
        raise DomainError(_("An appointment lasts at most two weeks. Make several for a longer period."),
                          field="ends_at")
    if data.get("kind") == AppointmentKind.CHILDCARE and not data.get("persons"):
        raise DomainError(_("Say which children are cared for."), field="persons")


def appointment_create(*, actor: Any, family: Family, data: dict[str, Any]) -> Appointment:
    _check(data)
    persons, staff = list(data.get("persons") or []), list(data.get("staff") or [])
    _persons_ok(family, persons)
    _staff_ok(family, staff)
    with transaction.atomic():
        appointment = Appointment(family=family, created_by=actor if getattr(actor, "pk", None) else None,
                                  **{k: data[k] for k in FIELDS if k in data})
        appointment.full_clean(exclude=["family", "created_by"])
        appointment.save()
        appointment.persons.set(persons)
        appointment.staff.set(staff)
        audit_record(actor=actor, action=AuditAction.CREATE, target=appointment, family=family,
                     fields=[*[k for k in FIELDS if k in data], "persons", "staff"])
    return appointment


def appointment_update(*, actor: Any, appointment: Appointment, data: dict[str, Any], version: int) -> Appointment:
    with transaction.atomic():
        locked = Appointment.objects.select_for_update().select_related("family").get(pk=appointment.pk)
        if locked.version != version:
            raise ConcurrentEditError()
        if locked.cancelled_at is not None:
            raise DomainError(_("This appointment was cancelled. Make a new one instead."))
        merged = {k: getattr(locked, k) for k in FIELDS} | {"persons": list(locked.persons.all())} | data
        _check(merged)
        changed = [k for k in FIELDS if k in data and data[k] != getattr(locked, k)]
        for k in changed:
            setattr(locked, k, data[k])
        if "persons" in data:
            _persons_ok(locked.family, list(data["persons"]))
            locked.persons.set(data["persons"])
            changed.append("persons")
        if "staff" in data:
            _staff_ok(locked.family, list(data["staff"]))
            locked.staff.set(data["staff"])
            changed.append("staff")
        locked.version += 1
        locked.full_clean(exclude=["family", "created_by"])
        locked.save()
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.family, fields=changed)
    return locked


def appointment_cancel(*, actor: Any, appointment: Appointment) -> Appointment:
    with transaction.atomic():
        locked = Appointment.objects.select_for_update().select_related("family").get(pk=appointment.pk)
        if locked.cancelled_at is not None:
            raise DomainError(_("This appointment was already cancelled."))
        locked.cancelled_at = timezone.now()
        locked.version += 1
        locked.save(update_fields=["cancelled_at", "version"])
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.family,
                     fields=["cancelled_at"])
    return locked


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def feed_create(*, actor: Any) -> tuple[CalendarFeed, str]:
    """A new secret feed URL for the actor; the previous one stops working. The raw token is shown once."""
    raw = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.select_for_update().filter(user=actor, revoked_at__isnull=True).update(
            revoked_at=timezone.now())
        feed = CalendarFeed.objects.create(user=actor, token_hash=token_hash(raw), prefix=raw[:6])
        audit_record(actor=actor, action=AuditAction.ACCOUNT, target=feed, object_type="agenda.calendarfeed",
                     fields=["token_hash"], reason="calendar feed created")
    return feed, raw


def feed_revoke(*, actor: Any) -> int:
    with transaction.atomic():
        count = CalendarFeed.objects.filter(user=actor, revoked_at__isnull=True).update(revoked_at=timezone.now())
        if count:
            audit_record(actor=actor, action=AuditAction.ACCOUNT, object_type="agenda.calendarfeed",
                         fields=["revoked_at"], reason="calendar feed revoked")
    return count


def feed_used(*, feed: CalendarFeed) -> None:
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
