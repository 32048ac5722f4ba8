from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# Sections of the application, in the order of the navigation. A section appears once its app
# registers the URL name; later capabilities (intake, trajectories, plans, logbook, ...) add theirs.
SECTIONS = [
    ("home", _("Overview")),
    ("families:list", _("Families")),
    ("intake:registration_list", _("Intake")),
    ("stays:board", _("Occupancy")),
    ("audit:events", _("Audit trail")),
    ("accounts:staff_list", _("Staff")),
    ("centres:list", _("Centres")),
]


def navigation(request) -> dict:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"nav_sections": []}
    from spalk.core.navigation import visible_sections

    items = []
    for url_name, label in SECTIONS:
        if url_name not in visible_sections(request.user):
            continue
        try:
            items.append({"url": reverse(url_name), "label": label})
        except NoReverseMatch:
            continue
    return {"nav_sections": items}
