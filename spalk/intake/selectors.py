"""Reads of the intake. Callers pass querysets that already went through the policy (visible_registrations)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from spalk.access.policy import visible_persons
from spalk.families.models import FamilyMember, Person
from spalk.families.selectors import person_duplicates
from spalk.intake.access_routes import (
    AccessRouteInputError,
    AccessRoutes,
    CatalogueModule,
    MemberInput,
    access_routes,
)
from spalk.intake.models import (
    URGENCY_RANK,
    ADocument,
    ADocumentStatus,
    Consent,
    Module,
    PriorityChange,
    Registration,
    RegistrationMember,
    Screening,
    Status,
    Urgency,
    WaitingContact,
    WaitingListEntry,
)


def registration_list(*, registrations: QuerySet[Registration], status: str = "", care: str = "", urgency: str = "",
                      search: str = "", family_id: int | None = None) -> QuerySet[Registration]:
    # a count subquery and EXISTS per search term: no join + GROUP BY over every visible registration
    members = RegistrationMember.objects.filter(registration=OuterRef("pk"))
    qs = registrations.select_related("centre", "referrer_organisation", "family").annotate(
        member_count=Coalesce(Subquery(members.order_by().values("registration").annotate(n=Count("pk"))
                                       .values("n")), 0))
    if status:
        qs = qs.filter(status=status)
    if care:
        qs = qs.filter(care=care)
    if urgency:
        qs = qs.filter(urgency=urgency)
    if family_id:
        qs = qs.filter(family_id=family_id)
    for term in search.split():
        named = members.filter(Q(first_name__icontains=term) | Q(last_name__icontains=term))
        qs = qs.filter(Q(family_name__icontains=term) | Exists(named) | Q(referrer_text__icontains=term)
                       | Q(referrer_organisation__name__icontains=term))
    return qs.order_by("-received_on", "-pk")


def status_counts(*, registrations: QuerySet[Registration]) -> dict[str, int]:
    """Number of registrations per status (one query)."""
    rows = registrations.order_by().values("status").annotate(n=Count("pk"))
    counts = {s: 0 for s in Status.values}
    for row in rows:
        counts[row["status"]] = row["n"]
    return counts


def registration_members(*, registration: Registration) -> list[RegistrationMember]:
    return list(registration.members.select_related("person").order_by("role", "birth_date", "pk"))


def missing_consents(*, registration: Registration, on: datetime.date) -> list[RegistrationMember]:
    """Members whose consent is needed on ``on`` (parents, minors aged 12 or more) and not given."""
    return [m for m in registration.members.order_by("role", "birth_date", "pk")
            if m.consent_needed_on(on) and m.consent != Consent.GIVEN]


@dataclass
class Duplicate:
    member: RegistrationMember
    persons: list[Person]


def member_duplicates(*, user, registration: Registration, members: list[RegistrationMember]) -> list[Duplicate]:
    """Likely existing persons for each provisional member: same national number, or same name and birth date.

    Only persons of the registration's own centre that the user may see; another centre's records are never
    searched or revealed.
    """
    pending = [m for m in members if m.person_id is None]
    candidates_qs = None
    for member in pending:  # one query for every member together (no query per member)
        qs = person_duplicates(centre_id=registration.centre_id, first_name=member.first_name,
                               last_name=member.last_name, birth_date=member.birth_date,
                               national_number=member.national_number)
        candidates_qs = qs if candidates_qs is None else candidates_qs | qs
    if candidates_qs is None:
        return []
    candidates = list(candidates_qs.filter(pk__in=visible_persons(user=user).values("pk")).order_by("pk")
                      .prefetch_related(Prefetch("memberships",
                                                 queryset=FamilyMember.objects.select_related("family")))[:200])
    out = []
    for member in pending:
        found = [p for p in candidates if _same_person(member, p)][:5]
        if found:
            out.append(Duplicate(member=member, persons=found))
    return out


def _same_person(member: RegistrationMember, person: Person) -> bool:
    """The criteria of ``families.selectors.person_duplicates``, applied to one candidate."""
    if member.national_number and person.national_number == member.national_number:
        return True
    return bool(member.first_name and member.last_name and member.birth_date
                and person.first_name.upper() == member.first_name.upper()
                and person.last_name.upper() == member.last_name.upper()
                and person.birth_date == member.birth_date)


def screening_versions(*, registration: Registration) -> list[Screening]:
    return list(registration.screenings.select_related("created_by").order_by("-number"))


def a_documents(*, registration: Registration) -> list[ADocument]:
    return list(registration.a_documents.prefetch_related("lines__module", "modules_granted")
                .select_related("created_by").order_by("-created_at", "-pk"))


def admission_blocking_a_document(*, registration: Registration) -> ADocument | None:
    """The A-document that still stands in the way of admitting: the registration needs one (the access-route
    engine says so) and the one in progress is still a draft, not sent to the ITP. None when nothing blocks."""
    draft = registration.a_documents.filter(status=ADocumentStatus.DRAFT).order_by("-created_at", "-pk").first()
    if draft is None:
        return None
    routes, _problems = registration_access_routes(registration=registration,
                                                   members=list(registration.members.all()))
    return draft if routes is None or routes.a_document_required else None


def valid_modules(*, on: datetime.date) -> QuerySet[Module]:
    return Module.objects.filter(valid_from__lte=on).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))


def module_by_code(*, on: datetime.date) -> dict[str, Module]:
    return {m.code: m for m in valid_modules(on=on)}


def route_catalogue(*, on: datetime.date) -> dict[str, CatalogueModule]:
    """The module catalogue valid on ``on``, as the access-route engine reads it (code, kind, directly accessible)."""
    return {code: CatalogueModule(code=code, kind=kind, directly_accessible=direct)
            for code, kind, direct in valid_modules(on=on).values_list("code", "kind", "directly_accessible")}


def registration_access_routes(*, registration: Registration, members: list[RegistrationMember],
                               on: datetime.date | None = None) -> tuple[AccessRoutes | None, list[str]]:
    """The engine's outcome for the registration's members (network persons left out), or the problems."""
    day = on or timezone.localdate()
    inputs = [MemberInput(key=str(m.pk), role=m.role, birth_date=m.birth_date,
                          expected_birth_date=m.expected_birth_date, pregnant=m.pregnant)
              for m in members if m.role in ("parent", "child", "unborn")]
    try:
        return access_routes(on=day, care=registration.care, members=inputs,
                             catalogue=route_catalogue(on=day)), []
    except AccessRouteInputError as exc:
        return None, [p.msg for p in exc.problems]


# --- Waiting list ----------------------------------------------------------------------------------

# The ordering rule of the waiting list, written down (shown on the screen too):
# 1. the priority set by the team lead (higher first; 0 unless adjusted, always with a reason);
# 2. urgency: acute, then high, then normal;
# 3. waiting since: longest waiting first;
# 4. the registration date and number, as a stable tie-breaker.


def waiting_sort_key(entry: WaitingListEntry) -> tuple:
    reg = entry.registration
    return (-entry.priority, URGENCY_RANK.get(Urgency(reg.urgency), 9), entry.since, reg.received_on, reg.pk)


def waiting_list(*, registrations: QuerySet[Registration], centre_id: int | None = None) -> list[WaitingListEntry]:
    qs = (WaitingListEntry.objects.filter(registration__in=registrations, left_on__isnull=True)
          .select_related("registration", "registration__family", "centre")
          .annotate(last_contact=Max("contacts__on"), contact_count=Count("contacts")))
    if centre_id:
        qs = qs.filter(centre_id=centre_id)
    return sorted(qs, key=waiting_sort_key)


def priority_history(*, entry: WaitingListEntry) -> list[PriorityChange]:
    """Every change of the entry's priority, newest first, with who, when and why."""
    return list(entry.priority_changes.select_related("by").order_by("-at", "-pk"))


def waiting_contacts(*, entry: WaitingListEntry) -> list[WaitingContact]:
    return list(entry.contacts.select_related("by").order_by("-on", "-pk"))


@dataclass
class Capacity:
    units: int
    occupied: int
    free_today: int
    freeing_soon: list[datetime.date]

    @property
    def free_within_horizon(self) -> int:
        return self.free_today + len(self.freeing_soon)


def expected_capacity(*, centre_id: int, today: datetime.date | None = None, horizon_days: int = 60) -> Capacity:
    """Active units minus units allocated today; allocations ending within the horizon free a unit then.

    Read-only use of spalk.stays (units and allocations); no dossier content is read.
    """
    from spalk.stays.models import Allocation, Unit

    today = today or timezone.localdate()
    units = Unit.objects.filter(centre_id=centre_id, is_active=True).count()
    current = list(Allocation.objects.filter(unit__centre_id=centre_id, unit__is_active=True, period__contains=today)
                   .values_list("unit_id", "period"))
    occupied = len({unit_id for unit_id, _p in current})
    horizon = today + datetime.timedelta(days=horizon_days)
    freeing = sorted(p.upper for _u, p in current if p.upper is not None and p.upper <= horizon)
    return Capacity(units=units, occupied=occupied, free_today=max(units - occupied, 0), freeing_soon=freeing)


def route_rows(*, routes: AccessRoutes | None, members: list[RegistrationMember],
               modules: dict[str, Module]) -> list[dict]:
    """The engine's outcome joined with member names and the catalogue's Dutch module names, for display."""
    if routes is None:
        return []
    names = {str(m.pk): m.full_name for m in members}
    return [{"name": names.get(r.key, r.key), "module": r.module,
             "module_name": modules[r.module].name if r.module in modules else "", "route": r.route,
             "reason": r.reason} for r in routes.members]
