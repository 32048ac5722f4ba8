"""The main navigation: which sections a user sees. A convenience only; every view checks access itself."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from spalk.access import policy

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
    ("finance:index", _("Contribution")),
    ("audit:events", _("Audit trail")),
    ("accounts:staff_list", _("Staff")),
    ("centres:list", _("Centres")),
    ("jobs:failed", _("Background jobs")),
]


def visible_sections(user) -> set[str]:
    """Each section is open when the policy's predicate for its screen says so (no role set here)."""
    checks = {
        "families:list": policy.can_list_families(user=user),
        "intake:registration_list": bool(policy.intake_centres(user=user, action=policy.Action.VIEW)),
        "stays:board": bool(policy.stay_centres(user=user)),
        "search:search": policy.can_search(user=user),  # the search box in the header, not a navigation item
        "agenda:day": policy.can_use_agenda(user=user),
        "presence:check": bool(policy.presence_centres(user=user)),
        "logbook:index": bool(policy.living_group_centres(user=user)),
        "finance:index": policy.can_quote(user=user) or bool(policy.finance_centres(user=user)),
        "audit:events": policy.can_read_audit(user=user),
        "accounts:staff_list": policy.can_manage_staff(user=user),
        "centres:list": policy.is_installation_admin(user=user),
        "jobs:failed": policy.is_installation_admin(user=user),
    }
    return {"home"} | {name for name, allowed in checks.items() if allowed}


def navigation(request) -> dict:
    """Context processor: ``nav_sections`` for the base layout."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"nav_sections": [], "nav_search": set()}
    principal = policy.principal_for(request.user)
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
