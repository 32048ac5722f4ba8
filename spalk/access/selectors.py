from __future__ import annotations

from django.db.models import F, QuerySet
from django.utils import timezone

from spalk.access.models import BreakGlassGrant, FamilyAssignment, FamilyShare, in_force_q
from spalk.accounts.models import Membership, User
from spalk.centres.models import Centre
from spalk.families.models import Family


def break_glass_grant_list(*, centre_ids: list[int]) -> QuerySet[BreakGlassGrant]:
    """Grants on families of these centres, unreviewed first, newest first (for team leads)."""
    return (BreakGlassGrant.objects.filter(family__centre_id__in=centre_ids)
            .select_related("family", "user", "reviewed_by", "ended_by")
            .order_by(F("reviewed_at").asc(nulls_first=True), "-created_at"))


def break_glass_to_review(*, centre_ids: list[int]) -> QuerySet[BreakGlassGrant]:
    """Every grant not reviewed yet, open or not: they stay on the team lead's list until reviewed."""
    return break_glass_grant_list(centre_ids=centre_ids).filter(reviewed_at__isnull=True)


def break_glass_reviewed(*, centre_ids: list[int]) -> QuerySet[BreakGlassGrant]:
    return break_glass_grant_list(centre_ids=centre_ids).filter(reviewed_at__isnull=False).order_by("-reviewed_at")


def break_glass_grant_get(*, centre_ids: list[int], grant_id: int) -> BreakGlassGrant | None:
    return break_glass_grant_list(centre_ids=centre_ids).filter(pk=grant_id).first()


def team_candidates(*, family: Family) -> QuerySet[User]:
    """Active staff with a role in force in the family's own centre (who may join its team)."""
    memberships = Membership.objects.filter(in_force_q(today=timezone.localdate()), centre_id=family.centre_id)
    return User.objects.filter(is_active=True, pk__in=memberships.values("user_id"))


def assignment_list(*, family: Family) -> QuerySet[FamilyAssignment]:
    return FamilyAssignment.objects.filter(family=family).select_related("user").order_by("end_date", "start_date")


def share_list(*, family: Family) -> QuerySet[FamilyShare]:
    return FamilyShare.objects.filter(family=family).select_related("centre", "granted_by").order_by("-start_date")


def share_target_centres(*, family: Family) -> QuerySet[Centre]:
    """Active centres other than the family's own, to share it with."""
    return Centre.objects.exclude(pk=family.centre_id).filter(is_active=True).order_by("name")
