"""Start-screen items of the network (see spalk/home/registry.py):

- agreements of network meetings that a worker is responsible for and that are not done (due first);
- consents withdrawn in the last 14 days in families the person works with, so the whole team knows at once
  that nothing more may be shared under them.
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from spalk.access import policy
from spalk.access.models import in_force_q
from spalk.home.registry import HomeContext, Urgency, WorkItem, WorkRow, register

ROWS = 10


@register("network.agreements", order=25)
def my_agreements(ctx: HomeContext) -> WorkItem | None:
    agreements = list(policy.visible_agreements(user=ctx.user).filter(responsible=ctx.user, done_on__isnull=True)
                      .select_related("family", "meeting").order_by("due_on", "pk")[:ROWS + 1])
    if not agreements:
        return None
    soon = ctx.today + datetime.timedelta(days=7)

    def urgency(a) -> Urgency:
        if a.due_on and a.due_on < ctx.today:
            return Urgency.OVERDUE
        return Urgency.SOON if a.due_on and a.due_on <= soon else Urgency.TODO

    rows = tuple(WorkRow(label=a.family.name, url=reverse("network:meeting", args=[a.meeting_id]),
                         detail=(_("%(what)s, by %(date)s") % {"what": a.what, "date": f"{a.due_on:%d/%m/%Y}"})
                         if a.due_on else a.what, urgency=urgency(a)) for a in agreements[:ROWS])
    worst = Urgency.OVERDUE if any(r.urgency is Urgency.OVERDUE for r in rows) else rows[0].urgency
    return WorkItem(key="network.agreements", title=_("Agreements from network meetings"),
                    url=reverse("network:family", args=[agreements[0].family_id]), count=len(rows),
                    urgency=worst, rows=rows, more=max(len(agreements) - ROWS, 0),
                    summary=_("Agreements you are responsible for."),
                    family_ids=tuple(dict.fromkeys(a.family_id for a in agreements[:ROWS])))


@register("network.withdrawn", order=26)
def withdrawn_consents(ctx: HomeContext) -> WorkItem | None:
    since = ctx.now - datetime.timedelta(days=14)
    mine = Q(family__assignments__user=ctx.user) & in_force_q(today=ctx.today, prefix="family__assignments__")
    wide = policy.network_team_centres(user=ctx.user)
    records = list(policy.visible_consents(user=ctx.user).filter(withdrawn_at__gte=since)
                   .filter(mine | Q(family__centre_id__in=wide)).select_related("family", "organisation")
                   .distinct().order_by("-withdrawn_at", "-pk")[:ROWS])
    if not records:
        return None
    rows = tuple(WorkRow(label=r.family.name, url=reverse("network:consent", args=[r.pk]),
                         detail=_("withdrawn on %(date)s: %(to)s") % {
                             "date": f"{timezone.localtime(r.withdrawn_at):%d/%m/%Y}", "to": r.recipient_label},
                         urgency=Urgency.SOON) for r in records if r.family is not None)
    return WorkItem(key="network.withdrawn", title=_("Consent withdrawn"), url=reverse("network:family",
                    args=[records[0].family_id]), count=len(rows), urgency=Urgency.SOON, rows=rows,
                    summary=_("Nothing more may be shared under these consents."),
                    family_ids=tuple(dict.fromkeys(r.family_id for r in records if r.family_id)))
