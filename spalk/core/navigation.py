"""Which sections of the navigation a user sees: a convenience only; every view checks access itself."""

from __future__ import annotations

from spalk.access.policy import DOSSIER_ROLES, principal_for
from spalk.accounts.models import Role


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
    if roles & {Role.TEAM_LEAD, Role.DIRECTOR}:
        sections.add("audit:events")
    if roles & {Role.CENTRE_ADMIN, Role.DIRECTOR} or principal.is_installation_admin:
        sections.add("accounts:staff_list")
    if principal.is_installation_admin:
        sections.add("centres:list")
    return sections
