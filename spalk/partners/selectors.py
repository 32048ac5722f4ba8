"""Reads of the partner directory, always within the centres the policy allows (access.policy.partner_centres)."""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from spalk.access.policy import Action, can_edit_sector_partners, partner_centres
from spalk.partners.models import ContactPerson, Organisation, OrganisationKind


def _scope(*, user, action: Action) -> Q:
    """The centres' own entries the policy allows, and the shared sector list (read by all staff; maintained by
    the installation administrator)."""
    sector = can_edit_sector_partners(user=user) if action is Action.EDIT else bool(
        partner_centres(user=user) or can_edit_sector_partners(user=user))
    q = Q(centre_id__in=partner_centres(user=user, action=action))
    return q | Q(centre__isnull=True) if sector else q


def _words(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="websearch", config="spalk_dutch")


# what the sociale kaart's full-text search reads (PostgreSQL, Dutch stemming with unaccent: spalk_dutch)
NEED_VECTOR = SearchVector("needs", "offer", "name", "how_to_refer", config="spalk_dutch")
TARGET_VECTOR = SearchVector("target_groups", "offer", config="spalk_dutch")


def organisation_list(*, user, search: str = "", kind: str = "", action: Action = Action.VIEW, need: str = "",
                      target: str = "", region: str = "") -> QuerySet[Organisation]:
    """Searchable by need and target group (full text, Dutch) and by region (municipality, postal code or
    eerstelijnszone)."""
    qs = Organisation.objects.filter(_scope(user=user, action=action)).select_related(
        "centre", "support_form").annotate(contact_count=Count("contacts", filter=Q(contacts__is_active=True)))
    if need.strip():
        qs = qs.annotate(need_vector=NEED_VECTOR).filter(need_vector=_words(need.strip()))
    if target.strip():
        qs = qs.annotate(target_vector=TARGET_VECTOR).filter(target_vector=_words(target.strip()))
    if region.strip():
        r = region.strip()
        qs = qs.filter(Q(city__iexact=r) | Q(postal_code=r) | Q(primary_care_zone__icontains=r))
    if search.strip():
        term = search.strip()
        qs = qs.filter(Q(name__icontains=term) | Q(city__icontains=term) | Q(offer__icontains=term)
                       | Q(contacts__name__icontains=term)).distinct()
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("name", "pk")


def organisation_get(*, user, organisation_id: int, action: Action = Action.VIEW) -> Organisation:
    """The organisation of a centre the user may read (or maintain); Http404 otherwise."""
    org = (Organisation.objects.filter(_scope(user=user, action=action), pk=organisation_id)
           .select_related("centre", "support_form").first())
    if org is None:
        raise Http404
    return org


def contact_get(*, user, contact_id: int, action: Action = Action.VIEW) -> ContactPerson:
    scope = ContactPerson.objects.filter(organisation__in=Organisation.objects.filter(_scope(user=user, action=action)))
    contact = scope.filter(pk=contact_id).select_related("organisation").first()
    if contact is None:
        raise Http404
    return contact


def organisations_for_centre(*, centre_id: int) -> QuerySet[Organisation]:
    """Active organisations of one centre and of the sector list (for choice fields on a registration already
    accessed)."""
    return Organisation.objects.filter(Q(centre_id=centre_id) | Q(centre__isnull=True), is_active=True
                                       ).order_by("name", "pk")


# Which kinds of partner to suggest first, given the contra-indications the screening found (BRIEF.md §3)
# and otherwise the generic order: broad social help and family support before specialised services.
CONTRA_KINDS = {
    "drug_use": [OrganisationKind.ADDICTION, OrganisationKind.CGG],
    "psychiatric_problems": [OrganisationKind.CGG],
    "mental_disability": [OrganisationKind.DISABILITY],
}
GENERIC_KINDS = [OrganisationKind.CAW, OrganisationKind.KG, OrganisationKind.NETWORK_1G1P, OrganisationKind.CGG,
                 OrganisationKind.OCJ, OrganisationKind.OCMW]


def referral_suggestions(*, centre_id: int, contra_codes: tuple[str, ...] | list[str] = (), city: str = "",
                         exclude_ids: tuple[int, ...] = (), limit: int = 5) -> list[Organisation]:
    """Partners to suggest when a family is declined or referred on: best fitting kind first, nearby first."""
    wanted: list[str] = []
    for code in contra_codes:
        wanted += [k for k in CONTRA_KINDS.get(code, []) if k not in wanted]
    wanted += [k for k in GENERIC_KINDS if k not in wanted]
    rank = {k: i for i, k in enumerate(wanted)}
    candidates = list(Organisation.objects.filter(Q(centre_id=centre_id) | Q(centre__isnull=True), is_active=True,
                                                  accepts_referrals=True,
                                                  kind__in=wanted).exclude(pk__in=exclude_ids))
    city = city.strip().lower()
    candidates.sort(key=lambda o: (rank[o.kind], not (city and o.city.strip().lower() == city), o.name))
    return candidates[:limit]
