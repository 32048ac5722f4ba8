"""Issue 3 in a real browser: sign in with TOTP, create a family, add a member, see who had access,
sign out; Dutch messages; keyboard use; htmx search; phone viewport; security headers."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from spalk.audit.models import AuditAction, AuditEvent
from spalk.families.models import Family
from spalk.testing.factories import FamilyFactory, FamilyMemberFactory
from tests.browser.helpers import USER_PASSWORD, ensure_totp, no_horizontal_scroll

pytestmark = pytest.mark.browser


def test_director_creates_family_adds_member_and_sees_access_list(page, live_server, login, logout, director):
    login(page, director)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Gezinnen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gezinnen")
    page.get_by_role("link", name="Nieuw gezin").click()
    page.get_by_label("Gezinsnaam").fill("Gezin Janssens-Vermeulen")
    page.get_by_label("Gemeente").fill("Kortrijk")
    page.get_by_role("button", name="Gezin aanmaken").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Gezin Janssens-Vermeulen")
    expect(page.get_by_role("status")).to_contain_text("Gezin Janssens-Vermeulen is aangemaakt.")
    family = Family.objects.get(name="Gezin Janssens-Vermeulen")

    page.get_by_role("link", name="Gezinslid toevoegen").click()
    page.get_by_label("Rol in het gezin").select_option("parent")
    page.get_by_label("Voornaam").fill("Lotte")
    page.get_by_label("Achternaam").fill("Janssens")
    page.get_by_label("Geboortedatum").fill("14/02/1998")
    page.get_by_label("Geslacht").select_option("f")
    page.get_by_role("button", name="Gezinslid toevoegen").click()

    expect(page).to_have_url(re.compile(rf"/families/{family.pk}/$"))
    members = page.get_by_role("region", name="Gezinsleden")
    expect(members.get_by_role("cell", name="Lotte Janssens")).to_be_visible()
    expect(members.get_by_role("cell", name="14/02/1998")).to_be_visible()

    page.get_by_role("link", name="Wie had toegang tot dit dossier?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wie had toegang tot dit dossier?")
    per_person = page.get_by_role("table").first
    expect(per_person).to_contain_text(director.last_name)
    expect(per_person).to_contain_text("aangemaakt")
    expect(per_person).to_contain_text("bekeken")
    assert AuditEvent.objects.filter(actor=director, family_id=family.pk, action=AuditAction.CREATE).exists()

    logout(page)
    expect(page.locator("input[name=login]")).to_be_visible()
    page.goto(live_server.url + f"/families/{family.pk}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_failed_sign_in_says_so_in_dutch(page, live_server, director):
    ensure_totp(director)
    page.goto(live_server.url + "/accounts/login/")
    page.locator("input[name=login]").fill(director.email)
    page.locator("input[name=password]").fill(USER_PASSWORD + "-wrong")
    page.locator("main form button[type=submit]").first.click()
    error = page.locator(".form-errors, .errorlist").first
    expect(error).to_be_visible()
    expect(error).to_contain_text(re.compile(r"e-mailadres|wachtwoord", re.IGNORECASE))
    expect(page.locator("main")).not_to_contain_text(re.compile(r"\b(password|incorrect|specified)\b"),
                                                     use_inner_text=True)
    expect(page.locator("input[name=login]")).to_have_value(director.email)


def test_keyboard_reaches_skip_link_and_main_menu(page, live_server, login, director):
    login(page, director)
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()

    page.goto(live_server.url + "/")
    menu_link = page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Gezinnen")
    for _ in range(10):
        page.keyboard.press("Tab")
        if menu_link.evaluate("el => el === document.activeElement"):
            break
    expect(menu_link).to_be_focused()
    outline = menu_link.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline not in ("", "none"), "the focused menu link shows no focus outline"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/families/$"))


def test_htmx_search_updates_results_without_reload(page, live_server, login, director, centre):
    FamilyFactory(centre=centre, name="Gezin Verstraete")
    FamilyFactory(centre=centre, name="Gezin Claes")
    login(page, director)
    page.goto(live_server.url + "/families/")
    expect(page.get_by_role("link", name="Gezin Claes")).to_be_visible()
    page.evaluate("window.__spalkNoReload = true")

    with page.expect_response(lambda r: "/families/?" in r.url and r.request.headers.get("hx-request")):
        page.get_by_label("Zoeken op gezinsnaam, naam van een gezinslid of dossiernummer").fill("Verstr")
    expect(page.get_by_role("link", name="Gezin Claes")).to_have_count(0)
    expect(page.get_by_role("link", name="Gezin Verstraete")).to_be_visible()
    expect(page.locator("#results")).to_contain_text("1 gezin")
    assert page.evaluate("window.__spalkNoReload === true"), "the page was reloaded"
    expect(page).to_have_url(re.compile(r"q=Verstr"))


def test_phone_viewport_has_no_horizontal_scroll(phone_page, login, live_server, director, centre):
    family = FamilyFactory(centre=centre, name="Gezin Vandenbroucke-Van Den Eynde",
                           street="Koning Albert I-laan 123", postal_code="8200", city="Sint-Michiels")
    for first in ("Anneleen", "Maximiliaan", "Jozefien"):
        FamilyMemberFactory(family=family, person__first_name=first, person__last_name="Vandenbroucke")
    login(phone_page, director)
    for path in ("/", "/families/", f"/families/{family.pk}/"):
        phone_page.goto(live_server.url + path)
        scroll_width, viewport = no_horizontal_scroll(phone_page)
        assert viewport == 375
        assert scroll_width <= viewport + 1, f"{path} scrolls sideways on a phone: {scroll_width}px"
    menu = phone_page.get_by_role("button", name="Menu")  # on a phone the navigation folds behind one button
    expect(menu).to_have_attribute("aria-expanded", "false")
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(phone_page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Gezinnen")).to_be_visible()
