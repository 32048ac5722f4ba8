"""Incidents: reporting, follow-up, closing; team lead and director notified by severity (without content).

A child-safety signal also fires ``signals.child_safety_signal`` after commit: the safety capability opens its
procedure there and its reference is stored on the incident.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from spalk.access.policy import can_write_notes, incident_notification_recipients
from spalk.access.withholding import WithholdReason, withholding_apply
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.centres.models import Centre
from spalk.core.errors import ConcurrentEditError, DomainError
from spalk.families.models import Family, FamilyMember, Person
from spalk.logbook.models import Incident, IncidentKind, Severity
from spalk.logbook.signals import child_safety_signal
from spalk.notifications.services import notify
from spalk.stays.models import Unit

FIELDS = ["kind", "severity", "occurred_at", "description", "actions_taken", "follow_up", "follow_up_due"]


@dataclass
class IncidentInput:
    kind: str
    severity: int
    description: str
    occurred_at: datetime.datetime | None = None
    actions_taken: str = ""
    follow_up: str = ""
    follow_up_due: datetime.date | None = None
    persons: list[Person] | None = None
    others_involved: str = ""
    unit: Unit | None = None
    withheld: bool = False
    withheld_reason: str = ""


def _check(data: IncidentInput, *, family: Family | None, centre: Centre) -> None:
    if data.kind not in IncidentKind.values:
        raise DomainError(_("Choose what kind of incident this is."), field="kind")
    if data.severity not in Severity.values:
        raise DomainError(_("Choose how serious the incident is."), field="severity")
    if not data.description.strip():
        raise DomainError(_("Describe what happened."), field="description")
    if data.occurred_at and data.occurred_at > timezone.now() + datetime.timedelta(minutes=5):
        raise DomainError(_("An incident cannot have happened in the future."), field="occurred_at")
    if data.unit is not None and data.unit.centre_id != centre.pk:
        raise DomainError(_("Choose a unit of this centre."), field="unit")
    if data.withheld and data.withheld_reason not in WithholdReason.values:
        raise DomainError(_("Choose why this is withheld from the family."), field="withheld_reason")
    if data.persons:
        if family is None:
            raise DomainError(_("Persons involved belong to a family: choose the family first."), field="persons")
        members = set(FamilyMember.objects.filter(family=family, person__in=data.persons)
                      .values_list("person_id", flat=True))
        if any(p.pk not in members for p in data.persons):
            raise DomainError(_("Choose members of this family."), field="persons")


def notification_title(incident: Incident) -> str:
    """What a notification says: kind, severity and centre. No names, no description."""
    return _("Incident reported: %(kind)s, severity %(severity)s (%(centre)s)") % {
        "kind": incident.get_kind_display(), "severity": incident.get_severity_display(),
        "centre": incident.centre.short_name or incident.centre.name}


def incident_report(*, actor: Any, centre: Centre, family: Family | None, data: IncidentInput) -> Incident:
    if family is not None and family.centre_id != centre.pk:
        raise DomainError(_("This incident belongs to the family's own centre."), field="family")
    if not can_write_notes(user=actor, family=family, centre_id=centre.pk):
        raise PermissionDenied
    _check(data, family=family, centre=centre)
    now = timezone.now()
    with transaction.atomic():
        incident = Incident(centre=centre, family=family, unit=data.unit, kind=data.kind, severity=data.severity,
                            occurred_at=data.occurred_at or now, description=data.description.strip(),
                            actions_taken=data.actions_taken.strip(), follow_up=data.follow_up.strip(),
                            follow_up_due=data.follow_up_due, others_involved=data.others_involved.strip()[:300],
                            reported_by=actor)
        withholding_apply(incident, actor=actor, withheld=data.withheld, reason=data.withheld_reason, now=now)
        incident.save()
        if data.persons:
            incident.persons.set(data.persons)
        audit_record(actor=actor, action=AuditAction.CREATE, target=incident, family=family,
                     fields=[f for f in FIELDS if getattr(incident, f)] + (["persons"] if data.persons else []))
        recipients = [pk for pk in incident_notification_recipients(centre_id=centre.pk, severity=data.severity)
                      if pk != actor.pk]
        notify(recipient_ids=recipients, kind="incident", title=notification_title(incident),
               url=reverse("logbook:incident_detail", args=[incident.pk]), centre_id=centre.pk,
               object_type="logbook.incident", object_id=incident.pk)
        if incident.kind == IncidentKind.CHILD_SAFETY:
            transaction.on_commit(lambda: _open_safety_procedure(incident, actor))
    return incident


def _open_safety_procedure(incident: Incident, actor: Any) -> None:
    """Let the safety capability open its procedure; store the reference it returns (none yet: no receiver)."""
    for _receiver, reference in child_safety_signal.send(sender=Incident, incident=incident, actor=actor):
        if reference:
            Incident.objects.filter(pk=incident.pk).update(safety_procedure_ref=str(reference)[:60])
            break


def incident_update(*, actor: Any, incident: Incident, version: int, actions_taken: str, follow_up: str,
                    follow_up_due: datetime.date | None, severity: int | None = None) -> Incident:
    """Add actions and follow-up (an incident's description is not rewritten: add to the follow-up)."""
    with transaction.atomic():
        locked = Incident.objects.select_for_update(of=("self",)).select_related("centre", "family").get(
            pk=incident.pk)
        if locked.version != version:
            raise ConcurrentEditError()
        if locked.closed_at is not None:
            raise DomainError(_("This incident is closed. Reopen it first to change it."))
        changes: dict[str, Any] = {"actions_taken": actions_taken.strip(), "follow_up": follow_up.strip(),
                                   "follow_up_due": follow_up_due}
        if severity is not None:
            if severity not in Severity.values:
                raise DomainError(_("Choose how serious the incident is."), field="severity")
            changes["severity"] = severity
        changed = [k for k, v in changes.items() if getattr(locked, k) != v]
        if not changed:
            return locked
        raised = "severity" in changed and changes["severity"] > locked.severity
        for k in changed:
            setattr(locked, k, changes[k])
        locked.version += 1
        locked.save(update_fields=[*changed, "version"])
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.family, fields=changed)
        if raised:
            already = set(incident_notification_recipients(centre_id=locked.centre_id, severity=incident.severity))
            new = [pk for pk in incident_notification_recipients(centre_id=locked.centre_id, severity=locked.severity)
                   if pk not in already and pk != actor.pk]
            notify(recipient_ids=new, kind="incident", title=notification_title(locked),
                   url=reverse("logbook:incident_detail", args=[locked.pk]), centre_id=locked.centre_id,
                   object_type="logbook.incident", object_id=locked.pk)
    return locked


def incident_close(*, actor: Any, incident: Incident, version: int, reopen: bool = False) -> Incident:
    with transaction.atomic():
        locked = Incident.objects.select_for_update(of=("self",)).select_related("family").get(pk=incident.pk)
        if locked.version != version:
            raise ConcurrentEditError()
        if reopen:
            if locked.closed_at is None:
                return locked
            locked.closed_at, locked.closed_by = None, None
        else:
            if locked.closed_at is not None:
                raise DomainError(_("This incident is already closed."))
            locked.closed_at, locked.closed_by = timezone.now(), actor
        locked.version += 1
        locked.save(update_fields=["closed_at", "closed_by", "version"])
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.family,
                     fields=["closed_at"])
    return locked
