"""Start-screen item of accounts (see spalk/home/registry.py).

Directors: recent changes in rights ("Wijzigingen in rechten") that the installation administrator made to the
staff of their centres. No dossier data.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from spalk.access.policy import Duty, duty_centres
from spalk.accounts.rights import rights_changes
from spalk.home.registry import HomeContext, Urgency, WorkItem, WorkRow, register

ROWS = 5
RECENT_DAYS = 30


@register("accounts.rights_changes", order=92)
def recent_rights_changes(ctx: HomeContext) -> WorkItem | None:
    centres = duty_centres(user=ctx.user, duty=Duty.SEE_RIGHTS_CHANGES)
    if not centres:
        return None
    changes = rights_changes(centre_ids=centres, since=ctx.now - datetime.timedelta(days=RECENT_DAYS))
    return WorkItem(
        key="accounts.rights_changes", title=_("Recent changes in rights"), url=reverse("accounts:rights_changes"),
        count=len(changes), count_label=_("in the last %(days)s days") % {"days": RECENT_DAYS},
        urgency=Urgency.TODO if changes else Urgency.INFO,
        summary=_("What the installation administrator changed to the accounts of your staff.") if changes
        else _("The installation administrator changed nothing to your staff's accounts in the last %(days)s "
               "days.") % {"days": RECENT_DAYS},
        rows=tuple(WorkRow(label=c.subject, detail=_("%(what)s · %(when)s · by %(by)s") % {
            "what": c.what + (f" ({c.centre})" if c.centre else ""),
            "when": f"{timezone.localtime(c.at):%d/%m/%Y %H:%M}", "by": c.by}) for c in changes[:ROWS]),
        more=max(len(changes) - ROWS, 0), link_label=_("All changes in rights"))
