from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from spalk.api.models import ApiToken, hash_token
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record


def api_token_create(*, actor: Any, user: Any, name: str) -> tuple[ApiToken, str]:
    """Create a token; returns the row and the raw token, which is shown once and never stored."""
    raw = ApiToken.generate()
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name.strip()[:100] or "token",
                                        token_hash=hash_token(raw), prefix=raw[:10])
        audit_record(actor=actor or user, action=AuditAction.ACCOUNT, target=token,
                     extra={"event": "api_token_created", "for": user.pk})
    return token, raw


def api_token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action=AuditAction.ACCOUNT, target=token, extra={"event": "api_token_revoked"})
    return token
