"""Start-screen item of the agenda (see spalk/home/registry.py): today's appointments."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from spalk.access.policy import presence_centres, staff_centres, visible_appointments
from spalk.agenda import selectors
from spalk.home.registry import HomeContext, Urgency, WorkItem, WorkRow, register

ROWS = 8


@register("agenda.today", order=14)
def appointments_today(ctx: HomeContext) -> WorkItem | None:
    """The house (night staff, counsellors ...) sees every appointment of the day; others only their own."""
    if not staff_centres(user=ctx.user):
        return None
    house = bool(presence_centres(user=ctx.user))
    items = selectors.appointment_list(appointments=visible_appointments(user=ctx.user), start=ctx.today,
                                       end=ctx.today + datetime.timedelta(days=1), user=None if house else ctx.user)
    if not items and not house:
        return None
    rows = tuple(WorkRow(label=f"{timezone.localtime(a.starts_at):%H:%M} {a.title}",
                         url=reverse("agenda:detail", args=[a.pk]),
                         detail=f"{a.family.name} · {a.get_kind_display()}",
                         badges=(_("childcare needed"),) if a.childcare_needed else ())
                 for a in items[:ROWS])
    return WorkItem(key="agenda.today", title=_("Appointments today"), url=reverse("agenda:day"), count=len(items),
                    urgency=Urgency.INFO, rows=rows, more=max(len(items) - ROWS, 0), link_label=_("Agenda"),
                    family_ids=tuple(sorted({a.family_id for a in items[:ROWS]})))
