"""Journeys at phone size (issue 10): night staff in a corridor at night, a counsellor between two visits.

Each step checks that the page fits the phone (no sideways scrolling) and that the information is read,
not guessed: names, ages, alerts, who to call.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from spalk.stays.tests.factories import UnitFactory, add_member
from spalk.testing.factories import FamilyFactory, FamilyMemberFactory
from spalk.trajectories import indications, services
from tests.browser.helpers import no_horizontal_scroll

pytestmark = pytest.mark.browser
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _granted(monkeypatch):
    """The stays here have a positive ITP indication (the intake side has its own journey)."""
    monkeypatch.setattr(indications, "indication_for", lambda **kw: indications.Indication(
        reference="ITP-2026-7", decided_on=timezone.localdate() - 30 * DAY))


@pytest.fixture
def resident(director, centre):
    today = timezone.localdate()
    family = FamilyFactory(centre=centre, name="Gezin Vandenbroucke-Van Den Eynde")
    mother = FamilyMemberFactory(family=family, person__first_name="Anneleen", person__last_name="Vandenbroucke",
                                 person__birth_date=today.replace(year=today.year - 19), pregnant=True)
    child = add_member(family, age=2, first_name="Mats")
    unit = UnitFactory(centre=centre, name="Studio Duin")
    services.trajectory_admit_with_stay(actor=director, family=family, admitted_on=today - 3 * DAY, unit=unit,
                                        members=[mother, child], care="stay_high", planned_end=today + 40 * DAY)
    return family


def _fits(page) -> None:
    scroll_width, viewport = no_horizontal_scroll(page)
    assert scroll_width <= viewport, f"{page.url} is {scroll_width} px wide on a {viewport} px phone"


def test_night_staff_see_who_is_in_the_house_and_open_a_family(phone_page, login, night_staff, resident):
    page = phone_page
    login(page, night_staff)
    card = page.locator('[data-work-item="stays.tonight"]')
    expect(card).to_contain_text("Vannacht in huis")
    expect(card).to_contain_text("Studio Duin · Gezin Vandenbroucke-Van Den Eynde")
    expect(card).to_contain_text("Mats (2 j.)")
    expect(card).to_contain_text("Anneleen zwanger")
    _fits(page)

    card.get_by_role("link", name="Studio Duin · Gezin Vandenbroucke-Van Den Eynde").click()
    header = page.locator(".page-header--sticky")
    expect(header.get_by_role("heading", level=1)).to_have_text("Gezin Vandenbroucke-Van Den Eynde")
    expect(header).to_contain_text("woont in Studio Duin")
    expect(header).to_contain_text("Anneleen is zwanger")
    _fits(page)
    # the members table reads as a list: every value has its label, the birth date is not cut off
    first_row = page.locator("#members-heading ~ .table-wrap tbody tr").first
    expect(first_row.locator('td[data-label="Geboortedatum"]')).to_be_visible()
    page.mouse.wheel(0, 1500)
    expect(header).to_be_in_viewport()  # the header stays in view while scrolling

    page.get_by_role("button", name="Menu").click()
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Bezetting").click()
    expect(page.locator(".day-list")).to_be_visible()
    expect(page.locator(".board-wrap")).to_be_hidden()
    expect(page.locator(".day-list section").first).to_contain_text("Studio Duin")
    _fits(page)


def test_counsellor_sees_my_families_and_who_to_call(phone_page, login, counsellor, director, resident, family):
    from spalk.testing.factories import FamilyAssignmentFactory

    FamilyAssignmentFactory(family=resident, user=counsellor)
    page = phone_page
    login(page, counsellor)
    card = page.locator('[data-work-item="trajectories.my_families"]')
    expect(card).to_contain_text("Mijn gezinnen")
    expect(card).to_contain_text("Gezin Peeters")
    expect(card).to_contain_text("Gezin Vandenbroucke-Van Den Eynde")
    _fits(page)

    card.get_by_role("link", name="Gezin Vandenbroucke-Van Den Eynde").click()
    expect(page.get_by_role("heading", name="Wie contacteren")).to_be_visible()
    page.get_by_role("navigation", name="Onderdelen van deze pagina").get_by_role("link", name="Traject").click()
    expect(page.locator("#trajectory-heading")).to_be_in_viewport()
    expect(page.locator(".page-header--sticky")).to_be_in_viewport()
    _fits(page)

    page.goto(page.url.split("/families/")[0] + "/families/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gezinnen")
    _fits(page)
