"""The one access policy of spalk. Deny by default.

Every view, API handler, export and search turns an id into an object through an ``access_*`` helper
and starts lists from a ``visible_*`` selector. Nothing else in the code base knows about roles.

Principals:
- staff: rights come from their current memberships (role per centre), assignments to a family's team,
  families in residence, explicit shares between centres and break-the-glass grants;
- family members (portal): a parent sees their own family, a minor aged 12 or more their own file;
- API tokens: act with the rights of their user, never more (the API resolves the token to its user
  and calls the same helpers).

Rules (see ARCHITECTURE.md "Access policy" for the table):
- director, team lead, intake officer: every family of their centre (and families shared with it);
- administrative staff: every family of their centre, read only;
- counsellor: families in residence in their centre and families they are assigned to;
- night staff: families in residence in their centre, read only;
- contextbegeleider, case lead, health coordinator, child worker: families they are assigned to;
- centre administrator and installation administrator: no family at all;
- break the glass: staff holding a dossier role in the family's centre may open it for a limited time
  after typing a reason.
"""

from __future__ import annotations

import datetime
import enum
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from spalk.accounts.models import Membership, Role, User
from spalk.audit.reads import note_access, note_denied, note_policy_call
from spalk.families.models import Family, MemberRole, Person

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

_T = TypeVar("_T")


class Action(enum.StrEnum):
    # Templates test ``Action.EDIT in actions``; without this they would call the class and get nothing.
    do_not_call_in_templates = enum.nonmember(True)

    VIEW = "view"
    EDIT = "edit"
    VIEW_ACCESS_LOG = "view_access_log"  # "Wie had toegang tot dit dossier?"
    MANAGE_TEAM = "manage_team"  # the family's team (assignments)
    SHARE = "share"  # share the family with another centre, end a share


CENTRE_WIDE: dict[Action, frozenset[str]] = {
    Action.VIEW: frozenset({Role.DIRECTOR, Role.TEAM_LEAD, Role.INTAKE_OFFICER, Role.ADMINISTRATIVE}),
    Action.EDIT: frozenset({Role.DIRECTOR, Role.TEAM_LEAD, Role.INTAKE_OFFICER}),
    Action.VIEW_ACCESS_LOG: frozenset({Role.DIRECTOR, Role.TEAM_LEAD}),
    Action.MANAGE_TEAM: frozenset({Role.DIRECTOR, Role.TEAM_LEAD}),
    Action.SHARE: frozenset({Role.DIRECTOR, Role.TEAM_LEAD}),
}
ASSIGNMENT_BOUND: dict[Action, frozenset[str]] = {
    Action.VIEW: frozenset({Role.COUNSELLOR, Role.CONTEXT_COUNSELLOR, Role.CASE_LEAD,
                            Role.HEALTH_COORDINATOR, Role.CHILD_WORKER}),
    Action.EDIT: frozenset({Role.COUNSELLOR, Role.CONTEXT_COUNSELLOR, Role.CASE_LEAD,
                            Role.HEALTH_COORDINATOR, Role.CHILD_WORKER}),
    Action.VIEW_ACCESS_LOG: frozenset(),
    Action.MANAGE_TEAM: frozenset({Role.CASE_LEAD}),
    Action.SHARE: frozenset(),
}
RESIDENCE_BOUND: dict[Action, frozenset[str]] = {
    Action.VIEW: frozenset({Role.COUNSELLOR, Role.NIGHT_STAFF}),
    Action.EDIT: frozenset({Role.COUNSELLOR}),
    Action.VIEW_ACCESS_LOG: frozenset(),
    Action.MANAGE_TEAM: frozenset(),
    Action.SHARE: frozenset(),
}
# Managing the dossier itself (its team, its sharing, its access log) belongs to the centre that owns the
# family: a centre the family is shared with reads and edits by its roles' rules, never more.
OWNER_ONLY: frozenset[Action] = frozenset({Action.MANAGE_TEAM, Action.SHARE, Action.VIEW_ACCESS_LOG})
# Roles that work in dossiers at all, and so may break the glass in their own centre.
DOSSIER_ROLES: frozenset[str] = frozenset(
    CENTRE_WIDE[Action.VIEW] | ASSIGNMENT_BOUND[Action.VIEW] | RESIDENCE_BOUND[Action.VIEW]
) - {Role.ADMINISTRATIVE}


@dataclass
class Principal:
    """What the policy knows about a user, loaded once per request."""

    user_id: int | None
    roles_by_centre: dict[int, set[str]] = field(default_factory=dict)
    portal_person_id: int | None = None
    is_installation_admin: bool = False

    def centres_with(self, roles: frozenset[str]) -> list[int]:
        return sorted(c for c, r in self.roles_by_centre.items() if r & roles)

    @property
    def centre_ids(self) -> list[int]:
        return sorted(self.roles_by_centre)


# --- Request-scoped cache ------------------------------------------------------------------------------------
# What the policy computed for a user (principal, yes/no answers) is kept for one request at most, in a
# context variable that PolicyScopeMiddleware opens at the start of a request and drops at its end. Outside a
# request (shell, commands, tests calling the policy directly) nothing is cached. A service that changes
# rights calls ``forget_rights()`` so that the rest of the same request sees the change.
_request_cache: ContextVar[dict[tuple, Any] | None] = ContextVar("spalk_policy_cache", default=None)


@contextmanager
def request_scope() -> Iterator[None]:
    """Cache policy answers for the duration of one request (see PolicyScopeMiddleware)."""
    token = _request_cache.set({})
    try:
        yield
    finally:
        _request_cache.reset(token)


def forget_rights() -> None:
    """Drop what this request cached: called by every service that changes someone's rights."""
    cache = _request_cache.get()
    if cache is not None:
        cache.clear()


def _cached(key: tuple, compute: Callable[[], _T]) -> _T:
    cache = _request_cache.get()
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def principal_for(user: User | AnonymousUser | None) -> Principal:
    """Memberships of the user in force now. Cached for the request (never longer)."""
    note_policy_call(user=user)
    if user is None or not user.is_authenticated or not user.is_active:
        return Principal(user_id=None)
    return _cached(("principal", user.pk), lambda: _load_principal(user))


def _load_principal(user: User) -> Principal:
    from spalk.access.models import in_force_q

    today = timezone.localdate()
    roles: dict[int, set[str]] = defaultdict(set)
    rows = Membership.objects.filter(in_force_q(today=today), user=user, centre__is_active=True).values_list(
        "centre_id", "role")
    for centre_id, role in rows:
        roles[centre_id].add(role)
    portal = getattr(user, "portal_person_id", None)
    return Principal(user_id=user.pk, roles_by_centre=dict(roles), portal_person_id=portal,
                     is_installation_admin=user.is_installation_admin)


def _in_centres(centre_ids: list[int], today: datetime.date) -> Q:
    """Families owned by, or currently shared with, one of these centres."""
    from spalk.access.models import FamilyShare, in_force_q

    shared = FamilyShare.objects.filter(in_force_q(today=today), family=OuterRef("pk"), centre_id__in=centre_ids)
    return Q(centre_id__in=centre_ids) | Q(Exists(shared))


def _assigned(user_id: int, today: datetime.date) -> Q:
    from spalk.access.models import FamilyAssignment, in_force_q

    current = FamilyAssignment.objects.filter(in_force_q(today=today), family=OuterRef("pk"), user_id=user_id)
    return Q(Exists(current))


def _break_glass(user_id: int) -> Q:
    from spalk.access.models import BreakGlassGrant

    return Q(Exists(BreakGlassGrant.objects.open().filter(family=OuterRef("pk"), user_id=user_id)))


def in_residence_q(today: datetime.date, centre_ids: list[int] | None = None) -> Q:
    """Families staying today in a unit (of one of ``centre_ids`` when given; see spalk.stays)."""
    from spalk.stays.selectors import in_residence_q as stays_in_residence_q

    return stays_in_residence_q(today=today, centre_ids=centre_ids)


def _family_q(principal: Principal, action: Action, today: datetime.date) -> Q:
    q = Q(pk__in=[])
    if principal.user_id is None:
        return q

    def reach(centres: list[int]) -> Q:
        return Q(centre_id__in=centres) if action in OWNER_ONLY else _in_centres(centres, today)

    wide = principal.centres_with(CENTRE_WIDE[action])
    if wide:
        q |= reach(wide)
    bound = principal.centres_with(ASSIGNMENT_BOUND[action])
    if bound:
        q |= reach(bound) & _assigned(principal.user_id, today)
    resident = principal.centres_with(RESIDENCE_BOUND[action])
    if resident:
        # residence counts only in the viewer's own centres' units: a share with another centre does not make
        # that centre's night staff or counsellors see a family living in one of the owning centre's units
        q |= reach(resident) & in_residence_q(today, centre_ids=resident)
    if action in (Action.VIEW, Action.EDIT):
        # break the glass works only in the family's own centre, never through a share
        glass_roles = DOSSIER_ROLES if action is Action.VIEW else DOSSIER_ROLES - {Role.NIGHT_STAFF}
        glass = principal.centres_with(glass_roles)
        if glass:
            q |= Q(centre_id__in=glass) & _break_glass(principal.user_id)
    if principal.portal_person_id and action is Action.VIEW:
        from spalk.families.models import FamilyMember

        q |= Q(Exists(FamilyMember.objects.filter(family=OuterRef("pk"), person_id=principal.portal_person_id,
                                                  role=MemberRole.PARENT)))
    return q


def visible_families(*, user, action: Action = Action.VIEW) -> QuerySet[Family]:
    """Every family this user may see (or act on): the start of every list, count and search."""
    principal = principal_for(user)
    if principal.user_id is None:
        return Family.objects.none()
    q = _family_q(principal, action, timezone.localdate())
    return Family.objects.filter(q)


def access_family(*, user, family_id: int | str, action: Action = Action.VIEW) -> Family:
    """The family, or Http404 — the same for "does not exist" and "not yours".

    When the user may see the family but not perform ``action``, PermissionDenied (403).
    """
    try:
        pk = int(family_id)
    except (TypeError, ValueError):
        raise Http404 from None
    family = visible_families(user=user).select_related("centre").filter(pk=pk).first()
    if family is None:
        note_denied(user=user, object_type="families.family", object_id=pk)
        raise Http404
    note_access(user=user, target=family)
    if action is not Action.VIEW and not can(user=user, family=family, action=action):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    return family


def can(*, user: User, family: Family, action: Action) -> bool:
    """May ``user`` take ``action`` on a family already accessed? Cached for the request."""
    return _cached(("can", user.pk, family.pk, action),
                   lambda: visible_families(user=user, action=action).filter(pk=family.pk).exists())


def allowed_actions(*, user, family: Family) -> set[Action]:
    """The actions a user may take on a family already accessed (for showing buttons)."""
    return {a for a in Action if a is Action.VIEW or can(user=user, family=family, action=a)}


def visible_persons(*, user) -> QuerySet[Person]:
    """Persons who are a member of a visible family, plus (portal) the user's own person."""
    principal = principal_for(user)
    if principal.user_id is None:
        return Person.objects.none()
    from spalk.families.models import FamilyMember

    families = visible_families(user=user)
    q = Q(Exists(FamilyMember.objects.filter(person=OuterRef("pk"), family__in=families)))
    if principal.portal_person_id:
        q |= Q(pk=principal.portal_person_id)
    return Person.objects.filter(q)


def access_person(*, user, person_id: int | str, action: Action = Action.VIEW) -> Person:
    try:
        pk = int(person_id)
    except (TypeError, ValueError):
        raise Http404 from None
    person = visible_persons(user=user).filter(pk=pk).first()
    if person is None:
        note_denied(user=user, object_type="families.person", object_id=pk)
        raise Http404
    note_access(user=user, target=person)
    if action is not Action.VIEW:
        families = visible_families(user=user, action=action).filter(members__person=person)
        if not families.exists():
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
    return person


def creatable_centres(*, user) -> list[int]:
    """Centres in which this user may create a new family."""
    return principal_for(user).centres_with(CENTRE_WIDE[Action.EDIT] | ASSIGNMENT_BOUND[Action.EDIT])


def break_glass_candidates(*, user) -> QuerySet[Family]:
    """Families owned by the user's own centres that the user could open by breaking the glass (no shares)."""
    principal = principal_for(user)
    centres = principal.centres_with(DOSSIER_ROLES)
    if not centres:
        return Family.objects.none()
    return Family.objects.filter(centre_id__in=centres)


def can_break_glass(*, user) -> bool:
    return bool(principal_for(user).centres_with(DOSSIER_ROLES))


def break_glass_supervisor_centres(*, user: User) -> list[int]:
    """Centres whose break-the-glass grants this user reviews and may end (team lead, director)."""
    return duty_centres(user=user, duty=Duty.SUPERVISE_BREAK_GLASS)


def break_glass_hours() -> int:
    return settings.BREAK_GLASS_HOURS


def staff_centres(*, user: User) -> list[int]:
    """Centres where the user holds any role in force. For non-dossier screens."""
    return principal_for(user).centre_ids


# --- Named predicates for screens without dossier data ----------------------------------------------------------
# Every other module asks these by name; none of them holds a role set of its own.

class Duty(enum.StrEnum):
    """Work that is not about one family: who does it is decided here, per centre."""

    MANAGE_STAFF = "manage_staff"  # staff accounts and roles of the centre
    READ_AUDIT = "read_audit"  # the audit trail of the centre
    SUPERVISE_BREAK_GLASS = "supervise_break_glass"  # review and end break-the-glass grants
    SEE_RIGHTS_CHANGES = "see_rights_changes"  # "Wijzigingen in rechten" made by the installation administrator
    CENTRE_FIGURES = "centre_figures"  # occupancy and waiting-list figures on the start screen
    CENTRE_SETTINGS = "centre_settings"  # the centre's trajectory rules (crisis length, reopening period)
    INTAKE_WORK = "intake_work"  # new registrations, A-documents to file, follow-up contacts due
    HOUSE_WORK = "house_work"  # the house tonight: who lives in which unit
    TEAM_LEAD_WORK = "team_lead_work"  # crisis stays to watch, families without a supporter
    CENTRE_DEADLINES = "centre_deadlines"  # plan and report deadlines of every family of the centre


DUTIES: dict[Duty, frozenset[str]] = {
    Duty.MANAGE_STAFF: frozenset({Role.CENTRE_ADMIN, Role.DIRECTOR}),
    Duty.READ_AUDIT: frozenset({Role.DIRECTOR, Role.TEAM_LEAD}),
    Duty.SUPERVISE_BREAK_GLASS: frozenset({Role.DIRECTOR, Role.TEAM_LEAD}),
    Duty.SEE_RIGHTS_CHANGES: frozenset({Role.DIRECTOR}),
    Duty.CENTRE_FIGURES: frozenset({Role.DIRECTOR}),
    Duty.CENTRE_SETTINGS: frozenset({Role.DIRECTOR}),
    Duty.INTAKE_WORK: frozenset({Role.INTAKE_OFFICER}),
    Duty.HOUSE_WORK: frozenset({Role.NIGHT_STAFF, Role.COUNSELLOR}),
    Duty.TEAM_LEAD_WORK: frozenset({Role.TEAM_LEAD}),
    Duty.CENTRE_DEADLINES: frozenset({Role.TEAM_LEAD, Role.DIRECTOR}),
}


def duty_centres(*, user: User, duty: Duty) -> list[int]:
    """Centres in which ``user`` does ``duty``."""
    return principal_for(user).centres_with(DUTIES[duty])


def is_installation_admin(*, user: User) -> bool:
    return principal_for(user).is_installation_admin


def staff_manager_centres(*, user: User) -> list[int]:
    """Centres whose staff this user manages (centre administrator, director); every centre is the installation
    administrator's, which the caller adds (it needs the centre rows anyway)."""
    return duty_centres(user=user, duty=Duty.MANAGE_STAFF)


def can_manage_staff(*, user: User) -> bool:
    """Whether staff management is open to this user at all (else its screens answer 404)."""
    return is_installation_admin(user=user) or bool(staff_manager_centres(user=user))


def is_staff_manager_role(role: str) -> bool:
    """A role that manages staff: nobody ends it for themselves (no lock-out)."""
    return role in DUTIES[Duty.MANAGE_STAFF]


def audit_centres(*, user: User) -> list[int]:
    return duty_centres(user=user, duty=Duty.READ_AUDIT)


def can_read_audit(*, user: User) -> bool:
    return bool(audit_centres(user=user))


def can_list_families(*, user: User) -> bool:
    """Whether the families list is open to this user (staff with a dossier or administrative role, portal)."""
    principal = principal_for(user)
    return bool(principal.centres_with(STAY_VIEW_ROLES)) or bool(principal.portal_person_id)


def can_search(*, user: User) -> bool:
    """Whether the search box is offered (staff with a dossier or administrative role); results still come from
    ``visible_*``."""
    return bool(principal_for(user).centres_with(STAY_VIEW_ROLES))


def can_use_agenda(*, user: User) -> bool:
    """Whether the staff agenda is offered (staff with a dossier or administrative role)."""
    return bool(principal_for(user).centres_with(STAY_VIEW_ROLES))


def can_use_api_tokens(*, user: User) -> bool:
    """Staff with a role in a centre and installation administrators; never family members (portal)."""
    principal = principal_for(user)
    return bool(principal.centre_ids) or principal.is_installation_admin


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


# --- Trajectories and stays (issue 5) -------------------------------------------------------------------
# Trajectories, module episodes, supporters and allocations are dossier data: they are reached only
# through the family that owns them. Units and occupancy figures are centre data: staff of the centre who
# hold a dossier role or the administrative role see them; unit management is for team leads and directors.

STAY_VIEW_ROLES: frozenset[str] = DOSSIER_ROLES | {Role.ADMINISTRATIVE}
UNIT_MANAGER_ROLES: frozenset[str] = frozenset({Role.DIRECTOR, Role.TEAM_LEAD})


def _permission_denied():
    from django.core.exceptions import PermissionDenied

    return PermissionDenied()


def _family_bound(qs, *, user, pk_value, action: Action, select: tuple[str, ...] = ()):
    """One family-bound record through the family's visibility; 404 when unseen, 403 when read-only."""
    try:
        pk = int(pk_value)
    except (TypeError, ValueError):
        raise Http404 from None
    obj = qs.filter(family__in=visible_families(user=user)).select_related(
        "family", "family__centre", *select).filter(pk=pk).first()
    if obj is None:
        note_denied(user=user, object_type=qs.model._meta.label_lower, object_id=pk)
        raise Http404
    note_access(user=user, target=obj)
    if action is not Action.VIEW and not can(user=user, family=obj.family, action=action):
        raise _permission_denied()
    return obj


def visible_trajectories(*, user, action: Action = Action.VIEW):
    from spalk.trajectories.models import Trajectory

    return Trajectory.objects.filter(family__in=visible_families(user=user, action=action))


def access_trajectory(*, user, trajectory_id: int | str, action: Action = Action.VIEW):
    from spalk.trajectories.models import Trajectory

    return _family_bound(Trajectory.objects.all(), user=user, pk_value=trajectory_id, action=action)


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


def creatable_registration_centres(*, user) -> list[int]:
    """Centres in which this user may create a registration (intake officer, team lead, director)."""
    return intake_centres(user=user, action=Action.EDIT)


# --- Presence, agenda and search (issue 11) --------------------------------------------------------------
# Presence: the nightly check is done by the people in the house (counsellors, night staff, child workers,
# team leads, directors) for the units of their centre; it shows only families they can see (all of them in
# residence for these roles). Night staff cannot edit dossiers but do record presence: a separate right.
# Presence nights are dossier data reached through the family that owns them.
PRESENCE_ROLES: frozenset[str] = frozenset({Role.COUNSELLOR, Role.NIGHT_STAFF, Role.CHILD_WORKER,
                                            Role.TEAM_LEAD, Role.DIRECTOR})


def presence_centres(*, user) -> list[int]:
    """Centres whose nightly presence check this user may do."""
    return principal_for(user).centres_with(PRESENCE_ROLES)


def access_presence_centre(*, user, centre_id: int | str | None = None):
    """A centre whose presence check the user may do (the first one when no id is given), else Http404."""
    from spalk.centres.models import Centre

    centres = presence_centres(user=user)
    try:
        pk = centres[0] if centre_id in (None, "") and centres else int(centre_id)  # type: ignore[arg-type]
    except (TypeError, ValueError, IndexError):
        raise Http404 from None
    if pk not in centres:
        raise Http404
    return Centre.objects.get(pk=pk)


def visible_presence_stays(*, user):
    """Booked members (stays.AllocationMember) whose presence this user may record."""
    from spalk.stays.models import AllocationMember

    return AllocationMember.objects.filter(allocation__unit__centre_id__in=presence_centres(user=user),
                                           allocation__family__in=visible_families(user=user))


def access_presence_stay(*, user, stay_id: int | str):
    try:
        pk = int(stay_id)
    except (TypeError, ValueError):
        raise Http404 from None
    stay = visible_presence_stays(user=user).select_related(
        "allocation__unit", "allocation__family", "member__person").filter(pk=pk).first()
    if stay is None:
        raise Http404
    return stay


def can_record_presence(*, user, family: Family) -> bool:
    """For a family already accessed: may this user record its presence (its centre's check)?"""
    return family.centre_id in presence_centres(user=user)


def visible_presence_nights(*, user):
    from spalk.presence.models import PresenceNight

    return PresenceNight.objects.filter(family__in=visible_families(user=user))


# Agenda (issue 11): appointments are dossier data reached through their family; writing needs Action.EDIT on
# it. A worker's calendar feed lists only appointments they take part in and still may see.
def visible_appointments(*, user, action: Action = Action.VIEW):
    from spalk.agenda.models import Appointment

    return Appointment.objects.filter(family__in=visible_families(user=user, action=action))


def access_appointment(*, user, appointment_id: int | str, action: Action = Action.VIEW):
    from spalk.agenda.models import Appointment

    return _family_bound(Appointment.objects.all(), user=user, pk_value=appointment_id, action=action)


# --- end of the presence, agenda and search section ---------------------------------------------------


# === Logbook, handovers, incidents and the withholding mark (issue 11) ================================
# This section is owned by the logbook capability; nothing above it changes for it.
#
# The withholding mark (spalk.access.withholding.WithholdingMark) is shared by every content record.
# - staff who may see a record see it whatever the mark; a family member (portal) never sees a marked record
#   of their own family: ``visible_content`` (querysets) and ``content_visible_to`` (one record) apply it.
# Notes (logbook.Note):
# - a note of a family follows the family's visibility (visible_families); a note without a family (about a
#   unit or the house) is seen by staff with a dossier role in its centre;
# - "health only": authors, and staff holding a HEALTH_ONLY_READERS role in the note's centre;
# - writing: whoever may edit the family, and night staff for families in residence (they keep the logbook
#   at night but may not change the dossier); house notes: LIVING_GROUP_ROLES of the centre;
# - correcting or (un)marking a note: its author, or a team lead or director of its centre.
# Handovers and shift tasks are living-group records: LIVING_GROUP_ROLES of the centre (they see every family
# in residence); their computed parts (notes, presence, incidents) go through the rules above per reader.
# Incidents: like notes (family-bound or house-bound); closing one: its reporter, team lead, director.

HEALTH_ONLY_READERS: frozenset[str] = frozenset({Role.HEALTH_COORDINATOR})
LIVING_GROUP_ROLES: frozenset[str] = frozenset({Role.COUNSELLOR, Role.NIGHT_STAFF, Role.TEAM_LEAD, Role.DIRECTOR})
NOTE_SUPERVISORS: frozenset[str] = frozenset({Role.TEAM_LEAD, Role.DIRECTOR})
# who is notified of an incident, from which severity on (logbook.Severity: 1 low … 4 critical)
INCIDENT_NOTIFY_FROM: dict[str, int] = {Role.TEAM_LEAD: 2, Role.DIRECTOR: 3}


def _portal_own_family_q(person_id: int, family_field: str) -> Q:
    from spalk.families.models import FamilyMember

    return Q(Exists(FamilyMember.objects.filter(family_id=OuterRef(family_field), person_id=person_id)))


def visible_content(qs: QuerySet, *, user, family_field: str = "family") -> QuerySet:
    """Apply the withholding mark: a family member never sees a withheld record of their own family.

    ``qs`` holds records of a model with ``WithholdingMark`` that already passed the record's own policy;
    ``family_field`` names its family foreign key. Staff keep everything they may otherwise see.
    """
    principal = principal_for(user)
    if principal.user_id is None:
        return qs.none()
    if not principal.portal_person_id:
        return qs
    return qs.exclude(Q(withheld_from_family=True)
                      & _portal_own_family_q(principal.portal_person_id, f"{family_field}_id"))


def content_visible_to(record, *, user, family_field: str = "family") -> bool:
    """The same rule as ``visible_content`` for one record already loaded."""
    principal = principal_for(user)
    if principal.user_id is None:
        return False
    family_id = getattr(record, f"{family_field}_id", None)
    if not principal.portal_person_id or not record.withheld_from_family or family_id is None:
        return True
    from spalk.families.models import FamilyMember

    return not FamilyMember.objects.filter(family_id=family_id, person_id=principal.portal_person_id).exists()


def living_group_centres(*, user) -> list[int]:
    """Centres whose living-group records (handovers, shift tasks, house notes) this user may read or write."""
    return principal_for(user).centres_with(LIVING_GROUP_ROLES)


def _note_rules_q(principal: Principal) -> Q:
    from spalk.logbook.models import Visibility

    health = principal.centres_with(HEALTH_ONLY_READERS)
    return Q(visibility=Visibility.TEAM) | Q(author_id=principal.user_id) | Q(centre_id__in=health)


def visible_notes(*, user, family: Family | None = None) -> QuerySet:
    """Notes this user may read: the start of every logbook list, count and search.

    ``family``: a family the caller already obtained through ``access_family``; the list is then limited to it
    without repeating the family's visibility subquery.
    """
    from spalk.logbook.models import Note

    principal = principal_for(user)
    if principal.user_id is None:
        return Note.objects.none()
    if family is not None:
        qs = Note.objects.filter(family=family)
    else:
        house = principal.centres_with(DOSSIER_ROLES)
        qs = Note.objects.filter(Q(family__in=visible_families(user=user))
                                 | Q(family__isnull=True, centre_id__in=house))
    return visible_content(qs.filter(_note_rules_q(principal)), user=user)


def note_writable_families(*, user) -> QuerySet[Family]:
    """Families in whose logbook this user may write: editors of the family, night staff for residents."""
    principal = principal_for(user)
    if principal.user_id is None:
        return Family.objects.none()
    today = timezone.localdate()
    q = _family_q(principal, Action.EDIT, today)
    night = principal.centres_with(frozenset({Role.NIGHT_STAFF}))
    if night:
        q |= _in_centres(night, today) & in_residence_q(today, centre_ids=night)
    return Family.objects.filter(q)


def can_write_notes(*, user, family: Family | None, centre_id: int | None = None) -> bool:
    """May this user add a note (or an incident) to ``family``, or to the house of ``centre_id``?"""
    if family is None:
        return centre_id in living_group_centres(user=user)
    return _cached(("can", user.pk, family.pk, "write_notes"),
                   lambda: note_writable_families(user=user).filter(pk=family.pk).exists())


def _may_supervise(principal: Principal, *, centre_id: int, author_id: int | None) -> bool:
    return author_id == principal.user_id or centre_id in principal.centres_with(NOTE_SUPERVISORS)


def access_note(*, user, note_id: int | str, action: Action = Action.VIEW):
    """A note, or Http404 (missing, not visible, health-only, withheld from this family member);
    PermissionDenied for Action.EDIT (correct, mark) when the user is neither its author nor a supervisor."""
    try:
        pk = int(note_id)
    except (TypeError, ValueError):
        raise Http404 from None
    note = visible_notes(user=user).select_related("family", "centre", "unit", "author").filter(pk=pk).first()
    if note is None:
        raise Http404
    if action is not Action.VIEW:
        principal = principal_for(user)
        if not _may_supervise(principal, centre_id=note.centre_id, author_id=note.author_id):
            raise _permission_denied()
        if note.family is not None and not can_write_notes(user=user, family=note.family):
            raise _permission_denied()
    return note


def access_attachment(*, user, attachment_id: int | str):
    """An attachment of a note this user may read, or Http404."""
    from spalk.logbook.models import Attachment

    try:
        pk = int(attachment_id)
    except (TypeError, ValueError):
        raise Http404 from None
    attachment = Attachment.objects.filter(note__in=visible_notes(user=user)).select_related(
        "note", "note__family").filter(pk=pk).first()
    if attachment is None:
        raise Http404
    return attachment


def visible_handovers(*, user):
    from spalk.logbook.models import Handover

    return Handover.objects.filter(centre_id__in=living_group_centres(user=user))


def access_handover(*, user, handover_id: int | str):
    try:
        pk = int(handover_id)
    except (TypeError, ValueError):
        raise Http404 from None
    handover = visible_handovers(user=user).select_related("centre", "unit", "written_by").filter(pk=pk).first()
    if handover is None:
        raise Http404
    return handover


def access_living_group_centre(*, user, centre_id: int | str | None = None):
    """A centre whose living group (handovers, tasks) this user works in; the first one when no id is given."""
    from spalk.centres.models import Centre

    centres = living_group_centres(user=user)
    if centre_id in (None, ""):
        pk = centres[0] if centres else None
    else:
        try:
            pk = int(centre_id)
        except (TypeError, ValueError):
            raise Http404 from None
    if pk is None or pk not in centres:
        raise Http404
    return Centre.objects.get(pk=pk)


def visible_shift_tasks(*, user):
    from spalk.logbook.models import ShiftTask

    centres = living_group_centres(user=user)
    return ShiftTask.objects.filter(centre_id__in=centres).filter(
        Q(family__isnull=True) | Q(family__in=visible_families(user=user)))


def access_shift_task(*, user, task_id: int | str):
    try:
        pk = int(task_id)
    except (TypeError, ValueError):
        raise Http404 from None
    task = visible_shift_tasks(user=user).filter(pk=pk).first()
    if task is None:
        raise Http404
    return task


def visible_incidents(*, user) -> QuerySet:
    from spalk.logbook.models import Incident

    principal = principal_for(user)
    if principal.user_id is None:
        return Incident.objects.none()
    house = principal.centres_with(DOSSIER_ROLES)
    qs = Incident.objects.filter(Q(family__in=visible_families(user=user))
                                 | Q(family__isnull=True, centre_id__in=house))
    return visible_content(qs, user=user)


def access_incident(*, user, incident_id: int | str, action: Action = Action.VIEW):
    """An incident, or Http404; PermissionDenied for Action.EDIT unless reporter, team lead or director."""
    try:
        pk = int(incident_id)
    except (TypeError, ValueError):
        raise Http404 from None
    incident = visible_incidents(user=user).select_related("family", "centre", "unit").filter(pk=pk).first()
    if incident is None:
        raise Http404
    if action is not Action.VIEW:
        principal = principal_for(user)
        if not _may_supervise(principal, centre_id=incident.centre_id, author_id=incident.reported_by_id):
            raise _permission_denied()
    return incident


def incident_notification_recipients(*, centre_id: int, severity: int) -> list[int]:
    """User ids to notify of an incident of this severity in this centre (team lead from medium, director from
    high; INCIDENT_NOTIFY_FROM)."""
    today = timezone.localdate()
    roles = [role for role, threshold in INCIDENT_NOTIFY_FROM.items() if severity >= threshold]
    if not roles:
        return []
    return sorted(set(Membership.objects.filter(centre_id=centre_id, role__in=roles, start_date__lte=today,
                                                user__is_active=True)
                      .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
                      .values_list("user_id", flat=True)))


def can_edit_methods(*, user) -> bool:
    """The methods catalogue is sector data: team leads, directors and installation administrators keep it."""
    principal = principal_for(user)
    return principal.is_installation_admin or bool(principal.centres_with(NOTE_SUPERVISORS))
# === end of the logbook section ======================================================================


# === Plans, evaluations and reports (issue 12) =======================================================
# This section is owned by the plans capability; nothing above it changes for it.
#
# Plans (handelingsplan), goals, evaluations and reports are dossier data reached through the family that owns
# them (``_family_bound``): whoever sees the family reads them, whoever may edit the family writes them (drafts,
# goals, signatures, evaluations, report texts). A family member (portal) reads the plan of their own family
# without what carries the withholding mark (``visible_content``).
# - issuing a report (freezing it and its PDF) and recording that it was sent: editors of the family;
# - the plan settings of a centre (deadlines, rhythm): directors and team leads of the centre;
# - downloads and prints of an issued report are audited (AuditAction.PRINT / EXPORT) by the views.
PLAN_SETTINGS_ROLES: frozenset[str] = frozenset({Role.DIRECTOR, Role.TEAM_LEAD})
# who gets the start-screen items of plans due or overdue: the family's own workers (assigned) and the team
# lead of the centre (every family of the centre)
PLAN_DEADLINE_ROLES: frozenset[str] = ASSIGNMENT_BOUND[Action.EDIT] | {Role.TEAM_LEAD, Role.DIRECTOR}


def visible_plans(*, user, action: Action = Action.VIEW) -> QuerySet:
    """Plan versions this user may see (or act on): the start of every plan list."""
    from spalk.plans.models import Plan

    return Plan.objects.filter(family__in=visible_families(user=user, action=action))


def access_plan(*, user, plan_id: int | str, action: Action = Action.VIEW):
    """A plan version, or Http404 (missing or not yours); PermissionDenied when seen but not editable."""
    from spalk.plans.models import Plan

    return _family_bound(Plan.objects.all(), user=user, pk_value=plan_id, action=action,
                         select=("trajectory",))


def visible_goals(qs: QuerySet, *, user) -> QuerySet:
    """The goals of plans already accessed, without what is withheld from this family member."""
    return visible_content(qs, user=user)


def access_goal(*, user, goal_id: int | str, action: Action = Action.VIEW):
    """A goal of a visible plan (withheld goals are a 404 for the family itself)."""
    from spalk.plans.models import Goal

    goal = _family_bound(visible_content(Goal.objects.all(), user=user), user=user, pk_value=goal_id,
                         action=action, select=("plan", "plan__trajectory", "person"))
    return goal


def visible_evaluations(*, user, family: Family | None = None) -> QuerySet:
    """Evaluations this user may read (of ``family`` when given, already accessed)."""
    from spalk.plans.models import Evaluation

    qs = Evaluation.objects.filter(family=family) if family is not None else Evaluation.objects.filter(
        family__in=visible_families(user=user))
    return visible_content(qs, user=user)


def access_evaluation(*, user, evaluation_id: int | str, action: Action = Action.VIEW):
    from spalk.plans.models import Evaluation

    return _family_bound(visible_content(Evaluation.objects.all(), user=user), user=user, pk_value=evaluation_id,
                         action=action, select=("goal", "goal__plan"))


def visible_reports(*, user, action: Action = Action.VIEW) -> QuerySet:
    from spalk.plans.models import Report

    return visible_content(Report.objects.filter(family__in=visible_families(user=user, action=action)),
                           user=user)


def access_report(*, user, report_id: int | str, action: Action = Action.VIEW):
    """A report, or Http404 (missing, not yours, withheld from this family member); 403 when not editable."""
    from spalk.plans.models import Report

    return _family_bound(visible_content(Report.objects.all(), user=user), user=user, pk_value=report_id,
                         action=action, select=("trajectory", "plan"))


def plan_settings_centres(*, user) -> list[int]:
    """Centres whose plan settings (deadlines, rhythm of evaluations and reports) this user may change."""
    return principal_for(user).centres_with(PLAN_SETTINGS_ROLES)


def plan_deadline_centres(*, user) -> list[int]:
    """Centres in which this user works with plans (the start-screen deadline items are for them)."""
    return principal_for(user).centres_with(PLAN_DEADLINE_ROLES)
# === end of the plans section ========================================================================
