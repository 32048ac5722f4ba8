"""Issue 13: "the safety plan, safety persons and contact restrictions are reachable in two clicks from the family
page and shown as an alert in its header, also for night staff". Night staff of the unit where the family lives,
on a 360 px phone and on a laptop: from the family page, one click on the header's alert reaches the safety plan
(its rules and the safety persons with a number to tap), one click on the restriction's alert reaches the contact
restrictions (who, how to recognise them, what to do); the "Safety" link reaches both in one click too. The
safety work (mappings, Kindreflex) is not shown to them."""

from __future__ import annotations

import datetime

import pytest
from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils import timezone
from playwright.sync_api import expect

from spalk.safety import services
from spalk.stays.models import Allocation, AllocationMember, Unit
from spalk.testing.factories import FamilyMemberFactory
from tests.browser.helpers import no_horizontal_scroll

pytestmark = pytest.mark.browser

SMALL_PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture
def family_in_unit(centre, family, team_lead):
    """Gezin Peeters lives in Studio 1 with a safety plan (one safety person) and a contact restriction."""
    today = timezone.localdate()
    noor = FamilyMemberFactory(family=family, role="child", person__first_name="Noor", person__last_name="Peeters",
                               person__birth_date=today - datetime.timedelta(days=400)).person
    unit = Unit.objects.create(centre=centre, name="Studio 1", kind="studio", capacity_adults=2, capacity_children=2)
    allocation = Allocation.objects.create(unit=unit, family=family, period=DateRange(
        today - datetime.timedelta(days=5), today + datetime.timedelta(days=30)))
    for member in family.members.all():
        AllocationMember.objects.create(allocation=allocation, member=member, period=allocation.period)
    plan = services.safety_plan_create(actor=team_lead, family=family, data={
        "agreed_on": today, "review_on": today + datetime.timedelta(days=30),
        "rules": "Oma Rita haalt Noor op school op maandag en donderdag."})
    services.safety_person_add(actor=team_lead, plan=plan, data={
        "name": "Rita Peeters", "relation": "grootmoeder", "phone": "0470 12 34 56",
        "does": "Belt elke avond om 19 uur en komt langs als Sarah niet opneemt."})
    services.restriction_create(actor=team_lead, family=family, data={
        "child": noor, "restricted_name": "Kevin D.", "relation": "vader", "kind": "no_pickup",
        "recognise": "lang, rode bestelwagen", "valid_from": today, "source": "centre",
        "if_seen": "Deur niet openen; bel 101 en de teamverantwoordelijke."})
    services.mapping_create(actor=team_lead, family=family, data={
        "title": "Veiligheid van Noor thuis", "mapped_on": today, "next_review_on": today})
    return family


@pytest.mark.parametrize("viewport", [SMALL_PHONE, LAPTOP], ids=["phone-360", "laptop"])
def test_night_staff_reach_plan_and_restrictions_in_two_clicks(browser, live_server, night_staff, family_in_unit,
                                                             viewport):
    from tests.browser.conftest import _new_context
    from tests.browser.helpers import login

    context = _new_context(browser, viewport=LAPTOP)  # the login helper checks the header's sign-out button
    page = context.new_page()
    try:
        login(page, live_server, night_staff)
        page.set_viewport_size(viewport)
        family_page = f"{live_server.url}/families/{family_in_unit.pk}/"

        # the alert in the header, on the family page itself
        page.goto(family_page)
        alert = page.get_by_role("note", name="Veiligheid")
        expect(alert).to_contain_text("Kevin D.: mag het kind niet ophalen (Noor)")
        expect(alert).to_contain_text("Veiligheidsplan · 1 veiligheidspersoon")
        width, window = no_horizontal_scroll(page)
        assert width <= window

        # click 1 → the safety plan: rules and the safety person with a number to tap
        alert.get_by_role("link", name="Veiligheidsplan").click()
        main = page.get_by_role("main")
        expect(main).to_contain_text("Oma Rita haalt Noor op school op maandag en donderdag.")
        expect(main.get_by_role("link", name="0470 12 34 56")).to_have_attribute("href", "tel:+32470123456")

        # click 1 → the contact restrictions: who, how to recognise them, what to do
        page.goto(family_page)
        page.get_by_role("note", name="Veiligheid").get_by_role("link", name="Kevin D.").click()
        restrictions = page.get_by_role("region", name="Contactbeperkingen")
        expect(restrictions).to_contain_text("Kevin D.")
        expect(restrictions).to_contain_text("lang, rode bestelwagen")
        expect(restrictions).to_contain_text("Deur niet openen; bel 101")

        # the "Safety" link of the family page: plan and restrictions on one page, one click
        page.goto(family_page)
        page.get_by_role("link", name="Veiligheid", exact=True).first.click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Veiligheid")
        expect(page.get_by_role("main")).to_contain_text("Rita Peeters")
        expect(page.get_by_role("main")).to_contain_text("Kevin D.")
        expect(page.get_by_role("main")).not_to_contain_text("Veiligheid van Noor thuis")  # not the safety work
        width, window = no_horizontal_scroll(page)
        assert width <= window
    finally:
        context.close()
