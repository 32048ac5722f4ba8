"""Two handover sections of health, computed for the reader through the health policy:

- the medication doses that were due since the previous handover and were not logged (children in residence);
- the doses due in the handover's own shift (the night shift sees what to give tonight), with what was logged.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from spalk.health.selectors import resident_doses_in_windows
from spalk.logbook.handovers import HandoverSection, register_section
from spalk.logbook.shifts import shift_window

MAX_HOURS = 24


def _label(dose) -> str:
    person = dose.medication.person
    return f"{person.first_name or person.full_name}: {dose.medication.name} {dose.medication.dose}"


@register_section("health.doses")
def doses_sections(*, user, handover) -> tuple[HandoverSection, ...]:
    """Both sections from the same two queries (medications of the residents, their log over both windows)."""
    end = min(timezone.now(), handover.written_at + datetime.timedelta(hours=8))
    missed_window = (max(handover.covers_from, end - datetime.timedelta(hours=MAX_HOURS)), end)
    shift_window_ = shift_window(handover.shift_date, handover.shift)
    since, shift = resident_doses_in_windows(user=user, centre_id=handover.centre_id,
                                             windows=[missed_window, shift_window_])
    sections = (_missed_section([d for d in since if d.missed]), _shift_section(shift))
    return tuple(section for section in sections if section is not None)


def _missed_section(doses) -> HandoverSection | None:
    """The doses that were due since the previous handover and were not logged."""
    if not doses:
        return None
    rows = tuple((_label(d), _("due at %(time)s, not logged") % {
                      "time": f"{timezone.localtime(d.at):%d/%m %H:%M}"},
                  reverse("health:medication", args=[d.medication.pk])) for d in doses)
    return HandoverSection(key="health.missed_doses", title=_("Missed medication doses"), rows=rows,
                           family_ids=tuple(sorted({d.medication.family_id for d in doses})))


def _shift_section(doses) -> HandoverSection | None:
    """The doses of this shift (e.g. the night 23–7) of children in residence, and whether each was logged."""
    if not doses:
        return None
    rows = []
    for d in doses:
        at = f"{timezone.localtime(d.at):%d/%m %H:%M}"
        if d.logged is not None:
            detail = _("%(time)s: %(status)s by %(who)s") % {
                "time": at, "status": d.logged.get_status_display(),
                "who": d.logged.given_by.get_full_name() or d.logged.given_by.email}
        else:
            detail = _("%(time)s: to give") % {"time": at}
        rows.append((_label(d), detail, reverse("health:medication", args=[d.medication.pk])))
    return HandoverSection(key="health.shift_doses", title=_("Medication doses in this shift"), rows=tuple(rows),
                           family_ids=tuple(sorted({d.medication.family_id for d in doses})))
