"""Reads of the handelingsplan: one version with everything it shows, its versions, differences between them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from spalk.access.policy import visible_goals
from spalk.plans.models import Evaluation, Goal, GoalAction, Plan, PlanSignatory


def goals_of(*, user: Any, plan: Plan) -> QuerySet[Goal]:
    """The goals of a plan already accessed, with what a page shows, without what is withheld from this reader."""
    return visible_goals(Goal.objects.filter(plan=plan), user=user).select_related("person").prefetch_related(
        "methods", Prefetch("actions", queryset=GoalAction.objects.prefetch_related("methods")))


@dataclass
class PlanPage:
    """One version of a plan with what its page shows: the goals this reader may see and who signed."""

    plan: Plan
    goals: list[Goal]
    signatories: list[PlanSignatory]


def plan_get(*, user: Any, plan: Plan) -> PlanPage:
    """The goals with what the plan page and the editor show (not the methods of each action: the API's)."""
    goals = visible_goals(Goal.objects.filter(plan=plan), user=user).select_related("person").prefetch_related(
        "methods", "actions")
    return PlanPage(plan=plan, goals=list(goals), signatories=list(PlanSignatory.objects.filter(plan=plan)))


def plan_versions(*, plan: Plan) -> list[Plan]:
    """Every version of the plan's trajectory, newest first."""
    return list(Plan.objects.filter(trajectory_id=plan.trajectory_id).prefetch_related("signatories")
                .order_by("-version"))


def trajectory_plans(*, trajectory: Any) -> list[Plan]:
    return list(Plan.objects.filter(trajectory=trajectory).prefetch_related("signatories").order_by("-version"))


def last_decisions(*, lineages: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The decision of the newest evaluation of each goal lineage."""
    out: dict[uuid.UUID, str] = {}
    rows = (Evaluation.objects.filter(lineage__in=lineages).order_by("lineage", "-evaluated_on", "-pk")
            .distinct("lineage").values_list("lineage", "decision"))
    for lineage, decision in rows:
        out[lineage] = decision
    return out


DIFF_FIELDS = ("person", "life_domain", "family_words", "worker_words", "parent_view", "child_view",
               "child_view_source", "status")


@dataclass
class FieldChange:
    name: str
    label: str
    before: str
    after: str


@dataclass
class GoalDiff:
    kind: str  # added, removed, changed, same
    goal: Goal
    changes: list[FieldChange] = field(default_factory=list)


def _label(goal: Goal, name: str) -> str:
    return str(getattr(Goal._meta.get_field(name), "verbose_name", name))


def _show(goal: Goal, name: str) -> str:
    if name == "person":
        return goal.person.full_name if goal.person else _("the whole family")
    display = getattr(goal, f"get_{name}_display", None)
    return str(display()) if display and getattr(goal, name) else str(getattr(goal, name) or "")


def _actions_text(goal: Goal) -> str:
    return "\n".join(f"{a.who}: {a.what}" + (f" ({a.due_on:%d/%m/%Y})" if a.due_on else "")
                     for a in goal.actions.all())


def _methods_text(goal: Goal) -> str:
    return ", ".join(sorted(m.name for m in goal.methods.all()))


def plan_diff(*, user: Any, old: Plan, new: Plan) -> list[GoalDiff]:
    """What changed from ``old`` to ``new``, goal by goal (matched by lineage)."""
    before = {g.lineage: g for g in goals_of(user=user, plan=old)}
    after = list(goals_of(user=user, plan=new))
    out: list[GoalDiff] = []
    for g in after:
        prev = before.pop(g.lineage, None)
        if prev is None:
            out.append(GoalDiff(kind="added", goal=g))
            continue
        changes = [FieldChange(n, _label(g, n), _show(prev, n), _show(g, n)) for n in DIFF_FIELDS
                   if _show(prev, n) != _show(g, n)]
        for name, label, fn in (("actions", _("actions"), _actions_text), ("methods", _("methods"), _methods_text)):
            if fn(prev) != fn(g):
                changes.append(FieldChange(name, label, fn(prev), fn(g)))
        out.append(GoalDiff(kind="changed" if changes else "same", goal=g, changes=changes))
    out.extend(GoalDiff(kind="removed", goal=g) for g in before.values())
    return out


def staff_signatory_candidates(*, plan: Plan, actor: Any) -> list[Any]:
    """Staff who may sign for the centre: the family's current team and the person recording the signatures."""
    from django.utils import timezone

    from spalk.access.models import FamilyAssignment, in_force_q
    from spalk.accounts.models import User

    today = timezone.localdate()
    team = FamilyAssignment.objects.filter(in_force_q(today=today), family_id=plan.family_id).values("user_id")
    users = list(User.objects.filter(pk__in=team, is_active=True, memberships__centre_id=plan.family.centre_id)
                 .distinct().order_by("last_name", "first_name", "email"))
    if actor.pk not in {u.pk for u in users}:
        users.insert(0, actor)
    return users


def recent_notes(*, user: Any, family: Any, limit: int = 60) -> list[Any]:
    """The family's newest logbook notes this user may read (evidence for an evaluation)."""
    from spalk.access.policy import visible_notes

    return list(visible_notes(user=user, family=family).order_by("-moment", "-pk")[:limit])


def goal_fresh(*, goal: Goal) -> Goal:
    """The goal as it is stored now (after someone else saved it), for the conflict message."""
    return Goal.objects.select_related("person").prefetch_related("actions", "methods").get(pk=goal.pk)


def plan_fresh(*, plan: Plan) -> Plan:
    return Plan.objects.get(pk=plan.pk)


def trajectory_reports(*, user: Any, trajectory: Any) -> list[Any]:
    """The reports of a trajectory already accessed, newest first (without what is withheld from this reader)."""
    from spalk.access.policy import visible_content
    from spalk.plans.models import Report

    return list(visible_content(Report.objects.filter(trajectory=trajectory), user=user).order_by("-created_at"))


def last_report(*, trajectory: Any) -> Any:
    from spalk.plans.models import Report, ReportStatus

    return Report.objects.filter(trajectory=trajectory, status=ReportStatus.ISSUED).order_by("-period_end").first()


def report_sendings(*, report: Any) -> list[Any]:
    return list(report.sendings.select_related("share__consent", "recorded_by"))
