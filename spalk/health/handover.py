"""The handover shows medication doses that were due since the previous handover and were not logged (for the
children in residence of the handover's centre, as far as the reader may see the medication)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from spalk.health.selectors import missed_doses
from spalk.logbook.handovers import HandoverSection, register_section

MAX_HOURS = 24


@register_section("health.missed_doses")
def missed_doses_section(*, user, handover) -> HandoverSection | None:
    end = min(timezone.now(), handover.written_at + datetime.timedelta(hours=8))
    start = max(handover.covers_from, end - datetime.timedelta(hours=MAX_HOURS))
    doses = missed_doses(user=user, centre_id=handover.centre_id, start=start, end=end)
    if not doses:
        return None
    rows = tuple((f"{d.medication.person.first_name or d.medication.person.full_name}: {d.medication.name} "
                  f"{d.medication.dose}", _("due at %(time)s, not logged") % {
                      "time": f"{timezone.localtime(d.at):%d/%m %H:%M}"},
                  reverse("health:medication", args=[d.medication.pk])) for d in doses)
    return HandoverSection(key="health.missed_doses", title=_("Missed medication doses"), rows=rows,
                           family_ids=tuple(sorted({d.medication.family_id for d in doses})))
