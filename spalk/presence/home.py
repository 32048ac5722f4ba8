"""Start-screen item of presence (see spalk/home/registry.py): tonight's presence check still to do."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spalk.access.policy import presence_centres, visible_presence_stays
from spalk.home.registry import HomeContext, Urgency, WorkItem, register
from spalk.presence import selectors


@register("presence.check", order=12)
def presence_check_to_do(ctx: HomeContext) -> WorkItem | None:
    centres = presence_centres(user=ctx.user)
    if not centres:
        return None
    night = selectors.current_night(ctx.now)
    count = selectors.units_to_check(stays=visible_presence_stays(user=ctx.user), centre_ids=centres, night=night)
    summary = (ngettext("%(count)s unit still to check for the night of %(night)s.",
                        "%(count)s units still to check for the night of %(night)s.", count)
               % {"count": count, "night": f"{night:%d/%m}"}) if count else _("Every unit is checked.")
    return WorkItem(key="presence.check", title=_("Presence check"), url=reverse("presence:check"), count=count,
                    urgency=Urgency.TODO if count else Urgency.INFO, summary=summary, link_label=_("Check presence"))
