"""Every sign-in, sign-out and failed sign-in goes to the audit trail."""

from __future__ import annotations

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals
from django.db import transaction
from django.dispatch import receiver

from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record


@receiver(auth_signals.user_logged_in)
def _logged_in(sender, request, user, **kwargs) -> None:
    audit_record(actor=user, action=AuditAction.LOGIN, object_type="accounts.user", object_id=user.pk)


@receiver(auth_signals.user_logged_out)
def _logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit_record(actor=user, action=AuditAction.LOGOUT, object_type="accounts.user", object_id=user.pk)


@receiver(auth_signals.user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    # The e-mail typed is kept (it may not be an account); never the password.
    typed = str(credentials.get("email") or credentials.get("username") or "")[:254]
    audit_record(actor=None, action=AuditAction.LOGIN_FAILED, object_type="accounts.user",
                 extra={"email": typed})


def _account_event(**kwargs) -> None:
    """allauth has already saved the change when its signal fires (its own transaction, not ours): the row follows
    in a transaction of its own, as close to the change as the library allows."""
    with transaction.atomic():
        audit_record(**kwargs)


@receiver(mfa_signals.authenticator_added)
def _mfa_added(sender, request, user, authenticator, **kwargs) -> None:
    _account_event(actor=user, action=AuditAction.ACCOUNT, object_type="mfa.authenticator",
                 object_id=authenticator.pk, extra={"event": "authenticator_added", "type": authenticator.type})


@receiver(mfa_signals.authenticator_removed)
def _mfa_removed(sender, request, user, authenticator, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        # let RequireSecondFactorMiddleware check again: without a factor left, the person sets up a new one
        from spalk.accounts.middleware import SESSION_FLAG

        request.session.pop(SESSION_FLAG, None)
    _account_event(actor=user, action=AuditAction.ACCOUNT, object_type="mfa.authenticator",
                 object_id=authenticator.pk, extra={"event": "authenticator_removed", "type": authenticator.type})


@receiver(mfa_signals.authenticator_reset)
def _mfa_reset(sender, request, user, authenticator, **kwargs) -> None:
    _account_event(actor=user, action=AuditAction.ACCOUNT, object_type="mfa.authenticator",
                 object_id=authenticator.pk, extra={"event": "authenticator_reset", "type": authenticator.type})


def _password_event(event: str):
    def receiver_(sender, request, user, **kwargs) -> None:
        _account_event(actor=user, action=AuditAction.ACCOUNT, object_type="accounts.user", object_id=user.pk,
                       extra={"event": event})

    return receiver_


# A password chosen through a one-time link, changed or set is an account change of the person themselves.
_password_reset = _password_event("password_reset")
_password_changed = _password_event("password_changed")
_password_set = _password_event("password_set")
account_signals.password_reset.connect(_password_reset, dispatch_uid="spalk_audit_password_reset")
account_signals.password_changed.connect(_password_changed, dispatch_uid="spalk_audit_password_changed")
account_signals.password_set.connect(_password_set, dispatch_uid="spalk_audit_password_set")
