"""Evaluations of the goals of a signed plan: progress on a scale, evidence from the logbook, a decision.

An evaluation round records one evaluation per goal on the same day. Evaluations do not change the signed
plan; ``plan_revise`` carries the last decision of each goal into the next version.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spalk.access.policy import visible_notes
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.core.errors import DomainError, raise_if_any
from spalk.plans.models import Decision, Evaluation, Goal, Plan, Progress


@dataclass
class EvaluationInput:
    goal: Goal
    progress: int
    decision: str
    comment: str = ""
    family_comment: str = ""
    evidence_ids: list[int] = field(default_factory=list)


def evaluation_problems(*, plan: Plan, evaluated_on: datetime.date | None,
                        items: list[EvaluationInput]) -> list[DomainError]:
    problems = []
    if not plan.is_signed:
        problems.append(DomainError(_("Only a signed plan is evaluated. Sign the plan first."), code="draft"))
    if evaluated_on is None:
        problems.append(DomainError(_("Fill in the day of the evaluation."), field="evaluated_on"))
    elif evaluated_on > timezone.localdate():
        problems.append(DomainError(_("An evaluation cannot be on a day still to come."), field="evaluated_on"))
    elif plan.signed_on and evaluated_on < plan.signed_on:
        problems.append(DomainError(_("An evaluation cannot be before the plan was signed."), field="evaluated_on"))
    if not items:
        problems.append(DomainError(_("Evaluate at least one goal."), field="goals"))
    for item in items:
        if item.goal.plan_id != plan.pk:
            problems.append(DomainError(_("Evaluate goals of this plan."), field="goals"))
        if item.progress not in Progress.values:
            problems.append(DomainError(_("Choose the progress on the scale."), field=f"progress_{item.goal.pk}"))
        if item.decision not in Decision.values:
            problems.append(DomainError(_("Choose a decision: continue, adjust, reached or stopped."),
                                        field=f"decision_{item.goal.pk}"))
    return problems


def evaluation_round(*, actor: Any, plan: Plan, evaluated_on: datetime.date | None,
                     items: list[EvaluationInput]) -> list[Evaluation]:
    """Record the evaluation of the given goals of a signed plan on one day (one audit row per evaluation)."""
    raise_if_any(evaluation_problems(plan=plan, evaluated_on=evaluated_on, items=items))
    assert evaluated_on is not None
    wanted = {pk for item in items for pk in item.evidence_ids}
    notes = {n.pk: n for n in visible_notes(user=actor, family=plan.family).filter(pk__in=wanted)} if wanted else {}
    if wanted - set(notes):
        raise DomainError(_("Choose notes of this family's logbook as evidence."), field="evidence")
    out = []
    with transaction.atomic():
        for item in items:
            evaluation = Evaluation.objects.create(
                goal=item.goal, family=plan.family, lineage=item.goal.lineage, evaluated_on=evaluated_on,
                progress=item.progress, decision=item.decision, comment=item.comment.strip(),
                family_comment=item.family_comment.strip(), evaluated_by=actor)
            if item.evidence_ids:
                evaluation.evidence.set([notes[pk] for pk in item.evidence_ids])
            audit_record(actor=actor, action=AuditAction.CREATE, target=evaluation, family=plan.family,
                         person=item.goal.person,
                         fields=["progress", "decision", "comment", "family_comment"]
                         + (["evidence"] if item.evidence_ids else []))
            out.append(evaluation)
    return out


def evaluations_of(*, user: Any, plan: Plan) -> dict[Any, list[Evaluation]]:
    """The evaluations of each goal of ``plan`` (over every version: by lineage), newest first."""
    from spalk.access.policy import visible_evaluations

    lineages = list(plan.goals.values_list("lineage", flat=True))
    out: dict[Any, list[Evaluation]] = {lineage: [] for lineage in lineages}
    rows = visible_evaluations(user=user, family=plan.family).filter(lineage__in=lineages).select_related(
        "evaluated_by").prefetch_related("evidence").order_by("-evaluated_on", "-pk")
    for e in rows:
        out[e.lineage].append(e)
    return out



HISTORY_FIELDS = ("pk", "lineage", "evaluated_on", "progress", "decision", "comment", "family_comment")


@dataclass
class History:
    """The evaluations of goal lineages, newest first, as rows of ``HISTORY_FIELDS`` (not model instances: a page
    reads hundreds), and the logbook notes each cites (id and moment, newest first): what the plan page shows."""

    by_lineage: dict[Any, list[Any]]
    evidence: dict[int, list[tuple[int, datetime.datetime]]]


def evaluation_history(*, user: Any, plan: Plan, lineages: list[Any]) -> History:
    """The evaluations of the given goal lineages (over every version) with their evidence, in two queries and
    without a queryset per evaluation (a plan page shows hundreds of them)."""
    from spalk.access.policy import visible_evaluations

    out = History(by_lineage={lineage: [] for lineage in lineages}, evidence={})
    rows = list(visible_evaluations(user=user, family=plan.family).filter(lineage__in=lineages)
                .order_by("-evaluated_on", "-pk").values_list(*HISTORY_FIELDS, named=True))
    for e in rows:
        out.by_lineage[e.lineage].append(e)
    if rows:
        cited = (Evaluation.evidence.through.objects.filter(evaluation_id__in=[e.pk for e in rows])
                 .order_by("-note__moment", "-note_id").values_list("evaluation_id", "note_id", "note__moment"))
        for evaluation_id, note_id, moment in cited:
            out.evidence.setdefault(evaluation_id, []).append((note_id, moment))
    return out
