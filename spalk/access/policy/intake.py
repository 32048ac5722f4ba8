"""Policy: registrations and intake work (issue 4), and the partner directory."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from spalk.access.policy.core import Action, principal_for, visible_families
from spalk.accounts.models import Role
from spalk.audit.reads import note_access, note_denied

__all__ = [
    "INTAKE_ROLES",
    "PARTNER_EDITORS",
    "access_registration",
    "can_edit_module_catalogue",
    "creatable_registration_centres",
    "intake_centres",
    "partner_centres",
    "visible_registrations",
]

# --- Intake (issue 4) --------------------------------------------------------------------------------
# Registrations (aanmeldingen) belong to a centre and may precede a family record.
# - intake officer, team lead, director: every registration of their centre; they may edit them;
# - anyone else: only registrations linked to a family they can see (read only) — for example a counsellor
#   assigned to the family reads how it came in;
# - Action.MANAGE_TEAM on a registration: team lead and director of its centre (waiting-list priority).
# Deliberately no sharing between centres: a registration is seen only in the centre it was made in.
INTAKE_ROLES: dict[Action, frozenset[str]] = {
    Action.VIEW: frozenset({Role.DIRECTOR, Role.TEAM_LEAD, Role.INTAKE_OFFICER}),
    Action.EDIT: frozenset({Role.DIRECTOR, Role.TEAM_LEAD, Role.INTAKE_OFFICER}),
    Action.VIEW_ACCESS_LOG: frozenset({Role.DIRECTOR, Role.TEAM_LEAD}),
    Action.MANAGE_TEAM: frozenset({Role.DIRECTOR, Role.TEAM_LEAD}),
    Action.SHARE: frozenset(),
}


def visible_registrations(*, user, action: Action = Action.VIEW):
    """Registrations this user may see (or act on): the start of every intake list, count and search."""
    from spalk.intake.models import Registration

    principal = principal_for(user)
    if principal.user_id is None:
        return Registration.objects.none()
    q = Q(pk__in=[])
    centres = principal.centres_with(INTAKE_ROLES[action])
    if centres:
        q |= Q(centre_id__in=centres)
    if action is Action.VIEW:
        # registrations of families seen through another rule (shared, assigned, break the glass): the ids are
        # fetched once, so that the registration query stays an index scan (an OR with a subquery is not)
        others = visible_families(user=user)
        if centres:
            others = others.exclude(centre_id__in=centres)
        q |= Q(family_id__in=list(others.values_list("pk", flat=True)))
    return Registration.objects.filter(q)


def access_registration(*, user, registration_id: int | str, action: Action = Action.VIEW):
    """The registration, or Http404 (missing or not yours); PermissionDenied when seen but not allowed."""
    try:
        pk = int(registration_id)
    except (TypeError, ValueError):
        raise Http404 from None
    registration = visible_registrations(user=user).select_related("centre").filter(pk=pk).first()
    if registration is None:
        note_denied(user=user, object_type="intake.registration", object_id=pk)
        raise Http404
    note_access(user=user, target=registration)
    if action is not Action.VIEW and not visible_registrations(user=user, action=action).filter(pk=pk).exists():
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    return registration


def intake_centres(*, user, action: Action = Action.EDIT) -> list[int]:
    """Centres in which this user may register families (and keep the waiting list)."""
    return principal_for(user).centres_with(INTAKE_ROLES[action])


def can_edit_module_catalogue(*, user) -> bool:
    """The module catalogue is sector data (no dossier content): team leads, directors, installation admins."""
    principal = principal_for(user)
    return principal.is_installation_admin or bool(principal.centres_with(INTAKE_ROLES[Action.MANAGE_TEAM]))


# --- Partner directory (issue 4) ---------------------------------------------------------------------
# No dossier data. Every staff member of a centre reads its directory; intake roles and the centre
# administrator maintain it.
PARTNER_EDITORS: frozenset[str] = frozenset({Role.DIRECTOR, Role.TEAM_LEAD, Role.INTAKE_OFFICER,
                                             Role.CENTRE_ADMIN})


def partner_centres(*, user, action: Action = Action.VIEW) -> list[int]:
    """Centres whose partner directory this user may read (VIEW) or maintain (EDIT)."""
    principal = principal_for(user)
    if action is Action.VIEW:
        return principal.centre_ids
    return principal.centres_with(PARTNER_EDITORS)



def creatable_registration_centres(*, user) -> list[int]:
    """Centres in which this user may create a registration (intake officer, team lead, director)."""
    return intake_centres(user=user, action=Action.EDIT)
