"""Plain helpers for browser tests (the fixtures live in conftest.py next to this file)."""

from __future__ import annotations

import time

USER_PASSWORD = "correct-horse-battery-staple"
PHONE = {"width": 375, "height": 667}  # the viewport of a small phone
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPJBSWY3DP"


def ensure_totp(user) -> str:
    """Give ``user`` a TOTP device with the test secret (once) and return the secret."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, TOTP_SECRET)
    return TOTP_SECRET


def totp_code(user) -> str:
    """The user's current TOTP code; waits for the next period when this one is about to end."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from django.core.cache import cache

    secret = ensure_totp(user)
    period = app_settings.TOTP_PERIOD
    if period - time.time() % period < 2:
        time.sleep(period - time.time() % period + 0.1)
    code = format_hotp_value(hotp_value(secret, int(time.time()) // period))
    # allauth refuses a code twice in one period; a test may sign the same person in again.
    cache.delete(f"allauth.mfa.totp.used?user={user.pk}&code={code}")
    return code


def login(page, live_server, user, *, password: str = USER_PASSWORD, next_url: str = "") -> None:
    """Sign ``user`` in through the real forms: e-mail + password, then the TOTP code.

    Ends on the page allauth redirects to (the home page, or ``next_url`` when given).
    """
    from playwright.sync_api import expect

    ensure_totp(user)
    url = live_server.url + "/accounts/login/"
    if next_url:
        url += f"?next={next_url}"
    page.goto(url)
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/accounts/2fa/authenticate/**")
    page.locator("input[name=code]").fill(totp_code(user))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/accounts/" not in url)
    expect(page.locator("form[action$='/accounts/logout/'] button")).to_be_visible()


def logout(page) -> None:
    """Press "Afmelden" in the header and wait for the sign-in page."""
    page.get_by_role("button", name="Afmelden").click()
    page.wait_for_url("**/accounts/login/**")


def no_horizontal_scroll(page) -> tuple[int, int]:
    """(scroll width, viewport width) of the document: equal when nothing sticks out sideways."""
    return page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
