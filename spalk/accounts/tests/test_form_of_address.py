"""One form of address: every sign-in, second-factor, password and account screen says "u", never "je".

allauth ships Netherlands-Dutch texts with "je"; spalk overrides them in
spalk/accounts/allauth_texts/locale (see settings.LOCALE_PATHS). This test renders the real pages.
"""

from __future__ import annotations

import html
import re
import time

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.core.cache import cache
from django.urls import reverse

from spalk.testing.factories import UserFactory

PASSWORD = "correct-horse-battery-staple"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPJBSWY3DP"
INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jezelf|jullie)\b", re.IGNORECASE)


@pytest.fixture(autouse=True)
def _fresh_rate_limits(db):
    cache.clear()


def visible_text(response) -> str:
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def assert_formal(response, page: str) -> None:
    assert response.status_code in (200, 400), (page, response.status_code)
    found = INFORMAL.findall(visible_text(response))
    assert not found, f"{page} says {sorted(set(found))}"


@pytest.fixture
def person(db):
    user = UserFactory(password=PASSWORD)
    TOTP.activate(user, SECRET)
    RecoveryCodes.activate(user)
    return user


def test_sign_in_and_second_factor_say_u(client, person):
    assert_formal(client.get(reverse("account_login")), "sign-in")
    assert_formal(client.post(reverse("account_login"), {"login": person.email, "password": "wrong"}),
                  "wrong password")
    assert client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD}).status_code == 302
    assert_formal(client.get(reverse("mfa_authenticate")), "second factor")
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert_formal(wrong, "wrong second-factor code")
    text = visible_text(wrong)
    assert "Nog niet opgeslagen" not in text and "Alles wat u typte" not in text  # nothing is being saved here
    assert "Er is een probleem" in text


def test_password_link_page_says_u(client, person):
    key = f"{user_pk_to_url_str(person)}-{default_token_generator.make_token(person)}"
    url = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"}).replace("UID-KEY", key)
    response = client.get(url, follow=True)
    assert_formal(response, "choose a password")


@pytest.mark.parametrize("name", ["mfa_index", "mfa_view_recovery_codes", "mfa_generate_recovery_codes",
                                  "mfa_deactivate_totp", "mfa_add_webauthn", "mfa_list_webauthn",
                                  "account_change_password", "account_logout", "account_reauthenticate",
                                  "mfa_reauthenticate"])
def test_account_screens_say_u(mfa_client, person, name):
    client = mfa_client(person)
    session = client.session
    session["account_authentication_methods"] = [{"method": "password", "at": time.time(), "reauthenticated": True}]
    session["account_authentication_methods_user"] = str(person.pk)
    session.save()
    assert_formal(client.get(reverse(name), follow=True), name)


def test_activating_an_authenticator_app_says_u(mfa_client, db):
    user = UserFactory(password=PASSWORD)
    client = mfa_client(user)
    assert_formal(client.get(reverse("mfa_activate_totp"), follow=True), "activate TOTP")
    assert_formal(client.post(reverse("mfa_activate_totp"), {"code": "000000"}, follow=True), "wrong TOTP code")
