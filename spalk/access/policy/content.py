"""Policy: the shared withholding mark (spalk.access.withholding), applied in one place for every content
record."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from spalk.access.policy.core import principal_for

__all__ = [
    "content_visible_to",
    "visible_content",
]


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
