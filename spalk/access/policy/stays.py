"""Policy: trajectories, module episodes, supporters, allocations and units (issue 5)."""

from __future__ import annotations

from django.http import Http404

from spalk.access.policy.core import (
    STAY_VIEW_ROLES,
    Action,
    _family_bound,
    _permission_denied,
    can,
    principal_for,
    visible_families,
)
from spalk.accounts.models import Role
from spalk.audit.reads import note_access, note_denied

__all__ = [
    "TRAJECTORY_CLOSER_ROLES",
    "UNIT_MANAGER_ROLES",
    "access_allocation",
    "access_episode",
    "access_stay_centre",
    "access_supporter",
    "access_trajectory",
    "access_trajectory_to_close",
    "access_unit",
    "can_close_trajectory",
    "stay_centres",
    "visible_allocations",
    "visible_trajectories",
    "visible_units",
]

# --- Trajectories and stays (issue 5) -------------------------------------------------------------------
# Trajectories, module episodes, supporters and allocations are dossier data: they are reached only
# through the family that owns them. Units and occupancy figures are centre data: staff of the centre who
# hold a dossier role or the administrative role see them; unit management is for team leads and directors.

UNIT_MANAGER_ROLES: frozenset[str] = frozenset({Role.DIRECTOR, Role.TEAM_LEAD})


def visible_trajectories(*, user, action: Action = Action.VIEW):
    from spalk.trajectories.models import Trajectory

    return Trajectory.objects.filter(family__in=visible_families(user=user, action=action))


def access_trajectory(*, user, trajectory_id: int | str, action: Action = Action.VIEW):
    from spalk.trajectories.models import Trajectory

    return _family_bound(Trajectory.objects.all(), user=user, pk_value=trajectory_id, action=action)


# Closing a trajectory ends every module and stay of the family: a decision of the team, taken by the team lead,
# the director or the case lead (trajectbegeleider) of the family's centre. Counsellors, the health coordinator
# (midwife), child workers and context counsellors edit the dossier but do not close it.
TRAJECTORY_CLOSER_ROLES: frozenset[str] = frozenset({Role.DIRECTOR, Role.TEAM_LEAD, Role.CASE_LEAD})


def can_close_trajectory(*, user, family) -> bool:
    """May ``user`` close a trajectory of ``family`` (already accessed)? For the button and the action alike."""
    return (family.centre_id in principal_for(user).centres_with(TRAJECTORY_CLOSER_ROLES)
            and can(user=user, family=family, action=Action.EDIT))


def access_trajectory_to_close(*, user, trajectory_id: int | str):
    """The trajectory, for closing it: Http404 when not visible, 403 when visible but not this user's to close."""
    trajectory = access_trajectory(user=user, trajectory_id=trajectory_id, action=Action.EDIT)
    if not can_close_trajectory(user=user, family=trajectory.family):
        raise _permission_denied()
    return trajectory


def access_episode(*, user, episode_id: int | str, action: Action = Action.VIEW):
    from spalk.trajectories.models import ModuleEpisode

    qs = ModuleEpisode.objects.filter(trajectory__family__in=visible_families(user=user))
    try:
        pk = int(episode_id)
    except (TypeError, ValueError):
        raise Http404 from None
    episode = qs.select_related("trajectory", "trajectory__family", "member__person").filter(pk=pk).first()
    if episode is None:
        note_denied(user=user, object_type="trajectories.moduleepisode", object_id=pk)
        raise Http404
    note_access(user=user, target=episode)
    if action is not Action.VIEW and not can(user=user, family=episode.trajectory.family, action=action):
        raise _permission_denied()
    return episode


def access_supporter(*, user, supporter_id: int | str, action: Action = Action.VIEW):
    from spalk.trajectories.models import Supporter

    return _family_bound(Supporter.objects.all(), user=user, pk_value=supporter_id, action=action,
                         select=("user", "person"))


def visible_allocations(*, user, action: Action = Action.VIEW):
    from spalk.stays.models import Allocation

    return Allocation.objects.filter(family__in=visible_families(user=user, action=action))


def access_allocation(*, user, allocation_id: int | str, action: Action = Action.VIEW):
    from spalk.stays.models import Allocation

    return _family_bound(Allocation.objects.all(), user=user, pk_value=allocation_id, action=action,
                         select=("unit",))


def stay_centres(*, user, manage: bool = False) -> list[int]:
    """Centres whose units and occupancy the user may see (or manage)."""
    return principal_for(user).centres_with(UNIT_MANAGER_ROLES if manage else STAY_VIEW_ROLES)


def access_stay_centre(*, user, centre_id: int | str | None = None, manage: bool = False):
    """A centre whose units and occupancy this user may see; the first such centre when no id is given."""
    from spalk.centres.models import Centre

    centres = stay_centres(user=user, manage=manage)
    if centre_id in (None, ""):
        pk = centres[0] if centres else None
    else:
        try:
            pk = int(centre_id)
        except (TypeError, ValueError):
            raise Http404 from None
    if pk is None or pk not in centres:
        if manage and pk is not None and pk in stay_centres(user=user):
            raise _permission_denied()
        raise Http404
    return Centre.objects.get(pk=pk)


def visible_units(*, user, manage: bool = False):
    from spalk.stays.models import Unit

    return Unit.objects.filter(centre_id__in=stay_centres(user=user, manage=manage))


def access_unit(*, user, unit_id: int | str, manage: bool = False):
    try:
        pk = int(unit_id)
    except (TypeError, ValueError):
        raise Http404 from None
    unit = visible_units(user=user).select_related("centre").filter(pk=pk).first()
    if unit is None:
        raise Http404
    if manage and unit.centre_id not in stay_centres(user=user, manage=True):
        raise _permission_denied()
    return unit
