"""Policy: plans, goals, evaluations and reports (issue 12)."""

from __future__ import annotations

from django.db.models import QuerySet

from spalk.access.policy.content import visible_content
from spalk.access.policy.core import ASSIGNMENT_BOUND, Action, _family_bound, principal_for, visible_families
from spalk.accounts.models import Role
from spalk.families.models import Family

__all__ = [
    "PLAN_DEADLINE_ROLES",
    "PLAN_SETTINGS_ROLES",
    "access_evaluation",
    "access_goal",
    "access_plan",
    "access_report",
    "plan_deadline_centres",
    "plan_settings_centres",
    "visible_evaluations",
    "visible_goals",
    "visible_plans",
    "visible_reports",
]

# === Plans, evaluations and reports (issue 12) =======================================================
# This section is owned by the plans capability; nothing above it changes for it.
#
# Plans (handelingsplan), goals, evaluations and reports are dossier data reached through the family that owns
# them (``_family_bound``): whoever sees the family reads them, whoever may edit the family writes them (drafts,
# goals, signatures, evaluations, report texts). A family member (portal) reads the plan of their own family
# without what carries the withholding mark (``visible_content``).
# - issuing a report (freezing it and its PDF) and recording that it was sent: editors of the family;
# - the plan settings of a centre (deadlines, rhythm): directors and team leads of the centre;
# - downloads and prints of an issued report are audited (AuditAction.PRINT / EXPORT) by the views.
PLAN_SETTINGS_ROLES: frozenset[str] = frozenset({Role.DIRECTOR, Role.TEAM_LEAD})
# who gets the start-screen items of plans due or overdue: the family's own workers (assigned) and the team
# lead of the centre (every family of the centre)
PLAN_DEADLINE_ROLES: frozenset[str] = ASSIGNMENT_BOUND[Action.EDIT] | {Role.TEAM_LEAD, Role.DIRECTOR}


def visible_plans(*, user, action: Action = Action.VIEW) -> QuerySet:
    """Plan versions this user may see (or act on): the start of every plan list."""
    from spalk.plans.models import Plan

    return Plan.objects.filter(family__in=visible_families(user=user, action=action))


def access_plan(*, user, plan_id: int | str, action: Action = Action.VIEW):
    """A plan version, or Http404 (missing or not yours); PermissionDenied when seen but not editable."""
    from spalk.plans.models import Plan

    return _family_bound(Plan.objects.all(), user=user, pk_value=plan_id, action=action,
                         select=("trajectory",))


def visible_goals(qs: QuerySet, *, user) -> QuerySet:
    """The goals of plans already accessed, without what is withheld from this family member."""
    return visible_content(qs, user=user)


def access_goal(*, user, goal_id: int | str, action: Action = Action.VIEW):
    """A goal of a visible plan (withheld goals are a 404 for the family itself)."""
    from spalk.plans.models import Goal

    goal = _family_bound(visible_content(Goal.objects.all(), user=user), user=user, pk_value=goal_id,
                         action=action, select=("plan", "plan__trajectory", "person"))
    return goal


def visible_evaluations(*, user, family: Family | None = None) -> QuerySet:
    """Evaluations this user may read (of ``family`` when given, already accessed)."""
    from spalk.plans.models import Evaluation

    qs = Evaluation.objects.filter(family=family) if family is not None else Evaluation.objects.filter(
        family__in=visible_families(user=user))
    return visible_content(qs, user=user)


def access_evaluation(*, user, evaluation_id: int | str, action: Action = Action.VIEW):
    from spalk.plans.models import Evaluation

    return _family_bound(visible_content(Evaluation.objects.all(), user=user), user=user, pk_value=evaluation_id,
                         action=action, select=("goal", "goal__plan"))


def visible_reports(*, user, action: Action = Action.VIEW) -> QuerySet:
    from spalk.plans.models import Report

    return visible_content(Report.objects.filter(family__in=visible_families(user=user, action=action)),
                           user=user)


def access_report(*, user, report_id: int | str, action: Action = Action.VIEW):
    """A report, or Http404 (missing, not yours, withheld from this family member); 403 when not editable."""
    from spalk.plans.models import Report

    return _family_bound(visible_content(Report.objects.all(), user=user), user=user, pk_value=report_id,
                         action=action, select=("trajectory", "plan"))


def plan_settings_centres(*, user) -> list[int]:
    """Centres whose plan settings (deadlines, rhythm of evaluations and reports) this user may change."""
    return principal_for(user).centres_with(PLAN_SETTINGS_ROLES)


def plan_deadline_centres(*, user) -> list[int]:
    """Centres in which this user works with plans (the start-screen deadline items are for them)."""
    return principal_for(user).centres_with(PLAN_DEADLINE_ROLES)
# === end of the plans section ========================================================================
