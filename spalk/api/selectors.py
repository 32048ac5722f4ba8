from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from spalk.access.policy import can_use_api_tokens
from spalk.api.models import ApiToken


def may_use_tokens(*, user) -> bool:
    """Staff with a role in a centre and installation administrators; never family members (portal)."""
    return can_use_api_tokens(user=user)


def token_list(*, user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at")


def access_own_token(*, user, token_id: int | str) -> ApiToken:
    """One of the user's own tokens, or Http404 (also for a token of someone else)."""
    try:
        pk = int(token_id)
    except (TypeError, ValueError):
        raise Http404 from None
    token = ApiToken.objects.filter(user=user, pk=pk).first()
    if token is None:
        raise Http404
    return token
