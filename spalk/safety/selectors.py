"""Reads of child safety. Callers pass families and records that passed the policy (spalk.access.policy.safety);
every list here is built in a fixed number of queries, whatever the number of rows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from spalk.access.policy import (
    can_do_safety_work,
    partner_centres,
    visible_contact_restrictions,
    visible_kindreflex_procedures,
    visible_safety_mappings,
    visible_safety_plans,
)
from spalk.families.models import Family, MemberRole, Person
from spalk.safety.kindreflex import STEPS, next_step
from spalk.safety.models import (
    ContactRestriction,
    KindreflexProcedure,
    MappingEntry,
    MappingEntryRevision,
    SafetyMapping,
    SafetyPerson,
    SafetyPlan,
    ScalingScoreRevision,
    in_force_on,
)


@dataclass
class SafetyHeader:
    """What the family page's header says about safety (two queries, whatever the number of rows)."""

    plan_id: int | None = None
    persons: int = 0
    review_due: bool = False
    restrictions: list[ContactRestriction] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return self.plan_id is not None or bool(self.restrictions)


def family_safety_header(*, user: Any, family: Family, today: datetime.date) -> SafetyHeader:
    header = SafetyHeader()
    plan = (visible_safety_plans(user=user, family=family).filter(ended_on__isnull=True)
            .annotate(n=Count("persons", filter=Q(persons__ended_on__isnull=True))).values("pk", "n", "review_on")
            .first())
    if plan is not None:
        header.plan_id, header.persons = plan["pk"], plan["n"]
        header.review_due = plan["review_on"] <= today
    header.restrictions = list(visible_contact_restrictions(user=user, family=family).filter(in_force_on(today))
                               .select_related("child").order_by("valid_from", "pk"))
    return header


def current_plan(*, user: Any, family: Family) -> SafetyPlan | None:
    persons = SafetyPerson.objects.filter(ended_on__isnull=True).order_by("order", "pk")
    return (visible_safety_plans(user=user, family=family).filter(ended_on__isnull=True)
            .prefetch_related("rules", Prefetch("persons", queryset=persons)).first())


def plan_detail(*, plan: SafetyPlan) -> SafetyPlan:
    persons = SafetyPerson.objects.filter(ended_on__isnull=True).order_by("order", "pk")
    return (SafetyPlan.objects.filter(pk=plan.pk).select_related("family", "family__centre", "mapping")
            .prefetch_related("rules", Prefetch("persons", queryset=persons)).get())


@dataclass
class RestrictionGroups:
    in_force: list[ContactRestriction]
    upcoming: list[ContactRestriction]
    ended: list[ContactRestriction]


def restriction_groups(*, user: Any, family: Family, today: datetime.date) -> RestrictionGroups:
    rows = list(visible_contact_restrictions(user=user, family=family).select_related("child")
                .order_by("-valid_from", "pk"))
    return RestrictionGroups(
        in_force=[r for r in rows if r.in_force(today)],
        upcoming=[r for r in rows if r.valid_from > today],
        ended=[r for r in rows if r.valid_until is not None and r.valid_until < today])


def family_children(*, family: Family):
    return (Person.objects.filter(memberships__family=family,
                                  memberships__role__in=[MemberRole.CHILD, MemberRole.UNBORN])
            .order_by("birth_date", "pk"))


def family_safety_page(*, user: Any, family: Family, today: datetime.date) -> dict[str, Any]:
    """Everything of the family's safety page, in a fixed number of queries."""
    work = can_do_safety_work(user=user, family=family)
    ctx: dict[str, Any] = {
        "plan": current_plan(user=user, family=family),
        "ended_plans": list(visible_safety_plans(user=user, family=family).filter(ended_on__isnull=False)
                            .order_by("-ended_on")[:10]),
        "restrictions": restriction_groups(user=user, family=family, today=today),
        "work": work, "today": today,
    }
    if work:
        ctx["mappings"] = list(visible_safety_mappings(user=user, family=family).select_related("child")
                               .order_by("closed_on", "-mapped_on", "-pk"))
        ctx["procedures"] = procedure_list(qs=visible_kindreflex_procedures(user=user, family=family))
    return ctx


# --- Signs of Safety ----------------------------------------------------------------------------------------

def mapping_detail(*, mapping: SafetyMapping) -> dict[str, Any]:
    from spalk.safety.chart import scaling_chart
    from spalk.safety.models import EntryKind

    revisions = Prefetch("revisions", queryset=MappingEntryRevision.objects.select_related("corrected_by")
                         .order_by("-number"))
    entries = list(MappingEntry.objects.filter(mapping=mapping).select_related("removed_by")
                   .prefetch_related(revisions).order_by("pk"))
    score_revisions = Prefetch("revisions", queryset=ScalingScoreRevision.objects.select_related("corrected_by")
                               .order_by("-number"))
    all_scores = list(mapping.scores.select_related("removed_by").prefetch_related(score_revisions)
                      .order_by("scored_on", "pk"))
    scores = [s for s in all_scores if s.removed_at is None]  # what was removed as a mistake leaves the chart
    columns = {kind: [e for e in entries if e.kind == kind] for kind in EntryKind.values}
    return {
        "columns": [(EntryKind(k), columns[k]) for k in (EntryKind.WORRY, EntryKind.WORKING_WELL, EntryKind.NEXT_STEP)],
        "dangers": columns[EntryKind.DANGER], "goals": columns[EntryKind.GOAL], "scores": all_scores,
        "chart": scaling_chart(scores), "participants": list(dict.fromkeys(s.participant for s in scores)),
        "reviews": list(mapping.reviews.select_related("reviewed_by").order_by("-reviewed_on", "-pk")),
        "plans": list(mapping.plans.order_by("-agreed_on")),
    }


def reviews_due(*, mappings, today: datetime.date, within_days: int = 7):
    """Open mappings whose review is due within ``within_days`` (or overdue)."""
    return (mappings.filter(closed_on__isnull=True, next_review_on__lte=today + datetime.timedelta(days=within_days))
            .select_related("family", "child").order_by("next_review_on", "pk"))


# --- Kindreflex ---------------------------------------------------------------------------------------------

@dataclass
class ProcedureRow:
    procedure: KindreflexProcedure
    recorded: list[int]
    next: int | None

    @property
    def next_title(self) -> str:
        return str(STEPS[self.next].title) if self.next else ""


def procedure_list(*, qs) -> list[ProcedureRow]:
    rows = list(qs.select_related("child", "family").prefetch_related("steps").order_by("status", "-started_on",
                                                                                          "-pk"))
    out = []
    for p in rows:
        recorded = sorted(s.number for s in p.steps.all())
        out.append(ProcedureRow(procedure=p, recorded=recorded, next=next_step(recorded)))
    return out


def procedure_detail(*, procedure: KindreflexProcedure) -> dict[str, Any]:
    steps = {s.number: s for s in procedure.steps.select_related("colleague", "recorded_by")}
    rows = []
    for number, definition in STEPS.items():
        step = steps.get(number)
        answers = [(q.label, (step.answers or {}).get(q.key, "")) for q in definition.questions] if step else []
        rows.append({"definition": definition, "step": step, "answers": answers})
    return {
        "steps": rows, "next": next_step(steps) if procedure.is_open else None,
        "consultations": list(procedure.consultations.select_related("organisation").order_by("-consulted_on")),
        "partners": list(procedure.partners.order_by("name")),
    }


def partner_organisations(*, user: Any, family: Family):
    """Organisations of the family's centre's partner directory that this user may read."""
    from spalk.partners.models import Organisation

    centres = partner_centres(user=user)
    return Organisation.objects.filter(centre_id=family.centre_id, centre_id__in=centres,
                                       is_active=True).order_by("name", "pk")


def centre_colleagues(*, family: Family, exclude_user: Any):
    """Staff with a current membership in the family's centre, other than ``exclude_user`` (step 2)."""
    from spalk.accounts.models import User

    today = timezone.localdate()
    return (User.objects.filter(memberships__centre_id=family.centre_id, memberships__start_date__lte=today,
                                is_active=True).exclude(memberships__end_date__lt=today)
            .exclude(pk__in=[getattr(exclude_user, "pk", 0) or 0]).distinct().order_by("first_name", "last_name", "pk"))


# --- the API's records, with what their schemas show (callers pass ids that passed the policy) ---------------

def mapping_for_api(mapping_id: int) -> SafetyMapping:
    return (SafetyMapping.objects.filter(pk=mapping_id)
            .prefetch_related("entries__revisions", "scores__revisions", "reviews").get())


def entry_for_api(entry_id: int) -> MappingEntry:
    return MappingEntry.objects.prefetch_related("revisions").get(pk=entry_id)


def score_for_api(score_id: int):
    from spalk.safety.models import ScalingScore

    return ScalingScore.objects.prefetch_related("revisions").get(pk=score_id)


def procedure_for_api(procedure_id: int) -> KindreflexProcedure:
    return KindreflexProcedure.objects.prefetch_related("steps", "partners", "consultations").get(pk=procedure_id)
