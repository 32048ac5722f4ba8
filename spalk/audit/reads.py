"""Read auditing made structural: one view event per request that answered with dossier data.

During a request, ``AuditReadMiddleware`` opens a *ledger*. The access policy notes in it every record it let
through (``note_access``) and every refusal of an existing-looking id (``note_denied``); ``audit_record`` with a
read action (view, search, export, print) adds its row to the ledger instead of writing it at once. When the
response is ready, the middleware writes what the ledger holds:

- exactly one read event when the request answered 2xx and either touched a ``@dossier`` route or recorded a
  read (the explicit reads and the records the policy let through are merged into that one row);
- no read event when the request wrote (its create/update/delete rows already say who touched what), or when it
  answered with an error (nothing was shown);
- a "denied" event per refused id, at most ``SPALK_DENIED_AUDIT_PER_HOUR`` per person per hour, so that probing
  cannot flood the table (the last one says that further refusals are counted, not written).

One INSERT per request at most for the reads (``make bench`` shows the query counts). Outside a request (commands,
tests calling services directly) there is no ledger and ``audit_record`` writes as it always did.
"""

from __future__ import annotations

import contextvars
import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils import timezone

logger = logging.getLogger("spalk.audit")

READ_ACTIONS = frozenset({"view", "search", "export", "print"})
# the strongest kind of read names the merged row
_READ_RANK = {"view": 0, "search": 1, "print": 2, "export": 3}
MAX_OBJECTS = 50
MAX_FAMILY_IDS = 200


@dataclass
class Ledger:
    dossier_route: str = ""  # the @dossier view that ran, if any
    policy_called: bool = False
    actor: Any = None
    reads: list[dict] = field(default_factory=list)  # deferred audit_record(...) keyword arguments
    accessed: list[tuple[str, int, int | None, int | None, int | None]] = field(default_factory=list)
    denied: list[tuple[Any, str, str]] = field(default_factory=list)  # (user, object type, id)
    wrote: bool = False


_ledger: contextvars.ContextVar[Ledger | None] = contextvars.ContextVar("spalk_audit_ledger", default=None)


def current_ledger() -> Ledger | None:
    return _ledger.get()


def open_ledger() -> contextvars.Token:
    return _ledger.set(Ledger())


def close_ledger(token: contextvars.Token) -> None:
    _ledger.reset(token)


def _remember_actor(ledger: Ledger, user: Any) -> None:
    if ledger.actor is None and getattr(user, "pk", None):
        ledger.actor = user


def note_policy_call(*, user: Any) -> None:
    """The access policy was asked (any ``visible_*`` / ``access_*`` / ``can_*``)."""
    ledger = _ledger.get()
    if ledger is not None:
        ledger.policy_called = True
        _remember_actor(ledger, user)


def _ids_of(target: models.Model) -> tuple[int | None, int | None, int | None]:
    """(centre_id, family_id, person_id) of a record, from attributes already loaded (no queries)."""
    label = target._meta.label_lower
    if label == "families.family":
        return getattr(target, "centre_id", None), target.pk, None
    if label == "families.person":
        return getattr(target, "centre_id", None), None, target.pk
    family_id = getattr(target, "family_id", None)
    centre_id = getattr(target, "centre_id", None)
    if family_id is None:
        # records reached through a trajectory (module episodes) or a safety mapping (its entries and scores)
        for via in ("trajectory", "mapping"):
            parent = target._state.fields_cache.get(via)
            if parent is not None:
                family_id = parent.family_id
                break
    return centre_id, family_id, getattr(target, "person_id", None)


def note_access(*, user: Any, target: models.Model) -> None:
    """The policy let ``target`` through for ``user`` in this request."""
    ledger = _ledger.get()
    if ledger is None:
        return
    ledger.policy_called = True
    _remember_actor(ledger, user)
    if len(ledger.accessed) < MAX_OBJECTS:
        centre_id, family_id, person_id = _ids_of(target)
        ledger.accessed.append((target._meta.label_lower, target.pk, centre_id, family_id, person_id))


def note_denied(*, user: Any, object_type: str, object_id: Any) -> None:
    """The policy refused an id (404): recorded as "denied" when the response is written."""
    ledger = _ledger.get()
    if ledger is None or not getattr(user, "pk", None):
        return
    ledger.denied.append((user, object_type, str(object_id)[:60]))


def defer_read(kwargs: dict) -> bool:
    """Keep a read event for the end of the request. False when there is no request to keep it for."""
    ledger = _ledger.get()
    if ledger is None:
        return False
    _remember_actor(ledger, kwargs.get("actor"))
    ledger.reads.append(kwargs)
    return True


def note_write() -> None:
    ledger = _ledger.get()
    if ledger is not None:
        ledger.wrote = True


def mark_dossier_route(name: str) -> None:
    ledger = _ledger.get()
    if ledger is not None and not ledger.dossier_route:
        ledger.dossier_route = name


def _merged_read(ledger: Ledger) -> dict:
    """The keyword arguments of the one read event of the request."""
    from spalk.audit.models import AuditAction

    reads = ledger.reads
    action = max((str(r.get("action", "view")) for r in reads), key=lambda a: _READ_RANK.get(a, 0),
                 default=str(AuditAction.VIEW))
    family_ids: list[int] = []
    extra: dict = {}
    for read in reads:
        read_extra = dict(read.get("extra") or {})
        family_ids.extend(read_extra.pop("family_ids", []))
        for key, value in read_extra.items():
            extra.setdefault(key, value)
    objects = [[label, pk] for label, pk, *_ in ledger.accessed]
    accessed_families = [fid for *_, fid, _pid in ledger.accessed if fid is not None]
    if reads:
        merged = dict(reads[0])
        merged["action"] = action
    elif ledger.accessed:
        label, pk, centre_id, family_id, person_id = ledger.accessed[0]
        merged = {"action": action, "object_type": label, "object_id": pk, "centre_id": centre_id,
                  "family_id": family_id, "person_id": person_id}
    else:
        merged = {"action": action, "object_type": f"route:{ledger.dossier_route}"[:60]}
    # fill the dossier ids from what the policy let through when the explicit read did not name them
    if ledger.accessed:
        _label, _pk, centre_id, family_id, person_id = ledger.accessed[0]
        merged.setdefault("centre_id", centre_id)
        merged.setdefault("family_id", family_id)
        merged.setdefault("person_id", person_id)
    all_families = list(dict.fromkeys([*family_ids, *accessed_families]))
    if len(all_families) > 1 or family_ids:
        extra["family_ids"] = all_families[:MAX_FAMILY_IDS]
    if len(objects) > 1:
        extra["objects"] = objects
    if len(reads) > 1:
        extra["reads"] = [_read_label(r) for r in reads][:MAX_OBJECTS]
    merged["extra"] = extra
    return merged


def _read_label(read: dict) -> str:
    target = read.get("target")
    return str(read.get("object_type") or (target._meta.label_lower if target is not None else ""))


def _denied_allowance(user_id: int) -> int:
    """How many denied events this person may still leave this hour (counted in the shared cache)."""
    limit = settings.SPALK_DENIED_AUDIT_PER_HOUR
    key = f"spalk:denied:{user_id}:{timezone.now():%Y%m%d%H}"
    if cache.add(key, 1, timeout=3700):
        return limit
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3700)
        used = 1
    return limit - used + 1


def flush(*, ledger: Ledger, request: Any, status_code: int) -> None:
    """Write what the request's ledger holds (called once, by AuditReadMiddleware)."""
    from spalk.audit.services import write_event

    actor = ledger.actor
    if actor is None:
        user = getattr(request, "user", None)
        actor = user if getattr(user, "is_authenticated", False) else getattr(request, "auth", None)
    shown = 200 <= status_code < 300
    if shown and not ledger.wrote and (ledger.reads or ledger.dossier_route):
        merged = _merged_read(ledger)
        merged.setdefault("actor", actor)
        write_event(**merged)
    for user, object_type, object_id in ledger.denied[:5]:
        allowance = _denied_allowance(user.pk)
        if allowance <= 0:
            logger.warning("denied access not audited (limit reached): user=%s %s:%s", user.pk, object_type,
                           object_id)
            continue
        extra = {"limit_reached": True} if allowance == 1 else {}
        write_event(actor=user, action="denied", object_type=object_type, object_id=object_id, extra=extra)
