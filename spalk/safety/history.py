"""Field history of a family's safety records, from django-pghistory's event tables, in people's words (the
engine of spalk.families.history: field labels, names, readable values, who changed it).

Two tiers, as in the policy: the plan, its rules, the safety persons and the contact restrictions for everyone
who may read the family's safety page; the mappings (entries, scores, reviews) and Kindreflex procedures (steps,
consultations) only for whoever does the safety work (``work=True``)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spalk.families.history import SKIP, Change, _diffs, _label_actors, _readable, _related_names
from spalk.families.models import Family
from spalk.safety.kindreflex import STEPS

# model label → (event filter: "family", "plan", "mapping" or "procedure"; fields a reader does not need)
PLAN_TIER: dict[str, tuple[str, set[str]]] = {
    "safety.SafetyPlan": ("family", {"family", "withheld_at", "withheld_by"}),
    "safety.SafetyRule": ("plan", {"plan", "order"}),
    "safety.SafetyPerson": ("family", {"family", "plan", "order"}),
    "safety.ContactRestriction": ("family", {"family", "withheld_at", "withheld_by"}),
}
WORK_TIER: dict[str, tuple[str, set[str]]] = {
    "safety.SafetyMapping": ("family", {"family", "withheld_at", "withheld_by"}),
    "safety.MappingEntry": ("mapping", {"mapping", "corrections", "withheld_at", "withheld_by", "removed_by"}),
    "safety.ScalingScore": ("mapping", {"mapping", "corrections", "removed_by"}),
    "safety.MappingReview": ("mapping", {"mapping"}),
    "safety.KindreflexProcedure": ("family", {"family", "withheld_at", "withheld_by"}),
    "safety.KindreflexStep": ("procedure", {"procedure", "number"}),
    "safety.KindreflexConsultation": ("procedure", {"procedure"}),
}

BY = {"added_by", "recorded_by", "reviewed_by"}  # the actor of the change is shown already

WHAT = {
    ("safety.SafetyPlan", "insert"): gettext_lazy("safety plan made"),
    ("safety.SafetyPlan", "update"): gettext_lazy("safety plan changed"),
    ("safety.SafetyRule", "insert"): gettext_lazy("rule added to the safety plan"),
    ("safety.SafetyRule", "update"): gettext_lazy("rule of the safety plan changed"),
    ("safety.SafetyRule", "delete"): gettext_lazy("rule taken out of the safety plan"),
    ("safety.SafetyPerson", "insert"): gettext_lazy("safety person added"),
    ("safety.SafetyPerson", "update"): gettext_lazy("safety person changed"),
    ("safety.ContactRestriction", "insert"): gettext_lazy("contact restriction recorded"),
    ("safety.ContactRestriction", "update"): gettext_lazy("contact restriction changed"),
    ("safety.SafetyMapping", "insert"): gettext_lazy("Signs of Safety mapping made"),
    ("safety.SafetyMapping", "update"): gettext_lazy("Signs of Safety mapping changed"),
    ("safety.MappingEntry", "insert"): gettext_lazy("added to the mapping"),
    ("safety.MappingEntry", "update"): gettext_lazy("entry of the mapping changed"),
    ("safety.ScalingScore", "insert"): gettext_lazy("scaling score recorded"),
    ("safety.ScalingScore", "update"): gettext_lazy("scaling score changed"),
    ("safety.MappingReview", "insert"): gettext_lazy("mapping reviewed"),
    ("safety.MappingReview", "update"): gettext_lazy("review changed"),
    ("safety.KindreflexProcedure", "insert"): gettext_lazy("Kindreflex procedure started"),
    ("safety.KindreflexProcedure", "update"): gettext_lazy("Kindreflex procedure changed"),
    ("safety.KindreflexStep", "insert"): gettext_lazy("Kindreflex step recorded"),
    ("safety.KindreflexStep", "update"): gettext_lazy("Kindreflex step updated"),
    ("safety.KindreflexConsultation", "insert"): gettext_lazy("consultation with the VK or the OCJ recorded"),
    ("safety.KindreflexConsultation", "update"): gettext_lazy("consultation with the VK or the OCJ changed"),
}

QUESTIONS = {q.key: str(q.label) for step in STEPS.values() for q in step.questions}


def _short(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= 60 else text[:59] + "…"


# the name of the record an event is about, from the event row itself (a removed rule has no row any more)
NAMES: dict[str, Callable[[Any], str]] = {
    "safety.SafetyPlan": lambda ev: _("safety plan of %(date)s") % {"date": f"{ev.agreed_on:%d/%m/%Y}"},
    "safety.SafetyRule": lambda ev: _short(ev.text),
    "safety.SafetyPerson": lambda ev: ev.name,
    "safety.ContactRestriction": lambda ev: ev.restricted_name,
    "safety.SafetyMapping": lambda ev: ev.title,
    "safety.MappingEntry": lambda ev: _short(ev.text),
    "safety.ScalingScore": lambda ev: ev.participant,
    "safety.MappingReview": lambda ev: _("review of %(date)s") % {"date": f"{ev.reviewed_on:%d/%m/%Y}"},
    "safety.KindreflexProcedure": lambda ev: _("Kindreflex procedure of %(date)s") % {
        "date": f"{ev.started_on:%d/%m/%Y}"},
    "safety.KindreflexStep": lambda ev: _("step %(number)s: %(title)s") % {"number": ev.number,
                                                                          "title": STEPS[ev.number].title},
    "safety.KindreflexConsultation": lambda ev: _("consultation of %(date)s") % {
        "date": f"{ev.consulted_on:%d/%m/%Y}"},
}


def _answers(value: Any) -> Any:
    """A value as text a person reads: a Kindreflex step's answers (JSON by question key) as "question: answer"
    lines, dates as dd/mm/jjjj (Europe/Brussels for a moment)."""
    if isinstance(value, dict):
        lines = [f"{QUESTIONS.get(k, k)}: {v}" for k, v in value.items() if v]
        return "\n".join(lines) or None
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%d/%m/%Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return value


def _parents(family: Family) -> dict[str, list[int]]:
    from spalk.safety.models import KindreflexProcedure, SafetyMapping, SafetyPlan

    return {
        "family": [family.pk],
        "plan": list(SafetyPlan.objects.filter(family=family).values_list("pk", flat=True)),
        "mapping": list(SafetyMapping.objects.filter(family=family).values_list("pk", flat=True)),
        "procedure": list(KindreflexProcedure.objects.filter(family=family).values_list("pk", flat=True)),
    }


def safety_history(*, family: Family, work: bool) -> list[Change]:
    """Every recorded change to the family's safety records, newest first; the safety work only when ``work``."""
    tracked = {**PLAN_TIER, **(WORK_TIER if work else {})}
    parents = _parents(family)
    collected: list[tuple[str, Any, Any, list]] = []
    for label, (via, skip) in tracked.items():
        model_cls = apps.get_model(label)
        event_model = apps.get_model(f"{label}Event")
        events = list(event_model.objects.filter(**{f"{via}_id__in": parents[via]}).select_related("pgh_context")
                      .order_by("pgh_obj_id", "pgh_id"))
        for ev, changes in _diffs([e for e in events if e.pgh_label != "delete"], model_cls, skip | SKIP | BY):
            collected.append((label, model_cls, ev, changes))
        for ev in events:  # a removed rule: what it said
            if ev.pgh_label == "delete":
                collected.append((label, model_cls, ev, [("text", model_cls._meta.get_field("text"), ev.text,
                                                          None)]))
    names = _related_names([(ev, changes) for _l, _m, ev, changes in collected])
    result: list[Change] = []
    for label, model_cls, ev, changes in collected:
        ctx = ev.pgh_context.metadata if ev.pgh_context_id else {}
        fields = [(n, str(f.verbose_name), _answers(_readable(f, old, names)), _answers(_readable(f, new, names)))
                  for n, f, old, new in changes]
        result.append(Change(at=ev.pgh_created_at, model=str(model_cls._meta.verbose_name), label=ev.pgh_label,
                             object_name=NAMES[label](ev), fields=fields, actor=ctx.get("user"), seq=ev.pgh_id,
                             what=str(WHAT.get((label, ev.pgh_label), ""))))
    _label_actors(result)
    result.sort(key=lambda c: (c.at, c.seq), reverse=True)
    return result
