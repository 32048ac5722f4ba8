"""Writes of the partner directory (no dossier data; changes are still recorded in the audit trail)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.centres.models import Centre
from spalk.core.errors import DomainError
from spalk.partners.models import ContactPerson, Organisation

ORGANISATION_FIELDS = ["name", "kind", "street", "postal_code", "city", "phone", "email", "website", "offer",
                       "accepts_referrals", "is_active", "support_form", "primary_care_zone", "target_groups", "needs",
                       "opening_hours", "referral_access", "how_to_refer", "notes"]
CONTACT_FIELDS = ["name", "function", "phone", "email", "is_active"]


def _save(obj) -> None:
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        if "partner_organisation_name_unique" in str(exc) or "partner_sector_name_unique" in str(exc):
            raise DomainError(_("An organisation with this name is already in the directory."), field="name") from None
        raise


def organisation_create(*, actor: Any, centre: Centre | None, data: dict[str, Any]) -> Organisation:
    """``centre`` None: an entry of the shared sector list."""
    with transaction.atomic():
        org = Organisation(centre=centre, **{k: data[k] for k in ORGANISATION_FIELDS if k in data})
        org.full_clean(validate_constraints=False)
        _save(org)
        audit_record(actor=actor, action=AuditAction.CREATE, target=org,
                     fields=[k for k in ORGANISATION_FIELDS if data.get(k)],
                     extra={"centre": org.centre_id, "sector_list": org.centre_id is None})
    return org


def organisation_update(*, actor: Any, organisation: Organisation, data: dict[str, Any]) -> Organisation:
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        changed = [k for k in ORGANISATION_FIELDS if k in data and getattr(locked, k) != data[k]]
        for k in changed:
            setattr(locked, k, data[k])
        if changed:
            locked.full_clean(validate_constraints=False)
            _save(locked)
            audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, fields=changed,
                         extra={"centre": locked.centre_id, "sector_list": locked.centre_id is None})
    return locked


def contact_create(*, actor: Any, organisation: Organisation, data: dict[str, Any]) -> ContactPerson:
    with transaction.atomic():
        contact = ContactPerson(organisation=organisation, **{k: data[k] for k in CONTACT_FIELDS if k in data})
        contact.full_clean()
        contact.save()
        audit_record(actor=actor, action=AuditAction.CREATE, target=contact,
                     fields=[k for k in CONTACT_FIELDS if data.get(k)], extra={"centre": organisation.centre_id})
    return contact


def contact_update(*, actor: Any, contact: ContactPerson, data: dict[str, Any]) -> ContactPerson:
    with transaction.atomic():
        locked = ContactPerson.objects.select_for_update().get(pk=contact.pk)
        changed = [k for k in CONTACT_FIELDS if k in data and getattr(locked, k) != data[k]]
        for k in changed:
            setattr(locked, k, data[k])
        if changed:
            locked.full_clean()
            locked.save()
            audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, fields=changed)
    return locked
