from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spalk.api.models import DEFAULT_LIFETIME_DAYS, MAX_LIFETIME_DAYS, ApiToken, hash_token
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.core.errors import DomainError


def api_token_create(*, actor: Any, user: Any, name: str, days: int = DEFAULT_LIFETIME_DAYS,
                     read_only: bool = False) -> tuple[ApiToken, str]:
    """Create a token valid for ``days`` (1 to MAX_LIFETIME_DAYS); returns the row and the raw token, which is
    shown once and never stored."""
    if not 1 <= days <= MAX_LIFETIME_DAYS:
        raise DomainError(_("A token is valid for 1 to %(max)d days.") % {"max": MAX_LIFETIME_DAYS}, field="days")
    raw = ApiToken.generate()
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name.strip()[:100] or "token",
                                        token_hash=hash_token(raw), prefix=raw[:10], read_only=read_only,
                                        expires_at=timezone.now() + datetime.timedelta(days=days))
        audit_record(actor=actor or user, action=AuditAction.ACCOUNT, target=token,
                     extra={"event": "api_token_created", "for": user.pk, "days": days, "read_only": read_only})
    return token, raw


def api_token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action=AuditAction.ACCOUNT, target=token, extra={"event": "api_token_revoked"})
    return token
