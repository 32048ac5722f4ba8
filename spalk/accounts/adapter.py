from __future__ import annotations

import datetime
import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator

SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


class SpalkAccountAdapter(DefaultAccountAdapter):
    """No self sign-up: centre administrators create staff accounts."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def get_client_ip(self, request) -> str:
        """allauth's rate limits (per address) read the same address as the audit trail."""
        from django.core.exceptions import PermissionDenied

        from spalk.core.net import client_ip

        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """Failed sign-ins count per (account, address) pair, not per account alone.

        Per account alone, five wrong passwords typed anywhere would lock the account's owner out: a lever to
        lock colleagues out. The per-address ceiling (settings.ACCOUNT_RATE_LIMITS) stops one address from
        trying many accounts; the mandatory second factor stops a distributed guess of one password.
        """
        from allauth.core.internal.ratelimit import get_ip  # the address, IPv6 truncated to its prefix

        return f"{get_ip(request)}|{super()._get_login_attempts_cache_key(request, **credentials)}"

    def pre_authenticate(self, request, **credentials) -> None:
        """A sign-in refused by the rate limit (lock-out) never reaches authenticate(): audit it here."""
        from django.core.exceptions import ValidationError

        from spalk.audit.models import AuditAction
        from spalk.audit.services import audit_record

        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            typed = str(credentials.get("email") or credentials.get("username") or "")[:254]
            audit_record(actor=None, action=AuditAction.LOGIN_FAILED, object_type="accounts.user",
                         extra={"email": typed, "locked_out": True})
            raise

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """Setting up the first second factor right after signing in with a password needs no second password.

        A person without a factor is sent to set one up (RequireSecondFactorMiddleware) and then sees the
        recovery codes; asking the password typed a minute ago once more adds nothing. That holds only while
        every factor of the account was added after that password sign-in, within the reauthentication
        timeout; every other sensitive action (and any later visit) still asks for the password.
        """
        required = super().is_reauthentication_required(app=app, **kwargs)
        if not required or app != "allauth.mfa" or self.request is None:
            return required
        user = self.request.user
        if not user.is_authenticated:
            return required
        from allauth.account.internal.flows.login import get_authentication_records

        records = [r for r in get_authentication_records(self.request, user) if r.get("method") == "password"]
        if not records or time.time() - records[-1]["at"] >= account_settings.REAUTHENTICATION_TIMEOUT:
            return required
        signed_in_at = datetime.datetime.fromtimestamp(records[-1]["at"], tz=datetime.UTC)
        older = Authenticator.objects.filter(user=user, created_at__lt=signed_in_at)
        return older.exists()


class SpalkMFAAdapter(DefaultMFAAdapter):
    """The second factor is mandatory: the last authenticator app or security key cannot be removed."""

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        if authenticator.type not in SECOND_FACTORS:
            return True
        others = Authenticator.objects.filter(user_id=authenticator.user_id, type__in=SECOND_FACTORS)
        return others.exclude(pk=authenticator.pk).exists()
