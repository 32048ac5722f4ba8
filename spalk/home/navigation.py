"""The main navigation: which sections a user sees. A convenience only; every view checks access itself."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from spalk.access.policy import DOSSIER_ROLES, LIVING_GROUP_ROLES, PRESENCE_ROLES, principal_for
from spalk.accounts.models import Role

# Sections of the application, in the order of the navigation. A section appears once its app
# registers the URL name; later capabilities (plans, logbook, ...) add theirs here.
SECTIONS = [
    ("home", _("Overview")),
    ("families:list", _("Families")),
    ("intake:registration_list", _("Intake")),
    ("stays:board", _("Occupancy")),
    ("presence:check", _("Presence")),
    ("agenda:day", _("Agenda")),
    ("logbook:index", _("Logbook")),
    ("audit:events", _("Audit trail")),
    ("accounts:staff_list", _("Staff")),
    ("centres:list", _("Centres")),
]


def visible_sections(user) -> set[str]:
    principal = principal_for(user)
    sections = {"home"}
    roles = set().union(*principal.roles_by_centre.values()) if principal.roles_by_centre else set()
    if roles & (DOSSIER_ROLES | {Role.ADMINISTRATIVE}) or principal.portal_person_id:
        sections.add("families:list")
    if roles & {Role.INTAKE_OFFICER, Role.TEAM_LEAD, Role.DIRECTOR}:
        sections.add("intake:registration_list")
    if roles & (DOSSIER_ROLES | {Role.ADMINISTRATIVE}):
        sections.add("stays:board")
        sections.add("search:search")  # the search box in the header, not a navigation item
        sections.add("agenda:day")
    if roles & PRESENCE_ROLES:
        sections.add("presence:check")
    if roles & LIVING_GROUP_ROLES:
        sections.add("logbook:index")
    if roles & {Role.TEAM_LEAD, Role.DIRECTOR}:
        sections.add("audit:events")
    if roles & {Role.CENTRE_ADMIN, Role.DIRECTOR} or principal.is_installation_admin:
        sections.add("accounts:staff_list")
    if principal.is_installation_admin:
        sections.add("centres:list")
    return sections


def navigation(request) -> dict:
    """Context processor: ``nav_sections`` for the base layout."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"nav_sections": [], "nav_search": set()}
    principal = principal_for(request.user)
    visible = visible_sections(request.user)
    items = []
    for url_name, label in SECTIONS:
        if url_name not in visible:
            continue
        try:
            items.append({"url": reverse(url_name), "label": label})
        except NoReverseMatch:
            continue
    is_staff = bool(principal.roles_by_centre) or principal.is_installation_admin
    return {"nav_sections": items, "design_url": reverse("design") if is_staff else "",
            "nav_search": visible & {"search:search"}}
