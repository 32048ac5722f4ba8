"""Start-screen item of plans (see spalk/home/registry.py): first plans, evaluations and progress reports that are
due or overdue.

- workers assigned to a family (counsellor, context counsellor, case lead, health coordinator, child worker):
  the deadlines of the families they are assigned to;
- team leads and directors: the deadlines of every family of their centre.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from spalk.access.models import in_force_q
from spalk.access.policy import Duty, duty_centres, plan_deadline_centres, visible_trajectories
from spalk.home.registry import HomeContext, Urgency, WorkItem, WorkRow, register
from spalk.plans.deadlines import DeadlineState, trajectory_deadlines

ROWS = 15


@register("plans.deadlines", order=20)
def plan_deadlines(ctx: HomeContext) -> WorkItem | None:
    centres = plan_deadline_centres(user=ctx.user)
    if not centres:
        return None
    wide = duty_centres(user=ctx.user, duty=Duty.CENTRE_DEADLINES)
    today = ctx.today
    mine = Q(family__assignments__user=ctx.user) & in_force_q(today=today, prefix="family__assignments__")
    scope = Q(family__centre_id__in=wide) | (Q(family__centre_id__in=centres) & mine)
    trajectories = visible_trajectories(user=ctx.user).filter(scope).distinct()
    found = []
    for trajectory, deadlines in trajectory_deadlines(trajectories=trajectories, today=today):
        for d in deadlines:
            if d.state is not DeadlineState.LATER:
                found.append((d, trajectory))
    found.sort(key=lambda pair: (pair[0].due_on, pair[1].family.name, pair[1].pk))
    overdue = sum(1 for d, _t in found if d.state is DeadlineState.OVERDUE)
    rows = tuple(WorkRow(
        label=t.family.name, url=reverse("plans:trajectory", args=[t.pk]),
        detail=(_("%(what)s overdue since %(date)s") if d.state is DeadlineState.OVERDUE
                else _("%(what)s due on %(date)s")) % {"what": d.label, "date": f"{d.due_on:%d/%m/%Y}"},
        badges=(t.family.reference,),
        urgency=Urgency.OVERDUE if d.state is DeadlineState.OVERDUE else Urgency.SOON) for d, t in found[:ROWS])
    return WorkItem(
        key="plans.deadlines", title=_("Plans, evaluations and reports due"), url=reverse("plans:overview"),
        count=len(found), urgency=Urgency.OVERDUE if overdue else (Urgency.SOON if found else Urgency.INFO),
        summary=_("%(overdue)s overdue, %(soon)s due soon") % {"overdue": overdue, "soon": len(found) - overdue},
        rows=rows, more=max(len(found) - ROWS, 0), link_label=_("All deadlines"),
        family_ids=tuple(dict.fromkeys(t.family_id for _d, t in found[:ROWS])))
