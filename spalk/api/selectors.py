from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from spalk.access.policy import principal_for
from spalk.api.models import ApiToken


def may_use_tokens(*, user) -> bool:
    """Staff with a role in a centre and installation administrators; never family members (portal)."""
    principal = principal_for(user)
    return bool(principal.centre_ids) or principal.is_installation_admin


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
