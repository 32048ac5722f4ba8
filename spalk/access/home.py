"""Start-screen items of access (see spalk/home/registry.py): break-the-glass grants a team lead reviews."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from spalk.access import selectors
from spalk.access.policy import break_glass_supervisor_centres
from spalk.home.registry import HomeContext, Urgency, WorkItem, WorkRow, register

ROWS = 5


@register("access.break_glass", order=30)
def break_glass_to_review(ctx: HomeContext) -> WorkItem | None:
    centres = break_glass_supervisor_centres(user=ctx.user)
    if not centres:
        return None
    pending = selectors.break_glass_to_review(centre_ids=centres)
    grants = list(pending[:ROWS + 1])
    count = pending.count()
    rows = tuple(
        WorkRow(label=f"{g.user.get_full_name() or g.user.email} · {g.family.name}",
                url=reverse("access:break_glass_list"),
                detail=_("opened on %(when)s") % {"when": f"{timezone.localtime(g.created_at):%d/%m/%Y %H:%M}"},
                urgency=Urgency.TODO)
        for g in grants[:ROWS])
    return WorkItem(key="access.break_glass", title=_("Break-the-glass access to review"),
                    url=reverse("access:break_glass_list"), count=count,
                    urgency=Urgency.TODO if count else Urgency.INFO, rows=rows, more=max(count - ROWS, 0),
                    link_label=_("Review"), family_ids=tuple(g.family_id for g in grants[:ROWS]))
