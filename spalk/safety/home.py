"""Start-screen items of child safety (see spalk/home/registry.py).

- "Open Kindreflex procedures": for team leads, every open procedure of their centre, until it is closed;
- "Safety reviews due": Signs of Safety mappings and safety plans whose review date is within a week or past,
  for the family's assigned workers and for team leads and directors of its centre.
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from spalk.access.models import in_force_q
from spalk.access.policy import (
    Duty,
    duty_centres,
    kindreflex_watch_centres,
    plan_deadline_centres,
    visible_kindreflex_procedures,
    visible_safety_mappings,
    visible_safety_plans,
)
from spalk.home.registry import HomeContext, Urgency, WorkItem, WorkRow, register
from spalk.safety.kindreflex import STEPS, next_step

ROWS = 10
SOON_DAYS = 7


@register("safety.kindreflex", order=25)
def open_procedures(ctx: HomeContext) -> WorkItem | None:
    centres = kindreflex_watch_centres(user=ctx.user)
    if not centres:
        return None
    found = list(visible_kindreflex_procedures(user=ctx.user).filter(status="open", family__centre_id__in=centres)
                 .select_related("family", "child").prefetch_related("steps").order_by("started_on", "pk"))
    if not found:
        return None
    rows = []
    for p in found[:ROWS]:
        n = next_step(s.number for s in p.steps.all())
        detail = (_("next: step %(number)s, %(title)s") % {"number": n, "title": STEPS[n].title} if n
                  else _("all six steps recorded: close the procedure"))
        rows.append(WorkRow(label=f"{p.child.full_name} · {p.family.name}",
                            url=reverse("safety:procedure", args=[p.pk]),
                            detail=_("since %(date)s; %(next)s") % {"date": f"{p.started_on:%d/%m/%Y}", "next": detail},
                            badges=(p.family.reference,), urgency=Urgency.TODO))
    return WorkItem(key="safety.kindreflex", title=_("Open Kindreflex procedures"), url=reverse("families:list"),
                    count=len(found), urgency=Urgency.TODO, rows=tuple(rows), more=max(len(found) - ROWS, 0),
                    summary=_("Followed until they are closed."), link_label=_("Families"),
                    family_ids=tuple(dict.fromkeys(p.family_id for p in found[:ROWS])))


@register("safety.reviews", order=26)
def reviews_due(ctx: HomeContext) -> WorkItem | None:
    centres = plan_deadline_centres(user=ctx.user)
    if not centres:
        return None
    wide = duty_centres(user=ctx.user, duty=Duty.CENTRE_DEADLINES)
    mine = Q(family__assignments__user=ctx.user) & in_force_q(today=ctx.today, prefix="family__assignments__")
    scope = Q(family__centre_id__in=wide) | (Q(family__centre_id__in=centres) & mine)
    horizon = ctx.today + datetime.timedelta(days=SOON_DAYS)
    mappings = list(visible_safety_mappings(user=ctx.user).filter(scope, closed_on__isnull=True,
                                                                  next_review_on__lte=horizon)
                    .select_related("family").distinct().order_by("next_review_on", "pk"))
    plans = list(visible_safety_plans(user=ctx.user).filter(scope, ended_on__isnull=True, review_on__lte=horizon)
                 .select_related("family").distinct().order_by("review_on", "pk"))
    found = sorted([(m.next_review_on, _("Signs of Safety review"), m.family, reverse("safety:mapping", args=[m.pk]))
                    for m in mappings]
                   + [(p.review_on, _("Safety plan review"), p.family, reverse("safety:plan", args=[p.pk]))
                      for p in plans], key=lambda t: (t[0], t[2].name))
    if not found:
        return None
    overdue = sum(1 for day, *_rest in found if day < ctx.today)
    rows = tuple(WorkRow(
        label=family.name, url=url, badges=(family.reference,),
        detail=(_("%(what)s overdue since %(date)s") if day < ctx.today else _("%(what)s due on %(date)s"))
        % {"what": what, "date": f"{day:%d/%m/%Y}"},
        urgency=Urgency.OVERDUE if day < ctx.today else Urgency.SOON) for day, what, family, url in found[:ROWS])
    return WorkItem(key="safety.reviews", title=_("Safety reviews due"), url=reverse("families:list"), count=len(found),
                    urgency=Urgency.OVERDUE if overdue else Urgency.SOON, rows=rows, more=max(len(found) - ROWS, 0),
                    summary=_("%(overdue)s overdue, %(soon)s due soon") % {"overdue": overdue,
                                                                          "soon": len(found) - overdue},
                    link_label=_("Families"),
                    family_ids=tuple(dict.fromkeys(f.pk for _d, _w, f, _u in found[:ROWS])))
