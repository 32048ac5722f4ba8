"""Writes of centres (the installation administrator; the permanence number also the director and the centre
administrator). Every write and its audit row share one transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.centres.models import Centre
from spalk.core.errors import DomainError

CENTRE_FIELDS = ["name", "short_name", "organisation", "street", "postal_code", "city", "phone", "permanence_phone",
                 "email", "website"]


def _check_unique(data: dict[str, Any], *, exclude_pk: int | None = None) -> None:
    others = Centre.objects.exclude(pk=exclude_pk) if exclude_pk else Centre.objects.all()
    if others.filter(name__iexact=data.get("name", "")).exists():
        raise DomainError(_("A centre with this name already exists."), field="name")
    if others.filter(short_name__iexact=data.get("short_name", "")).exists():
        raise DomainError(_("A centre with this short name already exists."), field="short_name")


def centre_create(*, actor: Any, data: dict[str, Any]) -> Centre:
    _check_unique(data)
    with transaction.atomic():
        centre = Centre(**{k: (data.get(k) or "").strip() for k in CENTRE_FIELDS})
        centre.full_clean()
        centre.save()
        audit_record(actor=actor, action=AuditAction.ACCOUNT, target=centre, object_type="centres.centre",
                     fields=[k for k in CENTRE_FIELDS if data.get(k)], extra={"event": "centre_created"})
    return centre


def centre_update(*, actor: Any, centre: Centre, data: dict[str, Any]) -> Centre:
    with transaction.atomic():
        locked = Centre.objects.select_for_update().get(pk=centre.pk)
        values = {k: (data.get(k) or "").strip() for k in CENTRE_FIELDS if k in data}
        changed = [k for k, v in values.items() if getattr(locked, k) != v]
        if not changed:
            return locked
        _check_unique({**{k: getattr(locked, k) for k in CENTRE_FIELDS}, **values}, exclude_pk=locked.pk)
        for k in changed:
            setattr(locked, k, values[k])
        locked.full_clean()
        locked.save(update_fields=changed)
        audit_record(actor=actor, action=AuditAction.ACCOUNT, target=locked, fields=changed,
                     extra={"event": "centre_updated"})
    return locked


def centre_set_active(*, actor: Any, centre: Centre, active: bool) -> Centre:
    """A deactivated centre keeps its data; its staff lose every right that comes from it."""
    with transaction.atomic():
        locked = Centre.objects.select_for_update().get(pk=centre.pk)
        if locked.is_active == active:
            return locked
        locked.is_active = active
        locked.save(update_fields=["is_active"])
        audit_record(actor=actor, action=AuditAction.ACCOUNT, target=locked, fields=["is_active"],
                     extra={"event": "centre_reactivated" if active else "centre_deactivated"})
    return locked


def centre_contact_update(*, actor: Any, centre: Centre, permanence_phone: str) -> Centre:
    """The centre's 24/7 permanence number (already checked and written as E.164 by the form)."""
    with transaction.atomic():
        locked = Centre.objects.select_for_update().get(pk=centre.pk)
        value = (permanence_phone or "").strip()
        if locked.permanence_phone == value:
            return locked
        locked.permanence_phone = value
        locked.full_clean()
        locked.save(update_fields=["permanence_phone"])
        audit_record(actor=actor, action=AuditAction.ACCOUNT, target=locked, fields=["permanence_phone"],
                     extra={"event": "centre_contact_updated"})
    return locked
