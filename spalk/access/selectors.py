from __future__ import annotations

from django.db.models import QuerySet

from spalk.access.models import BreakGlassGrant, FamilyAssignment, FamilyShare
from spalk.families.models import Family


def break_glass_grant_list(*, centre_ids: list[int]) -> QuerySet[BreakGlassGrant]:
    """Grants on families of these centres, unreviewed first (for team leads)."""
    return (BreakGlassGrant.objects.filter(family__centre_id__in=centre_ids)
            .select_related("family", "user", "reviewed_by").order_by("reviewed_at", "-created_at"))


def break_glass_grant_get(*, centre_ids: list[int], grant_id: int) -> BreakGlassGrant | None:
    return break_glass_grant_list(centre_ids=centre_ids).filter(pk=grant_id).first()


def assignment_list(*, family: Family) -> QuerySet[FamilyAssignment]:
    return FamilyAssignment.objects.filter(family=family).select_related("user").order_by("end_date", "start_date")


def share_list(*, family: Family) -> QuerySet[FamilyShare]:
    return FamilyShare.objects.filter(family=family).select_related("centre", "granted_by").order_by("-start_date")
