"""Start-screen items of the logbook (see spalk/home/registry.py): the handover to read at the start of a
shift, open incidents of the living group, and unread notifications. All through the policy; no content."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spalk.access.policy import living_group_centres, visible_incidents
from spalk.home.registry import HomeContext, Urgency, WorkItem, WorkRow, register
from spalk.logbook.handovers import handover_to_read
from spalk.notifications.services import unread_count


def _label(handover) -> str:
    unit = f" · {handover.unit.name}" if handover.unit else ""
    return f"{handover.get_shift_display()} {handover.shift_date:%d/%m}{unit}"


@register("logbook.handover", order=5)
def handover_item(ctx: HomeContext) -> WorkItem | None:
    centres = living_group_centres(user=ctx.user)
    if not centres:
        return None
    to_read = handover_to_read(user=ctx.user, now=ctx.now)
    rows = tuple(WorkRow(label=_label(h), url=reverse("logbook:handover", args=[h.pk]),
                         detail=h.centre.short_name or h.centre.name, urgency=Urgency.TODO) for h in to_read)
    summary = (ngettext("%(count)s handover to read before your shift.", "%(count)s handovers to read before your "
                        "shift.", len(rows)) % {"count": len(rows)}) if rows else _("No new handover to read.")
    return WorkItem(key="logbook.handover", title=_("Handover"), count=len(rows), rows=rows, summary=summary,
                    url=f"{reverse('logbook:handover_current')}?centre={centres[0]}",
                    urgency=Urgency.TODO if rows else Urgency.INFO, link_label=_("Open the handover"))


@register("logbook.incidents", order=14)
def open_incidents_item(ctx: HomeContext) -> WorkItem | None:
    centres = living_group_centres(user=ctx.user)
    if not centres:
        return None
    count = visible_incidents(user=ctx.user).filter(centre_id__in=centres, closed_at__isnull=True).count()
    if not count:
        return None
    return WorkItem(key="logbook.incidents", title=_("Open incidents"), count=count,
                    url=f"{reverse('logbook:incidents')}?centre={centres[0]}", urgency=Urgency.TODO,
                    summary=ngettext("%(count)s incident still needs follow-up.",
                                     "%(count)s incidents still need follow-up.", count) % {"count": count},
                    link_label=_("Open incidents"))


@register("notifications.unread", order=3)
def notifications_item(ctx: HomeContext) -> WorkItem | None:
    count = unread_count(user=ctx.user)
    if not count:
        return None
    return WorkItem(key="notifications.unread", title=_("Notifications"), count=count,
                    url=reverse("notifications:list"), urgency=Urgency.TODO,
                    summary=ngettext("%(count)s new notification.", "%(count)s new notifications.", count)
                    % {"count": count}, link_label=_("Read"))


@register("logbook.write", order=6)
def logbook_item(ctx: HomeContext) -> WorkItem | None:
    centres = living_group_centres(user=ctx.user)
    if not centres:
        return None
    return WorkItem(key="logbook.write", title=_("Logbook"), url=f"{reverse('logbook:index')}?centre={centres[0]}",
                    summary=_("Write a note for a family in the house or about the house."),
                    link_label=_("Open the logbook"))
