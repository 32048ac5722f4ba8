"""Issue 4 in a real browser: a whole intake from registration to the waiting list, in Dutch."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from spalk.intake.models import Registration, Status

pytestmark = pytest.mark.browser


def test_intake_officer_registers_screens_and_puts_family_on_waiting_list(page, live_server, login, intake_officer):
    login(page, intake_officer)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Aanmelding").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmeldingen")
    page.get_by_role("link", name="Nieuwe aanmelding").click()
    page.get_by_label("Ontvangen op").fill("02/03/2026")
    page.get_by_label("Gezinsnaam").fill("Gezin Browsertest")
    page.get_by_label("Gevraagde hulp").select_option("stay_high")
    # required selects start at "Kies…": nothing is chosen for the person without them noticing
    page.locator("select[name=channel]").select_option("phone")
    page.locator("select[name=mandate]").select_option("voluntary")
    page.locator("select[name=urgency]").select_option("normal")
    page.get_by_label("Hulpvraag in de woorden van het gezin").fill("Ik wil leren zorgen voor mijn baby.")
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Gezin Browsertest")
    registration = Registration.objects.get(family_name="Gezin Browsertest")
    page.get_by_role("link", name="Gezinslid toevoegen").click()
    page.get_by_label("Rol in het gezin").select_option("parent")
    page.get_by_label("Voornaam").fill("Amber")
    page.get_by_label("Achternaam").fill("Browsertest")
    page.get_by_label("Geboortedatum").fill("01/01/2010")
    page.get_by_label("Zwanger").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page).to_have_url(re.compile(rf"/intake/{registration.pk}/$"))
    # consent is asked per member: a parent, and every minor aged 12 or more (here one person, both)
    expect(page.locator("#consent-summary")).to_contain_text("Amber Browsertest")
    row = page.locator("tr", has=page.get_by_label("Instemming van Amber Browsertest"))
    row.get_by_label("Instemming van Amber Browsertest").select_option("given")
    row.get_by_role("button", name="Opslaan").click()
    expect(row.get_by_role("status")).to_contain_text("Opgeslagen.")
    page.reload()
    expect(page.locator("#consent-summary")).to_contain_text("volledig")
    route = page.get_by_role("region", name="Toegangsroute")
    expect(route).to_contain_text("Er is een A-document nodig.")
    expect(route).to_contain_text("Eerste minderjarige")

    page.get_by_label("Volgende stap").select_option("in_screening")
    page.get_by_role("button", name="Stap opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("in screening")

    page.get_by_role("link", name="Screening invullen").click()
    page.get_by_role("group", name="Jong kwetsbaar ouderschap").get_by_label("ja").check()
    page.locator("select[name=weighing]").select_option("not_yet")
    page.get_by_role("button", name="Opslaan als nieuwe versie").click()
    expect(page.get_by_role("status")).to_contain_text("versie 1")

    page.get_by_label("Volgende stap").select_option("decision")
    page.get_by_role("button", name="Stap opslaan").click()
    page.get_by_label("Volgende stap").select_option("declined")
    page.get_by_role("button", name="Stap opslaan").click()
    expect(page.get_by_role("alert").first).to_be_visible()  # reason and referral are required; input kept

    page.get_by_label("Volgende stap").select_option("waiting_list")
    page.get_by_label("Reden", exact=True).fill("Geen studio vrij.")
    page.get_by_role("button", name="Stap opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("op de wachtlijst")
    registration.refresh_from_db()
    assert registration.status == Status.WAITING_LIST

    page.get_by_role("link", name="Wachtlijst").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Wachtlijst")
    expect(page.get_by_role("table")).to_contain_text("Gezin Browsertest")
