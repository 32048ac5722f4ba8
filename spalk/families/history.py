"""Field history of a family's dossier records, from django-pghistory's event tables, in people's words:
field labels, names and readable values (a centre's name, "ja"/"nee", a formatted national number), never
model names or ids."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum.be import nn

from spalk.families.models import Family, FamilyMember

# (model label, pghistory event model, filter to reach the family)
TRACKED = [
    ("families.Family", "families.FamilyEvent", "pgh_obj_id"),
    ("families.Person", "families.PersonEvent", "pgh_obj_id__in"),
    ("families.FamilyMember", "families.FamilyMemberEvent", "family_id"),
]
SKIP = {"pgh_id", "pgh_created_at", "pgh_label", "pgh_obj", "pgh_obj_id", "pgh_context", "pgh_context_id",
        "id", "created_at", "updated_at", "version", "created_by"}
# Links that only say where a record belongs (the family of a membership is this family, its person is
# named in the heading): not a change a reader needs to see.
SKIP_PER_MODEL = {"families.FamilyMember": {"family", "person"}, "families.Person": {"centre"}}
# What a change is about, per model and pghistory label.
WHAT = {
    ("families.Family", "insert"): gettext_lazy("family created"),
    ("families.Family", "update"): gettext_lazy("family details changed"),
    ("families.Person", "insert"): gettext_lazy("personal details recorded"),
    ("families.Person", "update"): gettext_lazy("personal details changed"),
    ("families.FamilyMember", "insert"): gettext_lazy("added to the family"),
    ("families.FamilyMember", "update"): gettext_lazy("place in the family changed"),
}


@dataclass
class Change:
    at: Any
    model: str
    label: str
    object_name: str
    fields: list[tuple[str, str, Any, Any]]  # (field name, label, before, after): readable values
    actor: Any
    seq: int = 0
    what: str = ""


def _diffs(events: list, model_cls, skip: set[str]) -> list[tuple[Any, list[tuple[str, models.Field, Any, Any]]]]:
    out = []
    prev: dict[Any, Any] = {}
    for ev in events:
        before = prev.get(ev.pgh_obj_id)
        changes = []
        for f in model_cls._meta.concrete_fields:
            name = f.attname
            if f.name in SKIP or name in SKIP or f.name in skip:
                continue
            new = getattr(ev, name, None)
            old = getattr(before, name, None) if before is not None else None
            if before is None and new in (None, "", False):
                continue
            if before is None or old != new:
                changes.append((f.name, f, old, new))
        prev[ev.pgh_obj_id] = ev
        if changes:
            out.append((ev, changes))
    return out


def _related_names(raw: list[tuple[Any, list[tuple[str, models.Field, Any, Any]]]]) -> dict[tuple, str]:
    """The names of every record a foreign key in the changes points at: one query per related model."""
    wanted: dict[Any, set] = defaultdict(set)
    for _ev, changes in raw:
        for _name, f, old, new in changes:
            if f.is_relation and f.related_model is not None:
                wanted[f.related_model].update(v for v in (old, new) if v is not None)
    return {(model, obj.pk): str(obj) for model, pks in wanted.items()
            for obj in model._default_manager.filter(pk__in=pks)}


def _readable(f: models.Field, value: Any, names: dict[tuple, str]) -> Any:
    """A value as a person reads it; None shows as "—"."""
    if value is None or value == "":
        return None
    if f.is_relation and f.related_model is not None:
        return names.get((f.related_model, value), _("(removed)"))
    if f.choices:
        return dict(f.flatchoices).get(value, value)
    if isinstance(f, models.BooleanField):
        return _("yes") if value else _("no")
    if f.name == "national_number" and nn.is_valid(value):
        return nn.format(value)
    return value


def family_history(*, family: Family) -> list[Change]:
    """Every recorded change to the family, its memberships and its members' person records, newest first."""
    person_ids = list(FamilyMember.objects.filter(family=family).values_list("person_id", flat=True))
    collected: list[tuple[str, Any, Any, list]] = []
    for model_label, event_label, lookup in TRACKED:
        event_model = apps.get_model(event_label)
        model_cls = apps.get_model(model_label)
        value = person_ids if lookup.endswith("__in") else family.pk
        related = ["pgh_context", "pgh_obj"] + (["person"] if model_label == "families.FamilyMember" else [])
        events = list(event_model.objects.filter(**{lookup: value}).select_related(*related)
                      .order_by("pgh_obj_id", "pgh_id"))
        for ev, changes in _diffs(events, model_cls, SKIP_PER_MODEL.get(model_label, set())):
            collected.append((model_label, model_cls, ev, changes))
    names = _related_names([(ev, changes) for _l, _m, ev, changes in collected])
    result: list[Change] = []
    for model_label, model_cls, ev, changes in collected:
        ctx = ev.pgh_context.metadata if ev.pgh_context_id else {}
        name = str(ev.pgh_obj) if model_label != "families.FamilyMember" else str(ev.person)
        fields = [(n, str(f.verbose_name), _readable(f, old, names), _readable(f, new, names))
                  for n, f, old, new in changes]
        result.append(Change(at=ev.pgh_created_at, model=str(model_cls._meta.verbose_name), label=ev.pgh_label,
                             object_name=name, fields=fields, actor=ctx.get("user"), seq=ev.pgh_id,
                             what=str(WHAT.get((model_label, ev.pgh_label), ""))))
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
