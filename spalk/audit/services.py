"""The one audit path: every read and write of dossier data calls ``audit_record``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models, transaction

from spalk.audit import reads
from spalk.audit.models import AuditAction, AuditEvent
from spalk.core.context import current


def _family_and_person(target: models.Model | None) -> tuple[int | None, int | None, int | None]:
    """Derive (centre_id, family_id, person_id) from a target record, without extra queries."""
    if target is None:
        return None, None, None
    label = target._meta.label_lower
    if label == "families.family":
        return getattr(target, "centre_id", None), target.pk, None
    if label == "families.person":
        return getattr(target, "centre_id", None), None, target.pk
    family_id = getattr(target, "family_id", None)
    person_id = getattr(target, "person_id", None)
    centre_id = getattr(target, "centre_id", None)
    return centre_id, family_id, person_id


# Actions that record a change: their row must be written in the same transaction as the change.
WRITE_ACTIONS = frozenset({"create", "update", "delete", "break_glass", "account"})


class AuditOutsideTransaction(RuntimeError):
    """A write was recorded outside a transaction: the change and its audit row could part ways."""


def _in_own_transaction() -> bool:
    """True inside a ``transaction.atomic()`` of the code itself (a test case's wrapping block does not count)."""
    connection = transaction.get_connection()
    return connection.in_atomic_block and any(
        not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


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
    - A write action (create, update, delete, break_glass, account) refuses to run outside a transaction.
    - A read action (view, search, export, print) during a request goes to the request's ledger
      (``spalk.audit.reads``): the request leaves exactly one read event, written when its response is ready.
      The returned event is then not saved yet.
    """
    kwargs = {"actor": actor, "action": str(action), "target": target, "family": family, "person": person,
              "fields": fields, "reason": reason, "extra": extra, "object_type": object_type,
              "object_id": object_id}
    if kwargs["action"] in reads.READ_ACTIONS and reads.defer_read(kwargs):
        return _build(**kwargs)
    if kwargs["action"] in WRITE_ACTIONS:
        if not _in_own_transaction():
            raise AuditOutsideTransaction(f"audit_record({kwargs['action']}) outside transaction.atomic()")
        reads.note_write()
    return write_event(**kwargs)


def write_event(**kwargs: Any) -> AuditEvent:
    """Build and insert one row (the ledger's flush and audit_record use it; nothing else should)."""
    event = _build(**kwargs)
    event.save(force_insert=True)
    return event


def _build(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    family: models.Model | None = None,
    person: models.Model | None = None,
    fields: Iterable[str] = (),
    reason: str = "",
    extra: dict | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    centre_id: int | None = None,
    family_id: int | None = None,
    person_id: int | None = None,
) -> AuditEvent:
    derived_centre, derived_family, derived_person = _family_and_person(target)
    if family is not None:
        derived_family = family.pk
        derived_centre = derived_centre or getattr(family, "centre_id", None)
    if person is not None:
        derived_person = person.pk
        derived_centre = derived_centre or getattr(person, "centre_id", None)
    ctx = current()
    user = actor if getattr(actor, "pk", None) else None
    return AuditEvent(
        actor=user,
        actor_label=(getattr(actor, "email", "") or "")[:254] if user else str(actor or "system")[:254],
        action=action,
        centre_id=derived_centre if derived_centre is not None else centre_id,
        family_id=derived_family if derived_family is not None else family_id,
        person_id=derived_person if derived_person is not None else person_id,
        object_type=(object_type or (target._meta.label_lower if target is not None else ""))[:60],
        object_id=str(object_id if object_id is not None else (target.pk if target is not None else ""))[:60],
        fields=sorted(set(fields)),
        reason=reason,
        via=ctx.via if ctx else "cli",
        ip=ctx.ip if ctx else None,
        request_id=ctx.request_id if ctx else "",
        path=(ctx.path if ctx else "")[:300],
        extra=extra or {},
    )


def audit_list_read(*, actor: Any, action: AuditAction | str, object_type: str, query: dict,
                    count: int, family_ids: Iterable[int] = ()) -> AuditEvent:
    """Record a list or search read: the filters used and how many rows were shown (not the rows)."""
    ids = list(family_ids)[:200]
    return audit_record(actor=actor, action=action, object_type=object_type,
                        extra={"query": query, "count": count, "family_ids": ids})
