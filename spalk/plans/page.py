"""The goals of a plan page as plain rows, built once per request.

A plan page shows up to 40 goals with their actions, methods and every evaluation of each goal (hundreds of
rows). Rendering model instances there costs per row: a queryset copy for each ``.all()``, a gettext for each
choice label and a date format for each day. Here each choice label is translated once per request, each day
formatted once, and the template loops over ready text (``plans/_goals.html``). The evaluations of a goal, the
innermost and longest loop, come as one escaped HTML list (``_evaluation_items``): a template loop costs about
50 µs per row, 200 rows a tenth of the page.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from typing import Any

from django.urls import reverse
from django.utils import formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from spalk.plans.evaluations import History
from spalk.plans.models import Decision, Goal, GoalStatus, LifeDomain, Progress, ViewSource

BADGE: dict[str, str] = {GoalStatus.REACHED.value: "ok", GoalStatus.STOPPED.value: "warn"}


@dataclass(frozen=True)
class ActionRow:
    who: str
    what: str
    due: str
    done: str


@dataclass(frozen=True)
class GoalRow:
    pk: int
    domain: str
    person: str  # empty: the whole family
    status: str
    status_label: str
    badge: str
    withheld: bool
    family_words: str
    worker_words: str
    parent_view: str
    child_view: str
    child_view_source: str
    actions: tuple[ActionRow, ...]
    methods: str
    evaluations: int
    evaluation_items: SafeString  # the <li> of each evaluation, newest first


def _labels(choices: Iterable[tuple[Any, Any]]) -> dict[Any, str]:
    return {value: str(label) for value, label in choices}


class _Days:
    """``SHORT_DATE_FORMAT`` of each day, formatted once (what the ``date`` filter gives)."""

    def __init__(self) -> None:
        self._seen: dict[datetime.date, str] = {}

    def __call__(self, day: datetime.date | datetime.datetime | None) -> str:
        if day is None:
            return ""
        if isinstance(day, datetime.datetime):
            from django.utils import timezone

            day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
        text = self._seen.get(day)
        if text is None:
            text = self._seen[day] = formats.date_format(day, "SHORT_DATE_FORMAT")
        return text


class _EvaluationItems:
    """The ``<li>`` of each evaluation of a goal: its day, progress and decision, comments and evidence (links to
    the logbook notes). Every value is escaped (``html.escape``, what the template's autoescape applies to text);
    labels and days once per request."""

    def __init__(self, *, history: History, days: _Days) -> None:
        self.history, self.days = history, days
        self.progress = {v: escape(label) for v, label in _labels(Progress.choices).items()}
        self.decisions = {v: escape(label) for v, label in _labels(Decision.choices).items()}
        self.the_family, self.evidence = escape(_("The family")), escape(_("Evidence"))
        self._days: dict[Any, str] = {}

    def _day(self, day: Any) -> str:
        text = self._days.get(day)
        if text is None:
            text = self._days[day] = escape(self.days(day))
        return text

    def __call__(self, evaluations: list[Any]) -> SafeString:
        items = []
        for e in evaluations:
            progress = self.progress.get(e.progress) or escape(str(e.progress))
            decision = self.decisions.get(e.decision) or escape(e.decision)
            day = self._day(e.evaluated_on)
            item = f'<li><span class="nowrap">{day}</span> · {progress} · <strong>{decision}</strong>'
            if e.comment:
                item += f"<br>{escape(e.comment)}"
            if e.family_comment:
                item += f'<br><span class="muted">{self.the_family}:</span> {escape(e.family_comment)}'
            cited = self.history.evidence.get(e.pk)
            if cited:
                item += f'<br><span class="muted">{self.evidence}:</span> ' + ", ".join(
                    f'<a href="{escape(reverse("logbook:note_detail", args=[note_id]))}">{self._day(moment)}</a>'
                    for note_id, moment in cited)
            items.append(item + "</li>")
        return mark_safe("".join(items))  # every value in it went through escape()


def goal_rows(*, goals: list[Goal], history: History) -> list[GoalRow]:
    """The page rows of ``goals`` (with person, actions and methods, as ``selectors.plan_get`` reads them) and
    ``history`` (the evaluations of each lineage, newest first, as ``evaluations.evaluation_history`` gives
    them)."""
    domains, statuses, sources = _labels(LifeDomain.choices), _labels(GoalStatus.choices), _labels(ViewSource.choices)
    days = _Days()
    evaluation_items = _EvaluationItems(history=history, days=days)
    rows = []
    for g in goals:
        evaluations = history.by_lineage.get(g.lineage, [])
        rows.append(GoalRow(
            pk=g.pk, domain=capfirst(domains.get(g.life_domain, g.life_domain)),
            person=g.person.full_name if g.person else "", status=g.status,
            status_label=statuses.get(g.status, g.status), badge=BADGE.get(g.status, "info"),
            withheld=g.withheld_from_family, family_words=g.family_words, worker_words=g.worker_words,
            parent_view=g.parent_view, child_view=g.child_view,
            child_view_source=sources.get(g.child_view_source, g.child_view_source),
            actions=tuple(ActionRow(who=a.who, what=a.what, due=days(a.due_on), done=days(a.done_on))
                          for a in g.actions.all()),
            methods=", ".join(m.name for m in g.methods.all()), evaluations=len(evaluations),
            evaluation_items=evaluation_items(evaluations)))
    return rows
