"""Staff services: each write changes state and leaves exactly one audit event; the rules that hold for every
caller fail loudly."""

from __future__ import annotations

import datetime

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.test import RequestFactory
from django.utils import timezone

from spalk.accounts import services
from spalk.accounts.models import Membership, Role
from spalk.audit.models import AuditEvent
from spalk.core.errors import DomainError
from spalk.testing.clock import keep_day
from spalk.testing.factories import MembershipFactory

TODAY = timezone.localdate()
_same_day = keep_day(TODAY)  # a run across midnight keeps this day


def events(event: str):
    return AuditEvent.objects.filter(action="account", extra__event=event)


def test_staff_create(centre_admin, centre):
    user = services.staff_create(actor=centre_admin, email=" Nele@Example.TEST ", first_name="Nele",
                                 last_name="Nieuw", centre=centre, roles=[Role.COUNSELLOR], start_date=TODAY)
    assert user.email == "nele@example.test"
    assert not user.has_usable_password()
    assert user.memberships.get().role == Role.COUNSELLOR
    assert events("staff_created").count() == 1


def test_staff_create_refuses_duplicate_email(centre_admin, centre, counsellor):
    with pytest.raises(DomainError) as error:
        services.staff_create(actor=centre_admin, email=counsellor.email.upper(), first_name="A", last_name="B",
                              centre=centre, roles=[Role.COUNSELLOR], start_date=TODAY)
    assert error.value.field == "email"
    assert not events("staff_created").exists()


def test_staff_create_refuses_end_before_start(centre_admin, centre):
    with pytest.raises(DomainError) as error:
        services.staff_create(actor=centre_admin, email="x@example.test", first_name="A", last_name="B",
                              centre=centre, roles=[Role.COUNSELLOR], start_date=TODAY,
                              end_date=TODAY - datetime.timedelta(days=1))
    assert error.value.field == "end_date"


def test_staff_update(centre_admin, counsellor):
    services.staff_update(actor=centre_admin, user=counsellor, data={"first_name": "Bram", "email": counsellor.email})
    counsellor.refresh_from_db()
    assert counsellor.first_name == "Bram"
    assert events("staff_updated").get().fields == ["first_name"]


def test_staff_update_ignores_installation_admin_flag_unless_allowed(centre_admin, counsellor):
    services.staff_update(actor=centre_admin, user=counsellor, data={"is_installation_admin": True})
    counsellor.refresh_from_db()
    assert counsellor.is_installation_admin is False
    assert not events("staff_updated").exists()


def test_membership_add_refuses_a_role_already_held(centre_admin, counsellor, centre):
    with pytest.raises(DomainError):
        services.membership_add(actor=centre_admin, user=counsellor, centre=centre, role=Role.COUNSELLOR,
                                start_date=TODAY)
    assert not events("membership_added").exists()


def test_membership_add_gives_an_ended_role_again(centre_admin, counsellor, centre):
    membership = counsellor.memberships.get()
    Membership.objects.filter(pk=membership.pk).update(end_date=TODAY - datetime.timedelta(days=3))
    services.membership_add(actor=centre_admin, user=counsellor, centre=centre, role=Role.COUNSELLOR,
                            start_date=TODAY)
    membership.refresh_from_db()
    assert membership.is_current()
    assert events("membership_added").count() == 1


def test_membership_end_of_a_future_role_keeps_it_as_history(centre_admin, counsellor, centre):
    future = MembershipFactory(user=counsellor, centre=centre, role=Role.CASE_LEAD,
                               start_date=TODAY + datetime.timedelta(days=5))
    ended = services.membership_end(actor=centre_admin, membership=future)
    assert ended is not None and ended.ended_at is not None
    assert ended.end_date == ended.start_date  # never in force
    assert events("membership_ended").count() == 1


def test_membership_end_stops_rights_today(centre_admin, counsellor, family):
    from spalk.access.policy import visible_families

    services.membership_end(actor=centre_admin, membership=counsellor.memberships.get())
    counsellor.refresh_from_db()
    assert not visible_families(user=counsellor).filter(pk=family.pk).exists()
    assert events("membership_ended").count() == 1


def test_cannot_end_own_administrator_role(centre_admin):
    with pytest.raises(DomainError):
        services.membership_end(actor=centre_admin, membership=centre_admin.memberships.get())
    assert centre_admin.memberships.get().end_date is None


def test_account_set_active(centre_admin, counsellor):
    services.account_set_active(actor=centre_admin, user=counsellor, active=False)
    counsellor.refresh_from_db()
    assert not counsellor.is_active
    assert events("account_deactivated").count() == 1
    services.account_set_active(actor=centre_admin, user=counsellor, active=False)  # no change, no event
    assert events("account_deactivated").count() == 1


def test_second_factor_reset(centre_admin, counsellor):
    TOTP.activate(counsellor, "JBSWY3DPEHPK3PXP")
    assert services.second_factor_reset(actor=centre_admin, user=counsellor) == 1
    assert not Authenticator.objects.filter(user=counsellor).exists()
    assert events("second_factor_reset").get().extra["types"] == ["totp"]


def test_password_link(centre_admin, counsellor):
    request = RequestFactory().get("/")
    link = services.password_link_create(actor=centre_admin, user=counsellor, request=request)
    assert link.startswith("http://testserver/accounts/password/reset/key/")
    assert events("password_link_created").count() == 1
