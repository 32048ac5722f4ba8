"""Writes of staff accounts and memberships. Every write and its audit row share one transaction.

Callers pass objects that already passed spalk.accounts.permissions (who may manage whom); the services
assert the invariants that hold whoever calls them (no duplicate e-mail, no overlapping role, no self
lock-out).
"""

from __future__ import annotations

import datetime
from typing import Any

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spalk.access.models import ended_now
from spalk.access.policy import forget_rights
from spalk.accounts.models import Membership, Role, User
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.centres.models import Centre
from spalk.core.errors import DomainError

ACCOUNT_FIELDS = ["first_name", "last_name", "email", "phone"]


def _check_email_free(email: str, *, exclude_pk: int | None = None) -> str:
    email = email.strip().lower()
    taken = User.objects.filter(email__iexact=email)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise DomainError(_("An account with this e-mail address already exists. Ask the installation "
                            "administrator to give that account a role in your centre."), field="email")
    return email


OWN_RIGHTS = gettext_lazy("You cannot change your own rights, second factor or password link here. Ask another "
                          "administrator; your own sign-in is under My account.")


def refuse_own_rights(*, actor: Any, user: User, field: str | None = None) -> None:
    """Nobody raises their own rights through the staff screens: own roles, second factor, password link."""
    if getattr(actor, "pk", None) is not None and actor.pk == user.pk:
        raise DomainError(str(OWN_RIGHTS), field=field)


def _check_dates(start_date: datetime.date, end_date: datetime.date | None) -> None:
    if end_date is not None and end_date < start_date:
        raise DomainError(_("The end date lies before the start date."), field="end_date")


def staff_create(*, actor: Any, email: str, first_name: str, last_name: str, phone: str = "",
                 centre: Centre | None, roles: list[str], start_date: datetime.date,
                 end_date: datetime.date | None = None, is_installation_admin: bool = False) -> User:
    """A new account without a usable password: the person chooses one through a one-time link."""
    if (centre is None or not roles) and not is_installation_admin:
        raise DomainError(_("Choose at least one role."), field="roles")
    _check_dates(start_date, end_date)
    with transaction.atomic():
        user = User.objects.create_user(_check_email_free(email), None, first_name=first_name.strip(),
                                        last_name=last_name.strip(), phone=phone.strip(),
                                        is_installation_admin=is_installation_admin)
        if centre is not None:
            for role in roles:
                Membership.objects.create(user=user, centre=centre, role=role, start_date=start_date,
                                          end_date=end_date)
        audit_record(actor=actor, action=AuditAction.ACCOUNT, target=user,
                     fields=[*ACCOUNT_FIELDS, *(["is_installation_admin"] if is_installation_admin else [])],
                     extra={"event": "staff_created", "centre": centre.pk if centre else None, "roles": sorted(roles)})
    return user


def staff_update(*, actor: Any, user: User, data: dict[str, Any], allow_installation_admin: bool = False) -> User:
    """Change name, e-mail and phone (and, for an installation administrator, that flag)."""
    fields = ACCOUNT_FIELDS + (["is_installation_admin"] if allow_installation_admin else [])
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if "email" in data:
            data = {**data, "email": _check_email_free(data["email"], exclude_pk=locked.pk)}
        changed = [f for f in fields if f in data and getattr(locked, f) != data[f]]
        if "is_installation_admin" in changed and locked.pk == actor.pk:
            raise DomainError(_("You cannot change your own administrator rights."), field="is_installation_admin")
        if not changed:
            return locked
        for f in changed:
            setattr(locked, f, data[f])
        locked.save(update_fields=changed)
        audit_record(actor=actor, action=AuditAction.ACCOUNT, target=locked, fields=changed,
                     extra={"event": "staff_updated"})
        forget_rights()
    return locked


def membership_add(*, actor: Any, user: User, centre: Centre, role: str, start_date: datetime.date,
                   end_date: datetime.date | None = None) -> Membership:
    """Give a role in a centre. A role held earlier and ended is given again (one row per user, centre, role)."""
    refuse_own_rights(actor=actor, user=user, field="role")
    if role not in Role.values:
        raise DomainError(_("Choose a role from the list."), field="role")
    _check_dates(start_date, end_date)
    with transaction.atomic():
        existing = Membership.objects.select_for_update().filter(user=user, centre=centre, role=role).first()
        today = timezone.localdate()
        if existing is not None and existing.ended_at is None and (existing.end_date is None
                                                                   or existing.end_date >= today):
            raise DomainError(_("%(name)s already holds this role in %(centre)s. End it first to change its "
                                "dates.") % {"name": user, "centre": centre.name}, field="role")
        if existing is not None:
            existing.start_date, existing.end_date, existing.ended_at = start_date, end_date, None
            existing.save(update_fields=["start_date", "end_date", "ended_at"])
            membership = existing
        else:
            membership = Membership.objects.create(user=user, centre=centre, role=role, start_date=start_date,
                                                   end_date=end_date)
        audit_record(actor=actor, action=AuditAction.ACCOUNT, target=membership, object_type="accounts.membership",
                     fields=["role", "start_date", "end_date"],
                     extra={"event": "membership_added", "user": user.pk, "role": role})
        forget_rights()
    return membership


def membership_end(*, actor: Any, membership: Membership) -> Membership:
    """End a role at this moment: from now on it gives no rights. The row stays as history (``ended_at``)."""
    refuse_own_rights(actor=actor, user=membership.user)
    today = timezone.localdate()
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        extra = {"event": "membership_ended", "user": locked.user_id, "role": locked.role}
        if locked.ended_at is not None or (locked.end_date is not None and locked.end_date < today):
            return locked
        fields = ended_now(locked)
        locked.save(update_fields=fields)
        audit_record(actor=actor, action=AuditAction.ACCOUNT, target=locked, fields=fields, extra=extra)
        forget_rights()
    return locked


def account_set_active(*, actor: Any, user: User, active: bool) -> User:
    """Deactivate (the person can no longer sign in, sessions and API tokens stop working) or reactivate."""
    if user.pk == actor.pk and not active:
        raise DomainError(_("You cannot deactivate your own account."))
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.is_active == active:
            return locked
        locked.is_active = active
        locked.save(update_fields=["is_active"])
        audit_record(actor=actor, action=AuditAction.ACCOUNT, target=locked, fields=["is_active"],
                     extra={"event": "account_reactivated" if active else "account_deactivated"})
        forget_rights()
    return locked


def second_factor_reset(*, actor: Any, user: User) -> int:
    """Remove every second factor (app, security keys, recovery codes): the next sign-in sets up a new one."""
    refuse_own_rights(actor=actor, user=user)
    with transaction.atomic():
        kinds = sorted(set(Authenticator.objects.filter(user=user).values_list("type", flat=True)))
        count, _rows = Authenticator.objects.filter(user=user).delete()
        audit_record(actor=actor, action=AuditAction.ACCOUNT, target=user,
                     extra={"event": "second_factor_reset", "types": kinds})
    return count


def password_link_create(*, actor: Any, user: User, request) -> str:
    """A one-time link to choose a password (for a new account or a forgotten password); no e-mail needed.

    The link stops working once a password is set, when the person signs in, and after
    PASSWORD_RESET_TIMEOUT (three days). The second factor is not touched: whoever uses the link still needs
    it (or sets one up when the account has none yet).
    """
    refuse_own_rights(actor=actor, user=user)
    key = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"}).replace("UID-KEY",
                                                                                                      key)
    with transaction.atomic():  # nothing is stored but the record that a link was made
        audit_record(actor=actor, action=AuditAction.ACCOUNT, target=user, extra={"event": "password_link_created"})
    return request.build_absolute_uri(path)
