"""Field history of a family's dossier records, from django-pghistory's event tables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps

from spalk.families.models import Family, FamilyMember

# (model label, pghistory event model, filter to reach the family, field labels source)
TRACKED = [
    ("families.Family", "families.FamilyEvent", "pgh_obj_id"),
    ("families.Person", "families.PersonEvent", "pgh_obj_id__in"),
    ("families.FamilyMember", "families.FamilyMemberEvent", "family_id"),
]
SKIP = {"pgh_id", "pgh_created_at", "pgh_label", "pgh_obj", "pgh_obj_id", "pgh_context", "pgh_context_id",
        "id", "created_at", "updated_at", "version", "created_by"}


@dataclass
class Change:
    at: Any
    model: str
    label: str
    object_name: str
    fields: list[tuple[str, str, Any, Any]]  # (field name, label, before, after)
    actor: Any
    seq: int = 0


def _diffs(events: list, model_cls) -> list[tuple[Any, list[tuple[str, str, Any, Any]], Any]]:
    out = []
    prev: dict[Any, Any] = {}
    for ev in events:
        key = ev.pgh_obj_id
        before = prev.get(key)
        changes = []
        for f in model_cls._meta.concrete_fields:
            name = f.attname
            if f.name in SKIP or name in SKIP:
                continue
            new = getattr(ev, name, None)
            old = getattr(before, name, None) if before is not None else None
            if before is None and new in (None, "", False):
                continue
            if before is None or old != new:
                label = str(f.verbose_name)
                if f.choices:
                    mapping = dict(f.flatchoices)
                    old, new = mapping.get(old, old), mapping.get(new, new)
                changes.append((f.name, label, old, new))
        prev[key] = ev
        if changes:
            out.append((ev, changes, before))
    return out


def family_history(*, family: Family) -> list[Change]:
    """Every recorded change to the family, its memberships and its members' person records, newest first."""
    person_ids = list(FamilyMember.objects.filter(family=family).values_list("person_id", flat=True))
    result: list[Change] = []
    for model_label, event_label, lookup in TRACKED:
        event_model = apps.get_model(event_label)
        model_cls = apps.get_model(model_label)
        value = person_ids if lookup.endswith("__in") else family.pk
        related = ["pgh_context", "pgh_obj"] + (["person"] if model_label == "families.FamilyMember" else [])
        events = list(event_model.objects.filter(**{lookup: value}).select_related(*related)
                      .order_by("pgh_obj_id", "pgh_id"))
        for ev, changes, _before in _diffs(events, model_cls):
            ctx = ev.pgh_context.metadata if ev.pgh_context_id else {}
            name = str(ev.pgh_obj) if model_label != "families.FamilyMember" else str(ev.person)
            result.append(Change(at=ev.pgh_created_at, model=str(model_cls._meta.verbose_name),
                                 label=ev.pgh_label, object_name=name, fields=changes,
                                 actor=ctx.get("user"), seq=ev.pgh_id))
    _label_actors(result)
    result.sort(key=lambda c: (c.at, c.seq), reverse=True)
    return result


def _label_actors(changes: list[Change]) -> None:
    """pghistory stores the acting user's id in its context; show names (one query for all)."""
    from spalk.accounts.models import User

    ids = {c.actor for c in changes if isinstance(c.actor, int)}
    names = {u.pk: str(u) for u in User.objects.filter(pk__in=ids)}
    for c in changes:
        c.actor = names.get(c.actor, "") if isinstance(c.actor, int) else ""
