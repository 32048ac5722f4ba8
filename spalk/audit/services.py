"""The one audit path: every read and write of dossier data calls ``audit_record``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models, transaction

from spalk.audit.models import AuditAction, AuditEvent
from spalk.core.context import current


def _family_and_person(target: models.Model | None) -> tuple[int | None, int | None, int | None]:
    """Derive (centre_id, family_id, person_id) from a target record, without extra queries."""
    if target is None:
        return None, None, None
    label = target._meta.label_lower
    if label == "families.family":
        return target.centre_id, target.pk, None  # type: ignore[attr-defined]
    if label == "families.person":
        return target.centre_id, None, target.pk  # type: ignore[attr-defined]
    family_id = getattr(target, "family_id", None)
    person_id = getattr(target, "person_id", None)
    centre_id = getattr(target, "centre_id", None)
    return centre_id, family_id, person_id


def audit_record(
    *,
    actor: Any,
    action: AuditAction | str,
    target: models.Model | None = None,
    family: models.Model | None = None,
    person: models.Model | None = None,
    fields: Iterable[str] = (),
    reason: str = "",
    extra: dict | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
) -> AuditEvent:
    """Append one audit row. Call it inside the same ``transaction.atomic()`` as the write it records.

    Rows name what was touched and which fields changed, never the dossier content itself.
    """
    centre_id, family_id, person_id = _family_and_person(target)
    if family is not None:
        family_id = family.pk
        centre_id = centre_id or getattr(family, "centre_id", None)
    if person is not None:
        person_id = person.pk
        centre_id = centre_id or getattr(person, "centre_id", None)
    ctx = current()
    user = actor if getattr(actor, "pk", None) else None
    event = AuditEvent(
        actor=user,
        actor_label=(getattr(actor, "email", "") or "")[:254] if user else str(actor or "system")[:254],
        action=str(action),
        centre_id=centre_id,
        family_id=family_id,
        person_id=person_id,
        object_type=object_type or (target._meta.label_lower if target is not None else ""),
        object_id=str(object_id if object_id is not None else (target.pk if target is not None else "")),
        fields=sorted(set(fields)),
        reason=reason,
        via=ctx.via if ctx else "cli",
        ip=ctx.ip if ctx else None,
        request_id=ctx.request_id if ctx else "",
        path=(ctx.path if ctx else "")[:300],
        extra=extra or {},
    )
    if not transaction.get_connection().in_atomic_block:
        with transaction.atomic():
            event.save(force_insert=True)
    else:
        event.save(force_insert=True)
    return event


def audit_list_read(*, actor: Any, action: AuditAction | str, object_type: str, query: dict,
                    count: int, family_ids: Iterable[int] = ()) -> AuditEvent:
    """Record a list or search read: the filters used and how many rows were shown (not the rows)."""
    ids = list(family_ids)[:200]
    return audit_record(actor=actor, action=action, object_type=object_type,
                        extra={"query": query, "count": count, "family_ids": ids})
