"""Sign-in: e-mail + password, then the second factor; lock-out, idle sessions, password rules, login audit."""

from __future__ import annotations

import datetime
import re
import time

import pytest
import time_machine
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from spalk.audit.models import AuditEvent
from spalk.testing.factories import UserFactory

PASSWORD = "correct-horse-battery-staple"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPJBSWY3DP"


@pytest.fixture(autouse=True)
def _fresh_rate_limits(db):
    """allauth keeps rate-limit counters in the cache (a database table); every test starts with none."""
    cache.clear()


def totp_code(secret: str = SECRET) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


@pytest.fixture
def enrolled(counsellor):
    TOTP.activate(counsellor, SECRET)
    RecoveryCodes.activate(counsellor)
    return counsellor


def login(client, email, password=PASSWORD, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def reauthenticated(client, user) -> None:
    """As if the person just typed their password again (allauth's reauthentication record)."""
    session = client.session
    session["account_authentication_methods"] = [{"method": "password", "at": time.time(), "reauthenticated": True}]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


# --- the journey -------------------------------------------------------------------------------------------

def test_login_page_is_dutch_and_labelled(client, db):
    body = client.get(reverse("account_login")).content.decode()
    assert "Aanmelden" in body
    assert '<label for="id_login">' in body and '<label for="id_password">' in body
    assert "registreer" not in body.lower()  # no self sign-up
    assert "Vraag uw centrumbeheerder" in body
    assert "autofocus" in re.search(r'<input[^>]*name="login"[^>]*>', body).group(0)


def test_password_then_totp_signs_in(client, enrolled):
    response = login(client, enrolled.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert not is_signed_in(client)  # the password alone is not enough
    page = client.get(reverse("mfa_authenticate")).content.decode()
    assert "Twee-factor-authenticatie" in page
    assert '<label for="id_code">' in page
    # the security-key option loads allauth's static scripts; no inline code (CSP script-src 'self')
    assert all("src=" in tag or 'type="application/json"' in tag for tag in re.findall(r"<script[^>]*>", page))

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.status_code == 302
    assert is_signed_in(client)
    assert client.get(reverse("home")).status_code == 200


def test_code_field_opens_the_number_pad_and_takes_the_offered_code(client, enrolled):
    login(client, enrolled.email)
    page = client.get(reverse("mfa_authenticate")).content.decode()
    field = re.search(r'<input[^>]*name="code"[^>]*>', page).group(0)
    assert 'inputmode="numeric"' in field and 'autocomplete="one-time-code"' in field and "autofocus" in field


def test_wrong_totp_code_does_not_sign_in(client, enrolled):
    login(client, enrolled.email)
    wrong = f"{(int(totp_code()) + 1) % 1_000_000:06d}"
    response = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert response.status_code == 200
    assert not is_signed_in(client)


def test_recovery_code_signs_in(client, enrolled):
    code = RecoveryCodes(Authenticator.objects.get(user=enrolled, type=Authenticator.Type.RECOVERY_CODES)
                         ).get_unused_codes()[0]
    login(client, enrolled.email)
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert is_signed_in(client)


def test_first_sign_in_without_factor_must_activate_totp(client, counsellor):
    assert login(client, counsellor.email).status_code == 302
    assert is_signed_in(client)
    # every page sends the person to set up the authenticator app first
    response = client.get(reverse("families:list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # right after signing in with the password, no second password prompt
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Activeer authenticator-app" in body
    secret = re.search(r'id="authenticator_secret" value="([A-Z2-7]+)"', body).group(1)

    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=counsellor, type=Authenticator.Type.TOTP).exists()
    # recovery codes are generated, shown and downloadable
    assert Authenticator.objects.filter(user=counsellor, type=Authenticator.Type.RECOVERY_CODES).exists()
    codes_page = client.get(reverse("mfa_view_recovery_codes"))
    assert codes_page.status_code == 200
    assert "Herstelcodes" in codes_page.content.decode()
    download = client.get(reverse("mfa_download_recovery_codes"))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert client.get(reverse("families:list")).status_code == 200


def test_enrolment_asks_the_password_again_when_the_sign_in_is_old(client, counsellor):
    login(client, counsellor.email)
    with time_machine.travel(datetime.timedelta(minutes=10)):
        response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_last_authenticator_app_cannot_be_removed(client, enrolled):
    login(client, enrolled.email)
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    reauthenticated(client, enrolled)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200
    assert Authenticator.objects.filter(user=enrolled, type=Authenticator.Type.TOTP).exists()


def test_mfa_pages_render_in_dutch_without_inline_script(mfa_client, enrolled):
    client = mfa_client(enrolled)
    for name in ["mfa_index", "mfa_add_webauthn", "mfa_view_recovery_codes"]:
        reauthenticated(client, enrolled)
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        body = response.content.decode()
        for tag in re.findall(r"<script[^>]*>", body):
            # CSP script-src 'self': every script is a static file or a JSON data block, never inline code
            assert "src=" in tag or 'type="application/json"' in tag, (name, tag)
        assert not re.search(r"<[^>]+\son[a-z]+=", body), name  # no inline event handlers either
    webauthn = client.get(reverse("mfa_add_webauthn")).content.decode()
    assert "mfa/js/webauthn.js" in webauthn and "account/js/onload.js" in webauthn
    assert "Voeg beveiligingssleutel toe" in webauthn
    index = client.get(reverse("mfa_index")).content.decode()
    assert "Twee-factor-authenticatie" in index


def test_forgot_password_page_needs_no_email(client, db):
    response = client.get("/accounts/password/reset/")
    assert response.status_code == 200
    assert "centrumbeheerder" in response.content.decode()


def test_email_management_is_the_administrators(mfa_client, counsellor):
    response = mfa_client(counsellor).get("/accounts/email/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:my_account")


# --- lock-out and audit ------------------------------------------------------------------------------------

def test_failed_login_is_audited_without_the_password(client, counsellor):
    login(client, counsellor.email, "wrong-password-1")
    event = AuditEvent.objects.get(action="login_failed")
    assert event.extra["email"] == counsellor.email
    assert "wrong-password-1" not in str(event.extra)
    assert event.actor is None


def test_sixth_attempt_is_refused_even_with_the_right_password(client, enrolled):
    for attempt in range(5):
        response = login(client, enrolled.email, f"wrong-password-{attempt}")
        assert response.status_code == 200
    response = login(client, enrolled.email, PASSWORD)
    assert response.status_code == 200  # the form again, with the lock-out message
    assert "Te veel inlogpogingen" in response.content.decode()
    assert "mfa_authenticate" not in response.get("Location", "")
    assert not is_signed_in(client)
    # every failed attempt, the refused one included, is in the audit trail
    events = AuditEvent.objects.filter(action="login_failed")
    assert events.count() == 6
    assert events.filter(extra__locked_out=True).count() == 1


def test_lock_out_is_per_account(client, enrolled, colleague):
    for attempt in range(5):
        login(client, enrolled.email, f"wrong-password-{attempt}")
    response = login(client, colleague.email)
    assert response.status_code == 302  # another account from the same address is not locked


def test_lock_out_per_ip_address_has_a_higher_ceiling(client, db):
    users = UserFactory.create_batch(31)
    with time_machine.travel(time.time(), tick=False) as clock:
        for user in users[:30]:  # one wrong password for 30 accounts from one address: an attacker, not an office
            login(client, user.email, "wrong-password", REMOTE_ADDR="203.0.113.7")
            clock.shift(3)  # slower than the general 30 sign-ins per minute limit
        response = login(client, users[30].email, PASSWORD, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 200
    assert "Te veel inlogpogingen" in response.content.decode()
    assert not is_signed_in(client)
    response = login(client, users[30].email, PASSWORD, REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 302


def test_an_office_behind_one_address_survives_a_few_typos(client, db):
    users = UserFactory.create_batch(11)
    for user in users[:10]:
        login(client, user.email, "wrong-password", REMOTE_ADDR="203.0.113.7")
    assert login(client, users[10].email, PASSWORD, REMOTE_ADDR="203.0.113.7").status_code == 302


def test_nobody_can_lock_a_colleague_out_from_another_address(client, enrolled):
    for attempt in range(8):  # someone else hammers the account from their own machine
        login(client, enrolled.email, f"wrong-password-{attempt}", REMOTE_ADDR="198.51.100.66")
    assert "Te veel inlogpogingen" in login(client, enrolled.email, REMOTE_ADDR="198.51.100.66").content.decode()
    response = login(client, enrolled.email, REMOTE_ADDR="203.0.113.7")  # the owner at her own desk
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")


def test_lock_out_counts_the_client_behind_the_trusted_proxy(client, enrolled, settings):
    settings.SPALK_TRUSTED_PROXIES = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for attempt in range(5):  # the attacker's address as the proxy saw it; the spoofed part is ignored
        login(client, enrolled.email, f"wrong-{attempt}", HTTP_X_FORWARDED_FOR=f"1.2.3.{attempt}, 198.51.100.66",
              **proxy)
    refused = login(client, enrolled.email, HTTP_X_FORWARDED_FOR="198.51.100.66", **proxy)
    assert "Te veel inlogpogingen" in refused.content.decode()
    # the owner, through the same proxy, from another address: not locked out
    assert login(client, enrolled.email, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code == 302
    failed = AuditEvent.objects.filter(action="login_failed")
    assert set(failed.values_list("ip", flat=True)) == {"198.51.100.66"}


def test_rate_limit_counters_live_in_the_shared_database_cache(client, enrolled):
    """Every worker process reads the same counters: they are rows in PostgreSQL, not per-process memory."""
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache
    from django.db import connection

    assert isinstance(caches["default"], DatabaseCache)
    login(client, enrolled.email, "wrong-password")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM spalk_cache WHERE cache_key LIKE %s", ["%login_failed%"])
        assert cursor.fetchone()[0] >= 2  # the (account, address) pair and the address


def test_a_totp_code_is_refused_the_second_time_whichever_process_checks_it(client, enrolled):
    from django.db import connection

    code = totp_code()
    login(client, enrolled.email)
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert is_signed_in(client)
    with connection.cursor() as cursor:  # the "used" mark is a row every worker sees
        cursor.execute("SELECT count(*) FROM spalk_cache WHERE cache_key LIKE %s", [f"%totp.used%{code}%"])
        assert cursor.fetchone()[0] == 1
    client.post(reverse("account_logout"))
    login(client, enrolled.email)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 200
    assert not is_signed_in(client)


def test_login_and_logout_are_audited(client, enrolled):
    login(client, enrolled.email)
    assert not AuditEvent.objects.filter(action="login").exists()  # not yet: the second factor is missing
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert AuditEvent.objects.filter(action="login", actor=enrolled).count() == 1
    client.post(reverse("account_logout"))
    assert AuditEvent.objects.filter(action="logout", actor=enrolled).count() == 1
    assert not is_signed_in(client)


def test_second_factor_added_and_removed_are_audited(client, counsellor, django_capture_on_commit_callbacks):
    login(client, counsellor.email)
    body = client.get(reverse("mfa_activate_totp")).content.decode()
    secret = re.search(r'id="authenticator_secret" value="([A-Z2-7]+)"', body).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    added = AuditEvent.objects.filter(action="account", actor=counsellor, extra__event="authenticator_added")
    assert added.filter(extra__type="totp").count() == 1

    # with a security key as well, the app may go; that is audited
    Authenticator.objects.create(user=counsellor, type=Authenticator.Type.WEBAUTHN, data={"name": "sleutel"})
    reauthenticated(client, counsellor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    removed = AuditEvent.objects.filter(action="account", actor=counsellor, extra__event="authenticator_removed")
    assert removed.filter(extra__type="totp").count() == 1


# --- sessions and passwords --------------------------------------------------------------------------------

def test_session_expires_after_idle_time(mfa_client, counsellor, settings):
    client = mfa_client(counsellor)
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60 == 30 * 60
    with time_machine.travel(datetime.timedelta(minutes=31)):
        response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_activity_keeps_the_session_alive(mfa_client, counsellor):
    client = mfa_client(counsellor)
    with time_machine.travel(datetime.timedelta(minutes=20)):
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(datetime.timedelta(minutes=40)):
        assert client.get(reverse("home")).status_code == 200  # 20 minutes after the last request


def test_the_session_is_written_at_most_once_a_minute(mfa_client, counsellor):
    """Sliding expiry without an UPDATE of the session row on every request (one write per minute at most)."""
    from django.contrib.sessions.models import Session

    client = mfa_client(counsellor)
    client.get(reverse("home"))
    key = client.cookies["sessionid"].value
    expiry = Session.objects.get(pk=key).expire_date
    with time_machine.travel(datetime.timedelta(seconds=30)):
        assert client.get(reverse("home")).status_code == 200
    assert Session.objects.get(pk=key).expire_date == expiry  # not written again within the minute
    with time_machine.travel(datetime.timedelta(seconds=90)):
        assert client.get(reverse("home")).status_code == 200
    assert Session.objects.get(pk=key).expire_date > expiry  # pushed forward once the minute has passed


@pytest.mark.parametrize("password", ["kort-wachtw", "password1234", "123456789012", "qwertyuiop123", "1q2w3e4r5t6y"])
def test_weak_passwords_are_refused(password, db):
    with pytest.raises(ValidationError):
        validate_password(password, UserFactory.build())


def test_long_uncommon_password_is_accepted(db):
    validate_password("Fietsbel-Zeewind-42", UserFactory.build())

