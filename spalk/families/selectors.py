"""Reads of families and persons. Callers pass querysets that already went through the policy."""

from __future__ import annotations

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from spalk.families.models import Family, FamilyMember, MemberRole, Person


def family_list(*, families: QuerySet[Family], search: str = "") -> QuerySet[Family]:
    """Visible families filtered by a search on family name, dossier number or member names.

    Every word must match the family name, the dossier number or the name of one of its members. Members
    are matched with EXISTS and counted with a subquery: no join that multiplies rows, so no DISTINCT and
    no GROUP BY over every column (``make bench``: search over 20 000 families 180 ms → a few ms).
    """
    members = FamilyMember.objects.filter(family=OuterRef("pk")).order_by().values("family")
    qs = families.select_related("centre").annotate(
        member_count=Coalesce(Subquery(members.annotate(n=Count("pk")).values("n")), 0))
    for term in search.split():
        named = members.filter(Q(person__first_name__icontains=term) | Q(person__last_name__icontains=term))
        qs = qs.filter(Q(name__icontains=term) | Q(reference__iexact=term) | Exists(named))
    return qs.order_by("name", "pk")


ROLE_ORDER = Case(
    When(role=MemberRole.PARENT, then=Value(0)), When(role=MemberRole.CHILD, then=Value(1)),
    When(role=MemberRole.UNBORN, then=Value(2)), default=Value(3), output_field=IntegerField(),
)


def family_members(*, family: Family) -> list[FamilyMember]:
    """Members in the order a worker reads a family: parents, children (oldest first), unborn, network."""
    return list(FamilyMember.objects.filter(family=family).select_related("person")
                .order_by(ROLE_ORDER, "person__birth_date", "pk"))


def family_member_get(*, family: Family, person: Person) -> FamilyMember | None:
    return FamilyMember.objects.filter(family=family, person=person).first()


def person_duplicates(*, centre_id: int, first_name: str, last_name: str, birth_date=None,
                      national_number: str = "", exclude_pk: int | None = None) -> QuerySet[Person]:
    """Likely duplicates of a person within a centre: same national number, or same name and birth date."""
    q = Q(pk__in=[])
    if national_number:
        q |= Q(national_number=national_number)
    if first_name and last_name and birth_date:
        q |= Q(first_name__iexact=first_name, last_name__iexact=last_name, birth_date=birth_date)
    qs = Person.objects.filter(centre_id=centre_id).filter(q)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs
