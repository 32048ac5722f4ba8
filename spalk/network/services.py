"""Writes of the network app besides consent and shares (spalk.network.consent): network meetings and their
agreements, referrals out, signals to policy. Every write and its audit row share one transaction."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.core.errors import ConcurrentEditError, DomainError
from spalk.network.models import (
    REFERRAL_STEPS,
    Agreement,
    NetworkMeeting,
    PolicySignal,
    Referral,
    ReferralStatus,
)

MEETING_FIELDS = ["kind", "held_on", "family_participants", "network_participants", "partner_participants",
                  "family_voice", "summary", "next_on"]


def _check_meeting(data: dict[str, Any]) -> None:
    if data.get("next_on") and data.get("held_on") and data["next_on"] < data["held_on"]:
        raise DomainError(_("The next meeting lies before this one."), field="next_on")


def meeting_create(*, actor: Any, family, data: dict[str, Any]) -> NetworkMeeting:
    _check_meeting(data)
    with transaction.atomic():
        meeting = NetworkMeeting(centre_id=family.centre_id, family=family, created_by=actor,
                                 **{k: data[k] for k in MEETING_FIELDS if data.get(k) is not None})
        meeting.full_clean(exclude=["created_by", "withheld_by"])
        meeting.save()
        if data.get("organisations"):
            meeting.organisations.set(data["organisations"])
        if data.get("staff"):
            meeting.staff.set(data["staff"])
        audit_record(actor=actor, action=AuditAction.CREATE, target=meeting, family=family,
                     fields=[k for k in MEETING_FIELDS if data.get(k)])
    return meeting


def meeting_update(*, actor: Any, meeting: NetworkMeeting, data: dict[str, Any], version: int | None
                   ) -> NetworkMeeting:
    with transaction.atomic():
        locked = NetworkMeeting.objects.select_for_update().get(pk=meeting.pk)
        if version is not None and version != locked.version:
            raise ConcurrentEditError()
        _check_meeting({**{k: getattr(locked, k) for k in MEETING_FIELDS}, **data})
        changed = [k for k in MEETING_FIELDS if k in data and getattr(locked, k) != (data[k] if data[k] is not None
                                                                                      or k.endswith("_on") else "")]
        for k in changed:
            setattr(locked, k, data[k] if data[k] is not None or k.endswith("_on") else "")
        if changed:
            locked.version += 1
            locked.save(update_fields=[*changed, "version", "updated_at"])
        for rel in ("organisations", "staff"):
            if rel in data and set(getattr(locked, rel).values_list("pk", flat=True)) != {o.pk for o in data[rel]}:
                getattr(locked, rel).set(data[rel])
                changed.append(rel)
        if changed:
            audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.family, fields=changed)
    return locked


def agreement_add(*, actor: Any, meeting: NetworkMeeting, data: dict[str, Any]) -> Agreement:
    if not (data.get("what") or "").strip():
        raise DomainError(_("Write what was agreed."), field="what")
    with transaction.atomic():
        agreement = Agreement.objects.create(meeting=meeting, family_id=meeting.family_id, what=data["what"],
                                             who=data.get("who") or "", responsible=data.get("responsible"),
                                             due_on=data.get("due_on"))
        audit_record(actor=actor, action=AuditAction.CREATE, target=agreement, family=meeting.family,
                     fields=[k for k in ("what", "who", "responsible", "due_on") if data.get(k)])
    return agreement


def agreement_set_done(*, actor: Any, agreement: Agreement, done: bool) -> Agreement:
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        value = timezone.localdate() if done else None
        if (locked.done_on is None) == (value is None):
            return locked
        locked.done_on = value
        locked.save(update_fields=["done_on"])
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=agreement.family,
                     fields=["done_on"])
    return locked


# --- Referrals out --------------------------------------------------------------------------------------------


def referral_create(*, actor: Any, family, data: dict[str, Any]) -> Referral:
    org, contact = data["organisation"], data.get("contact")
    if org.centre_id not in (None, family.centre_id):
        raise DomainError(_("Choose an organisation from this centre's directory or the sector list."),
                          field="organisation")
    if contact is not None and contact.organisation_id != org.pk:
        raise DomainError(_("This person does not work at the chosen organisation."), field="contact")
    if not (data.get("reason") or "").strip():
        raise DomainError(_("Write why the family is referred."), field="reason")
    with transaction.atomic():
        referral = Referral.objects.create(centre_id=family.centre_id, family=family, organisation=org,
                                           contact=contact, support_form=data.get("support_form"),
                                           reason=data["reason"], created_by=actor)
        audit_record(actor=actor, action=AuditAction.CREATE, target=referral, family=family,
                     fields=["organisation", "reason", "status"], extra={"organisation_id": org.pk})
    return referral


REFERRAL_FIELDS = ["status", "status_note", "handover_confirmed_on", "handover_confirmed_by", "follow_up_on",
                   "follow_up_note"]


def referral_update(*, actor: Any, referral: Referral, data: dict[str, Any], version: int | None) -> Referral:
    """Status (proposed → accepted → started, or refused), the warm hand-over, the follow-up after care ends."""
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if version is not None and version != locked.version:
            raise ConcurrentEditError()
        status = data.get("status", locked.status)
        if status != locked.status and status not in REFERRAL_STEPS[locked.status]:
            raise DomainError(_("A referral with status '%(from)s' cannot become '%(to)s'.")
                              % {"from": ReferralStatus(locked.status).label, "to": ReferralStatus(status).label},
                              field="status")
        confirmed_on = data.get("handover_confirmed_on", locked.handover_confirmed_on)
        if confirmed_on and status not in (ReferralStatus.ACCEPTED, ReferralStatus.STARTED):
            raise DomainError(_("The partner confirms the hand-over once it accepted the referral."),
                              field="handover_confirmed_on")
        if confirmed_on and confirmed_on > timezone.localdate():
            raise DomainError(_("The hand-over cannot be confirmed on a day still to come."),
                              field="handover_confirmed_on")
        if confirmed_on and not (data.get("handover_confirmed_by", locked.handover_confirmed_by) or "").strip():
            raise DomainError(_("Write who at the partner confirmed the hand-over."), field="handover_confirmed_by")
        changed = []
        for k in REFERRAL_FIELDS:
            if k not in data:
                continue
            value = data[k] if data[k] is not None or k.endswith("_on") else ""
            if getattr(locked, k) != value:
                setattr(locked, k, value)
                changed.append(k)
        if changed:
            locked.version += 1
            locked.save(update_fields=[*changed, "version", "updated_at"])
            audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.family, fields=changed)
    return locked


# --- Signals to policy ------------------------------------------------------------------------------------------


def signal_record(*, actor: Any, centre, data: dict[str, Any], family=None) -> PolicySignal:
    if data["noted_on"] > timezone.localdate():
        raise DomainError(_("A signal cannot be noted on a day still to come."), field="noted_on")
    if family is not None and family.centre_id != centre.pk:
        raise DomainError(_("This family belongs to another centre."), field="family")
    with transaction.atomic():
        signal = PolicySignal.objects.create(
            centre=centre, family=family, category=data["category"], municipality=data.get("municipality") or "",
            primary_care_zone=data["primary_care_zone"].strip(), noted_on=data["noted_on"],
            description=data["description"], created_by=actor)
        audit_record(actor=actor, action=AuditAction.CREATE, target=signal, family=family,
                     fields=["category", "primary_care_zone", "noted_on"], extra={"centre": centre.pk})
    return signal


def period_start(day: datetime.date, period: str) -> datetime.date:
    if period == "quarter":
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    if period == "year":
        return day.replace(month=1, day=1)
    return day.replace(day=1)
