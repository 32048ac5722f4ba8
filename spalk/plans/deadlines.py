"""Deadlines of the plan (centre settings, ``PlanSettings``):

- the first plan is signed within ``first_plan_within_days`` of the admission;
- the goals are evaluated every ``evaluation_every_months``, counted from the signing of the first plan, then
  from the last evaluation round;
- a progress report (evolutieverslag) is issued every ``report_every_months``, counted from the admission,
  then from the last issued report.

``compute`` is a pure function of dates (tested on its own); ``trajectory_deadlines`` reads what it needs for
many trajectories in a fixed number of queries (the start screen).
"""

from __future__ import annotations

import calendar
import datetime
import enum
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from spalk.plans.models import Evaluation, Plan, PlanSettings, PlanStatus, Report, ReportKind, ReportStatus


class DeadlineKind(enum.StrEnum):
    do_not_call_in_templates = enum.nonmember(True)

    FIRST_PLAN = "first_plan"
    EVALUATION = "evaluation"
    REPORT = "report"

    @property
    def label(self) -> str:
        return str(LABELS[self])


LABELS = {
    DeadlineKind.FIRST_PLAN: _("first plan signed"),
    DeadlineKind.EVALUATION: _("evaluation of the goals"),
    DeadlineKind.REPORT: _("progress report"),
}


class DeadlineState(enum.StrEnum):
    do_not_call_in_templates = enum.nonmember(True)

    OVERDUE = "overdue"
    SOON = "soon"
    LATER = "later"


@dataclass(frozen=True)
class Rhythm:
    first_plan_within_days: int = 30
    evaluation_every_months: int = 3
    report_every_months: int = 6
    due_soon_days: int = 14

    @classmethod
    def of(cls, settings: PlanSettings | None) -> Rhythm:
        if settings is None:
            return cls()
        return cls(settings.first_plan_within_days, settings.evaluation_every_months, settings.report_every_months,
                   settings.due_soon_days)


@dataclass(frozen=True)
class Deadline:
    kind: DeadlineKind
    due_on: datetime.date
    state: DeadlineState

    @property
    def label(self) -> str:
        return self.kind.label


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later; the last day of the month when that month is shorter (31/01 + 1 → 28/02)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _state(due_on: datetime.date, today: datetime.date, rhythm: Rhythm) -> DeadlineState:
    if due_on < today:
        return DeadlineState.OVERDUE
    if due_on <= today + datetime.timedelta(days=rhythm.due_soon_days):
        return DeadlineState.SOON
    return DeadlineState.LATER


def compute(*, admitted_on: datetime.date, first_signed_on: datetime.date | None,
            last_evaluated_on: datetime.date | None, last_report_on: datetime.date | None,
            today: datetime.date, rhythm: Rhythm) -> list[Deadline]:
    """The next deadlines of one trajectory, earliest first."""
    out = []
    if first_signed_on is None:
        due = admitted_on + datetime.timedelta(days=rhythm.first_plan_within_days)
        out.append(Deadline(DeadlineKind.FIRST_PLAN, due, _state(due, today, rhythm)))
    else:
        base = max(first_signed_on, last_evaluated_on) if last_evaluated_on else first_signed_on
        due = add_months(base, rhythm.evaluation_every_months)
        out.append(Deadline(DeadlineKind.EVALUATION, due, _state(due, today, rhythm)))
    due = add_months(last_report_on or admitted_on, rhythm.report_every_months)
    out.append(Deadline(DeadlineKind.REPORT, due, _state(due, today, rhythm)))
    return sorted(out, key=lambda d: d.due_on)


def annotate(trajectories: QuerySet) -> QuerySet:
    """Each trajectory with the dates its deadlines depend on (subqueries: one query for all)."""
    signed = Plan.objects.filter(trajectory=OuterRef("pk"), status=PlanStatus.SIGNED).order_by("version")
    evaluated = (Evaluation.objects.filter(goal__plan__trajectory=OuterRef("pk")).values("goal__plan__trajectory")
                 .annotate(m=Max("evaluated_on")).values("m"))
    reported = (Report.objects.filter(trajectory=OuterRef("pk"), status=ReportStatus.ISSUED)
                .filter(Q(kind=ReportKind.PROGRESS) | Q(kind=ReportKind.FINAL))
                .values("trajectory").annotate(m=Max("period_end")).values("m"))
    return trajectories.annotate(
        first_signed_on=Subquery(signed.values("signed_on")[:1]),
        last_evaluated_on=Subquery(evaluated[:1]),
        last_report_on=Subquery(reported[:1]),
    )


def rhythms(centre_ids: set[int]) -> dict[int, Rhythm]:
    found = {s.centre_id: s for s in PlanSettings.objects.filter(centre_id__in=centre_ids)}
    return {c: Rhythm.of(found.get(c)) for c in centre_ids}


def trajectory_deadlines(*, trajectories: QuerySet, today: datetime.date) -> list[tuple[Any, list[Deadline]]]:
    """(trajectory, deadlines) for open trajectories, in two queries whatever their number."""
    rows = list(annotate(trajectories.filter(closed_on__isnull=True)).select_related("family"))
    by_centre = rhythms({t.centre_id for t in rows})
    return [(t, compute(admitted_on=t.admitted_on, first_signed_on=t.first_signed_on,
                        last_evaluated_on=t.last_evaluated_on, last_report_on=t.last_report_on, today=today,
                        rhythm=by_centre[t.centre_id])) for t in rows]


def deadlines_of(*, trajectory: Any, today: datetime.date) -> list[Deadline]:
    """The deadlines of one trajectory already accessed (the plan page): no visibility filter to plan again."""
    from spalk.trajectories.models import Trajectory

    return [d for _t, rows in trajectory_deadlines(trajectories=Trajectory.objects.filter(pk=trajectory.pk),
                                                   today=today) for d in rows]


def settings_for(centre_id: int) -> Rhythm:
    return Rhythm.of(PlanSettings.objects.filter(centre_id=centre_id).first())
