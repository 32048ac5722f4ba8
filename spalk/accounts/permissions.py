"""Who may manage staff accounts: centre administrators and directors for their centre; the installation
administrator for every centre. Staff management never touches dossier data.

- ``managed_centres``: the centres whose memberships a user may add and end;
- ``access_staff_member``: a staff account the user may see in staff management, or Http404;
- ``can_manage_account``: whether the user may change the account itself (name, e-mail, active, second
  factor, password link). A centre administrator may only when every current role of that person lies in
  one of their centres, and never for an installation administrator or a superuser;
- ``access_membership``: a membership in one of the managed centres, or Http404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from spalk.access.policy import can_manage_staff, is_installation_admin, principal_for, staff_manager_centres
from spalk.accounts.models import Membership, User
from spalk.centres.models import Centre

__all__ = ["can_manage_staff", "is_installation_admin"]  # the policy's predicates, used by the staff views


def managed_centres(*, user: User) -> list[Centre]:
    principal = principal_for(user)
    if principal.user_id is None:
        return []
    if principal.is_installation_admin:
        return list(Centre.objects.all())
    return list(Centre.objects.filter(pk__in=staff_manager_centres(user=user)))


def staff_accounts(*, user: User):
    """The accounts this user may see in staff management (portal accounts of family members never)."""
    principal = principal_for(user)
    staff = User.objects.filter(portal_person__isnull=True)
    if principal.is_installation_admin:
        return staff
    centres = staff_manager_centres(user=user)
    if not centres:
        return User.objects.none()
    return staff.filter(pk__in=Membership.objects.filter(centre_id__in=centres).values("user_id"))


def access_staff_member(*, user, user_id: int | str) -> User:
    try:
        pk = int(user_id)
    except (TypeError, ValueError):
        raise Http404 from None
    target = staff_accounts(user=user).filter(pk=pk).first()
    if target is None:
        raise Http404
    return target


def can_manage_account(*, user, target: User) -> bool:
    principal = principal_for(user)
    if principal.is_installation_admin:
        return not target.is_superuser or user.is_superuser
    if target.is_installation_admin or target.is_superuser or target.is_staff:
        return False
    centres = set(staff_manager_centres(user=user))
    today = timezone.localdate()
    current = Membership.objects.filter(user=target, ended_at__isnull=True).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today))
    return not current.exclude(centre_id__in=centres).exists()


def require_manage_account(*, user, target: User) -> None:
    """403: the user sees this account (a colleague of their centre) but may not change the account itself."""
    if not can_manage_account(user=user, target=target):
        raise PermissionDenied


def access_membership(*, user, membership_id: int | str) -> Membership:
    try:
        pk = int(membership_id)
    except (TypeError, ValueError):
        raise Http404 from None
    centres = [c.pk for c in managed_centres(user=user)]
    membership = (Membership.objects.select_related("user", "centre")
                  .filter(pk=pk, centre_id__in=centres, user__portal_person__isnull=True).first())
    if membership is None:
        raise Http404
    return membership
