"""Policy core: principals, the family rules, families and persons, duties.

The rules themselves are described in the package docstring (``spalk.access.policy``)."""

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
from django.db.models import Exists, F, Lookup, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from spalk.accounts.models import Membership, Role, User
from spalk.audit.reads import note_access, note_denied, note_policy_call
from spalk.families.models import Family, MemberRole, Person

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

_T = TypeVar("_T")

__all__ = [
    "ASSIGNMENT_BOUND",
    "CENTRE_WIDE",
    "DOSSIER_ROLES",
    "DUTIES",
    "OWNER_ONLY",
    "RESIDENCE_BOUND",
    "STAY_VIEW_ROLES",
    "Action",
    "Duty",
    "Principal",
    "access_duty_centre",
    "access_family",
    "access_person",
    "allowed_actions",
    "audit_centres",
    "audit_staff",
    "break_glass_candidates",
    "break_glass_hours",
    "break_glass_supervisor_centres",
    "can",
    "can_break_glass",
    "can_list_families",
    "can_manage_staff",
    "can_read_audit",
    "can_search",
    "can_use_agenda",
    "can_use_api_tokens",
    "creatable_centres",
    "duty_centres",
    "forget_rights",
    "in_residence_q",
    "is_installation_admin",
    "is_staff_manager_role",
    "principal_for",
    "request_scope",
    "staff_centres",
    "staff_manager_centres",
    "visible_families",
    "visible_persons",
]


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


def _break_glass(user_id: int, now: datetime.datetime | None = None) -> Q:
    from spalk.access.models import BreakGlassGrant

    grants = BreakGlassGrant.objects.filter(ended_at__isnull=True, expires_at__gt=now) if now is not None else \
        BreakGlassGrant.objects.open()
    return Q(Exists(grants.filter(family=OuterRef("pk"), user_id=user_id)))


def in_residence_q(today: datetime.date, centre_ids: list[int] | None = None) -> Q:
    """Families staying today in a unit (of one of ``centre_ids`` when given; see spalk.stays)."""
    from spalk.stays.selectors import in_residence_q as stays_in_residence_q

    return stays_in_residence_q(today=today, centre_ids=centre_ids)


def _rule_key(principal: Principal, action: Action, today: datetime.date) -> tuple:
    """Everything the family rule of ``action`` is built from (the rows it reads are read by the query itself)."""
    roles = tuple(sorted((c, tuple(sorted(r))) for c, r in principal.roles_by_centre.items()))
    return (principal.user_id, roles, principal.portal_person_id, action, today)


def _family_q(principal: Principal, action: Action, today: datetime.date) -> Q:
    """The family rule of ``action`` for ``principal`` as a condition on Family. Built once per request for each
    principal (restricted principals of the health and safety rules included) and action: building the Exists
    subqueries costs milliseconds, and a family page asks for every action and for the health rules."""
    return _cached(("family_q", *_rule_key(principal, action, today)),
                   lambda: _build_family_q(principal, action, today))


# The family rules compiled to SQL, for the checks on one family (access_family, can, allowed_actions and the
# health and safety checks built on them). Compiling a rule with its Exists subqueries costs several
# milliseconds of Python per query, and every dossier page starts with such a check; the SQL of a rule depends
# only on _rule_key (the roles of the request's principal, freshly loaded, and the day), while the rows it tests
# (shares, assignments, stays, break-the-glass grants, ends) are read by PostgreSQL when the query runs. "Now"
# (the expiry of a break-the-glass grant) is a placeholder in the cached SQL, replaced by the moment of the
# query. A change of rights changes the principal and so the key: nothing cached outlives a change of rights.
_RULE_SQL: dict[tuple, tuple[str, tuple]] = {}
_RULE_SQL_MAX = 4096
_NOW = datetime.datetime(1900, 1, 1, 0, 0, 0, 424242, tzinfo=datetime.UTC)  # stands for "now" in cached SQL


def _rule_sql(principal: Principal, action: Action, today: datetime.date) -> tuple[str, tuple]:
    from django.core.exceptions import EmptyResultSet, FullResultSet
    from django.db import DEFAULT_DB_ALIAS

    key = _rule_key(principal, action, today)
    entry = _RULE_SQL.get(key)
    if entry is None:
        query = Family.objects.filter(_build_family_q(principal, action, today, now=_NOW)).query
        compiler = query.get_compiler(using=DEFAULT_DB_ALIAS)
        try:
            sql, params = compiler.compile(query.where)
        except EmptyResultSet:
            sql, params = "FALSE", []
        except FullResultSet:
            sql, params = "TRUE", []
        entry = (f"({sql})", tuple(params))
        if len(_RULE_SQL) >= _RULE_SQL_MAX:
            _RULE_SQL.clear()
        _RULE_SQL[key] = entry
    return entry


def family_rule(principal: Principal, action: Action, today: datetime.date | None = None) -> Q:
    """The family rule of ``action`` as a condition for a query on Family at the top level (not a subquery):
    the same rule as ``_family_q``, from the compiled-SQL cache. Use it for checks on families already known
    (one row); lists and subqueries start from ``visible_families``."""
    from django.db.models import BooleanField
    from django.db.models.expressions import RawSQL

    sql, params = _rule_sql(principal, action, today or timezone.localdate())
    if sql == "(FALSE)":
        # a rule that grants nothing (no role for it): Django answers a query on it without asking PostgreSQL
        return Q(pk__in=[])
    now = timezone.now()
    bound = [now if isinstance(p, datetime.datetime) and p == _NOW else p for p in params]
    return Q(RawSQL(sql, bound, output_field=BooleanField()))  # noqa: S611 - SQL compiled by the ORM above


def _build_family_q(principal: Principal, action: Action, today: datetime.date,
                    now: datetime.datetime | None = None) -> Q:
    q = Q(pk__in=[])
    if principal.user_id is None:
        return q

    def reach(centres: list[int]) -> Q:
        return Q(centre_id__in=centres) if action in OWNER_ONLY else _in_centres(centres, today)

    wide = principal.centres_with(CENTRE_WIDE[action])
    if wide:
        q |= reach(wide)
    bound = principal.centres_with(ASSIGNMENT_BOUND[action])
    resident = principal.centres_with(RESIDENCE_BOUND[action])
    # residence counts only in the viewer's own centres' units: a share with another centre does not make
    # that centre's night staff or counsellors see a family living in one of the owning centre's units
    if bound and bound == resident:
        # a counsellor: reach(c) & assigned | reach(c) & resident, with reach(c) (and its share subquery) once;
        # the same rule, one subquery fewer to build, compile and plan in every list of the most common role
        q |= reach(bound) & (_assigned(principal.user_id, today) | in_residence_q(today, centre_ids=resident))
    else:
        if bound:
            q |= reach(bound) & _assigned(principal.user_id, today)
        if resident:
            q |= reach(resident) & in_residence_q(today, centre_ids=resident)
    if action in (Action.VIEW, Action.EDIT):
        # break the glass works only in the family's own centre, never through a share
        glass_roles = DOSSIER_ROLES if action is Action.VIEW else DOSSIER_ROLES - {Role.NIGHT_STAFF}
        glass = principal.centres_with(glass_roles)
        if glass:
            q |= Q(centre_id__in=glass) & _break_glass(principal.user_id, now)
    if principal.portal_person_id and action is Action.VIEW:
        from spalk.families.models import FamilyMember

        q |= Q(Exists(FamilyMember.objects.filter(family=OuterRef("pk"), person_id=principal.portal_person_id,
                                                  role=MemberRole.PARENT)))
    return q


class _AnyOf(Lookup):
    """``lhs = ANY(%s)``, with the list of ids as one array parameter: an IN list binds one parameter per id (a
    centre's 250 families), and psycopg re-parses a statement of more than 50 parameters on every execution."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, list(self.rhs))


def families_of_centre(principal: Principal, action: Action, centre_id: int) -> QuerySet[Family]:
    """The families owned by ``centre_id`` that the family rule of ``action`` grants ``principal``, read once per
    request as a list of ids (from the compiled-rule cache, in one query on Family).

    For a page about one centre whose lists all start from the same rule (the handover: notes, incidents, tasks,
    appointments, who is in the house, medication doses): each list would otherwise compile the rule's Exists
    subqueries again and PostgreSQL would plan them again. The same rows as the rule's subquery narrowed to the
    centre; a change of rights in the request (``forget_rights``) drops the list with the rest of the cache."""
    today = timezone.localdate()

    def compute() -> list[int]:
        return list(Family.objects.filter(family_rule(principal, action, today), centre_id=centre_id)
                    .values_list("pk", flat=True))

    ids = _cached(("families_of_centre", *_rule_key(principal, action, today), centre_id), compute)
    return Family.objects.filter(_AnyOf(F("pk"), ids))


def visible_families(*, user, action: Action = Action.VIEW, centre_id: int | None = None) -> QuerySet[Family]:
    """Every family this user may see (or act on): the start of every list, count and search.

    ``centre_id``: only the families owned by that centre, read once per request (``families_of_centre``)."""
    principal = principal_for(user)
    if principal.user_id is None:
        return Family.objects.none()
    if centre_id is not None:
        return families_of_centre(principal, action, centre_id)
    # Built once per request (the conditions and their Exists subqueries cost milliseconds to build, and a page
    # such as the handover starts five lists from it); every caller gets its own unevaluated clone.
    families = _cached(("visible_families", principal.user_id, action),
                       lambda: Family.objects.filter(_family_q(principal, action, timezone.localdate())))
    return families.all()


def access_family(*, user, family_id: int | str, action: Action = Action.VIEW) -> Family:
    """The family, or Http404 — the same for "does not exist" and "not yours".

    When the user may see the family but not perform ``action``, PermissionDenied (403).
    """
    try:
        pk = int(family_id)
    except (TypeError, ValueError):
        raise Http404 from None
    principal = principal_for(user)
    family = (Family.objects.filter(family_rule(principal, Action.VIEW)).select_related("centre").filter(pk=pk).first()
              if principal.user_id is not None else None)
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
    def compute() -> bool:
        principal = principal_for(user)
        return principal.user_id is not None and Family.objects.filter(pk=family.pk).filter(
            family_rule(principal, action)).exists()

    return _cached(("can", user.pk, family.pk, action), compute)


def allowed_actions(*, user, family: Family) -> set[Action]:
    """The actions a user may take on a family already accessed (for showing buttons).

    One query for all of them (each action's rule as a boolean column of the family's row), which also fills
    the request cache of ``can``: the family page asks for every action, and a query per action was most of
    its policy time.
    """
    from django.db.models import BooleanField, Case, Value, When

    cache = _request_cache.get()
    others = [a for a in Action if a is not Action.VIEW]
    flags = {a: cache[("can", user.pk, family.pk, a)] for a in others
             if cache is not None and ("can", user.pk, family.pk, a) in cache}
    missing = [a for a in others if a not in flags]
    if missing:
        principal = principal_for(user)
        today = timezone.localdate()
        columns = {f"can_{a.value}": Case(When(family_rule(principal, a, today), then=Value(True)),
                                          default=Value(False), output_field=BooleanField()) for a in missing}
        row = Family.objects.filter(pk=family.pk).values(**columns).first() or {}
        for a in missing:
            flags[a] = bool(row.get(f"can_{a.value}"))
            if cache is not None:
                cache[("can", user.pk, family.pk, a)] = flags[a]
    return {Action.VIEW} | {a for a in others if flags[a]}


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
    CENTRE_CONTACT = "centre_contact"  # the centre's phone numbers, the 24/7 permanence number included
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
    Duty.CENTRE_CONTACT: frozenset({Role.DIRECTOR, Role.CENTRE_ADMIN}),
    Duty.INTAKE_WORK: frozenset({Role.INTAKE_OFFICER}),
    Duty.HOUSE_WORK: frozenset({Role.NIGHT_STAFF, Role.COUNSELLOR}),
    Duty.TEAM_LEAD_WORK: frozenset({Role.TEAM_LEAD}),
    Duty.CENTRE_DEADLINES: frozenset({Role.TEAM_LEAD, Role.DIRECTOR}),
}


def duty_centres(*, user: User, duty: Duty) -> list[int]:
    """Centres in which ``user`` does ``duty``."""
    return principal_for(user).centres_with(DUTIES[duty])


def access_duty_centre(*, user: User, duty: Duty, centre_id: int | str | None = None):
    """A centre in which ``user`` does ``duty`` (the first one when no id is given). Http404 for a centre the
    user holds no role in, 403 for one of their centres where this duty is not theirs."""
    from spalk.centres.models import Centre

    centres = duty_centres(user=user, duty=duty)
    if centre_id is None or centre_id == "":
        pk = centres[0] if centres else None
    else:
        try:
            pk = int(centre_id)
        except (TypeError, ValueError):
            raise Http404 from None
    if pk is None or pk not in centres:
        if pk is not None and pk in staff_centres(user=user):
            raise _permission_denied()
        raise Http404
    return Centre.objects.get(pk=pk)


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


def audit_staff(*, user: User) -> QuerySet[User]:
    """Staff members of the centres whose audit trail this user reads (anyone who held a role there, also in
    the past: the trail keeps their events). The start of the audit filter's staff autocomplete."""
    centres = audit_centres(user=user)
    if not centres:
        return User.objects.none()
    return User.objects.filter(Exists(Membership.objects.filter(user=OuterRef("pk"), centre_id__in=centres)))


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



STAY_VIEW_ROLES: frozenset[str] = DOSSIER_ROLES | {Role.ADMINISTRATIVE}


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
