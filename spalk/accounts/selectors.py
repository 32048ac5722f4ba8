from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from spalk.accounts.models import Membership, User


def staff_list(*, accounts: QuerySet[User], centres) -> list[User]:
    """Accounts with their memberships in ``centres`` (``centre_memberships``), in two queries."""
    memberships = Membership.objects.filter(centre__in=centres).select_related("centre").order_by(
        "centre__name", "role")
    return list(accounts.prefetch_related(Prefetch("memberships", queryset=memberships, to_attr="centre_memberships"))
                .order_by("last_name", "first_name", "email"))


def staff_memberships(*, user: User, centres) -> list[Membership]:
    """Every membership of ``user`` in ``centres``, current and ended, newest first per centre."""
    return list(Membership.objects.filter(user=user, centre__in=centres).select_related("centre")
                .order_by("centre__name", "-start_date", "role"))


def second_factors(*, user: User) -> list[str]:
    from allauth.mfa.models import Authenticator

    return sorted(set(Authenticator.objects.filter(user=user).values_list("type", flat=True)))
