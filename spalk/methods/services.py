"""Writes of the methods catalogue (sector data, no dossier content); audited like every write."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.core.errors import ConcurrentEditError, DomainError
from spalk.methods.models import Method, MethodArea

FIELDS = ["name", "description", "structured_form", "is_active"]


def method_create(*, actor: Any, area: MethodArea, name: str, description: str = "",
                  structured_form: str = "") -> Method:
    name = name.strip()
    if not name:
        raise DomainError(_("Give the method a name."), field="name")
    with transaction.atomic():
        if Method.objects.filter(area=area, name__iexact=name).exists():
            raise DomainError(_("This area already has a method with this name."), field="name")
        base = slugify(name)[:50] or "methodiek"
        code, n = base, 1
        while Method.objects.filter(code=code).exists():
            n += 1
            code = f"{base}-{n}"
        order = (Method.objects.filter(area=area).order_by("-order").values_list("order", flat=True).first() or 0) + 1
        method = Method(area=area, code=code, name=name, description=description.strip(),
                        structured_form=structured_form, order=order)
        method.full_clean()
        method.save()
        audit_record(actor=actor, action=AuditAction.CREATE, target=method, fields=["name", "area", "description"])
    return method


def method_update(*, actor: Any, method: Method, version: int, data: dict[str, Any]) -> Method:
    """Rename, describe, or retire (``is_active``) a method; notes keep their tags to a retired method."""
    with transaction.atomic():
        locked = Method.objects.select_for_update().get(pk=method.pk)
        if locked.version != version:
            raise ConcurrentEditError()
        changed = [f for f in FIELDS if f in data and getattr(locked, f) != data[f]]
        if "name" in changed:
            data["name"] = data["name"].strip()
            if Method.objects.filter(area_id=locked.area_id, name__iexact=data["name"]).exclude(pk=locked.pk).exists():
                raise DomainError(_("This area already has a method with this name."), field="name")
        if not changed:
            return locked
        for f in changed:
            setattr(locked, f, data[f])
        locked.version += 1
        locked.full_clean()
        locked.save()
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, fields=changed)
    return locked
