from __future__ import annotations

from django.utils import timezone
from ninja.security import HttpBearer

from spalk.api.models import ApiToken, hash_token


class BearerToken(HttpBearer):
    """Resolves ``Authorization: Bearer <token>`` to the token's user (revoked tokens and inactive users fail)."""

    def authenticate(self, request, token: str):
        if not token or len(token) > 200:
            return None
        row = (ApiToken.objects.select_related("user").filter(token_hash=hash_token(token), revoked_at__isnull=True,
                                                              user__is_active=True).first())
        if row is None:
            return None
        now = timezone.now()
        if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        request.api_token = row
        return row.user
