"""Playwright fixtures for browser tests on Debian's chromium (no browser downloads).

Reuse them for any journey test::

    import pytest
    from playwright.sync_api import expect

    pytestmark = pytest.mark.browser

    def test_my_journey(page, live_server, login, director):
        login(page, director)                        # e-mail + password + TOTP, lands on the home page
        page.goto(live_server.url + "/families/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Gezinnen")

Fixtures
  ``browser``      one headless chromium per test session (``/usr/bin/chromium`` or ``SPALK_CHROMIUM``)
  ``context``      a fresh browser context per test (own cookies), Dutch locale, Brussels time zone
  ``page``         a page of that context; timeouts are short so a broken test fails fast. A test whose
                   page logs a Content-Security-Policy violation (inline script or style, a foreign
                   host) errors at teardown: the shell must run under its strict policy.
  ``phone_page``   a page in a 375×667 touch viewport (phone)
  ``axe_page``     a page whose context bypasses CSP, only for injecting axe-core (see test_accessibility)
  A failed test leaves a screenshot and the page's HTML in test-results/ (gitignored).
  ``live_server``  pytest-django's server in a thread of this process; the test gets a transactional DB,
                   so data made by factories or persona fixtures is visible to the server. Rows created
                   by data migrations are loaded again before each test (``_keep_migration_data``).
  ``login``        ``login(page, user)``: the full sign-in flow (creates the user's TOTP device if needed)
  ``logout``       ``logout(page)``: presses "Afmelden"
Plain functions (``from tests.browser.helpers import login, totp_code, ...``) for use outside fixtures:
  ``login(page, live_server, user)``, ``logout(page)``, ``totp_code(user)``, ``ensure_totp(user)``,
  ``no_horizontal_scroll(page)``, ``USER_PASSWORD`` (the password of every ``UserFactory`` user).

Each test starts with an empty cache, so allauth's rate limits (per IP: every browser request comes
from 127.0.0.1) and its "code already used" memory never leak from one test into another.
"""

from __future__ import annotations

import importlib
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import helpers
from tests.browser.helpers import PHONE

# Playwright's sync API runs an asyncio loop in this thread; Django's ORM (factories, assertions in the
# test body) would otherwise refuse to run with SynchronousOnlyOperation.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEFAULT_TIMEOUT_MS = 10_000
RESULTS_DIR = Path(__file__).resolve().parents[2] / "test-results"


def chromium_path() -> str:
    path = os.environ.get("SPALK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        pytest.fail(f"Debian's chromium is needed for the browser tests and was not found at {path} "
                    "(`apt-get install chromium`, or set SPALK_CHROMIUM).", pytrace=False)
    return path


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance) -> Iterator:
    browser = playwright_instance.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS,
                                                  headless=True)
    yield browser
    browser.close()


def _new_context(browser, **options):
    context = browser.new_context(locale="nl-BE", timezone_id="Europe/Brussels", **options)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
    return context


@pytest.fixture(autouse=True)
def _keep_migration_data(transactional_db) -> None:
    """Browser tests use a transactional database, which any earlier transactional test leaves emptied:
    reload the rows that data migrations create (the intake module catalogue `intake/0003`, the methods, the
    leefloon rates `finance/0002`, the support forms `network/0002`) before each.

    Django's serialized rollback cannot do this here: Playwright's sync API runs an event loop in this
    thread, so the test sees another connection object than the one the serialized data was stored on.
    """
    from django.apps import apps

    catalogue = importlib.import_module("spalk.intake.migrations.0003_module_catalogue")
    catalogue.load(apps, None)  # idempotent (update_or_create)
    if apps.is_installed("spalk.methods"):
        from spalk.methods.catalogue import load_catalogue

        load_catalogue(apps.get_model("methods", "MethodArea"), apps.get_model("methods", "Method"))
    # the leefloon rates and percentage (finance/0002) and the 24 support forms (network/0002), both idempotent
    importlib.import_module("spalk.finance.migrations.0002_leefloon_rates").add(apps, None)
    importlib.import_module("spalk.network.migrations.0002_support_forms").load(apps, None)


@pytest.fixture(autouse=True)
def _fresh_cache(transactional_db) -> None:
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"_spalk_report_{report.when}", report)


def _save_on_failure(request, page) -> None:
    """After a failed test: a screenshot and the HTML under test-results/ (gitignored), for debugging."""
    report = getattr(request.node, "_spalk_report_call", None)
    if report is None or not report.failed or page.is_closed():
        return
    RESULTS_DIR.mkdir(exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::", 1)[-1])
    try:
        page.screenshot(path=str(RESULTS_DIR / f"{name}.png"), full_page=True)
        (RESULTS_DIR / f"{name}.html").write_text(f"<!-- {page.url} -->\n" + page.content())
    except Exception as error:  # the page may be gone with the failure; the report says why
        print(f"could not save the failed page: {error}")


@pytest.fixture
def context(browser) -> Iterator:
    context = _new_context(browser)
    yield context
    context.close()


def _watch_csp(page) -> list[str]:
    """Collect the browser's Content-Security-Policy complaints (inline script/style, foreign hosts)."""
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    return violations


def _assert_no_csp_violations(request, violations: list[str]) -> None:
    report = getattr(request.node, "_spalk_report_call", None)
    if violations and report is not None and report.passed:
        pytest.fail("the page broke its Content-Security-Policy:\n" + "\n".join(violations), pytrace=False)


@pytest.fixture
def page(request, context) -> Iterator:
    page = context.new_page()
    violations = _watch_csp(page)
    yield page
    _save_on_failure(request, page)
    _assert_no_csp_violations(request, violations)


@pytest.fixture
def phone_page(request, browser) -> Iterator:
    context = _new_context(browser, viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    violations = _watch_csp(page)
    yield page
    _save_on_failure(request, page)
    context.close()
    _assert_no_csp_violations(request, violations)


@pytest.fixture
def axe_page(request, browser) -> Iterator:
    """Like ``page``, but CSP is bypassed so that axe-core can be injected. Use for axe checks only."""
    context = _new_context(browser, bypass_csp=True)
    page = context.new_page()
    yield page
    _save_on_failure(request, page)
    context.close()


@pytest.fixture
def login(live_server):
    """``login(page, user)``: sign ``user`` in on ``live_server`` through the real forms."""

    def _login(page, user, **kwargs) -> None:
        helpers.login(page, live_server, user, **kwargs)

    return _login


@pytest.fixture
def logout():
    """``logout(page)``: sign out through the header button."""
    return helpers.logout
