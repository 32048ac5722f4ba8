from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja.security import HttpBearer

from spalk.api.models import ApiToken, hash_token

READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ReadOnlyToken(PermissionDenied):
    """A read-only token was used to change something (answered 403 with its own Dutch message)."""


class BearerToken(HttpBearer):
    """Resolves ``Authorization: Bearer <token>`` to the token's user. Revoked and expired tokens and inactive
    users fail (401); a read-only token may only read (403 for any other method)."""

    def authenticate(self, request, token: str):
        if not token or len(token) > 200:
            return None
        now = timezone.now()
        row = (ApiToken.objects.select_related("user")
               .filter(token_hash=hash_token(token), revoked_at__isnull=True, expires_at__gt=now,
                       user__is_active=True).first())
        if row is None:
            return None
        if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        if row.read_only and request.method not in READING_METHODS:
            raise ReadOnlyToken
        request.user = row.user
        request.api_token = row
        return row.user
