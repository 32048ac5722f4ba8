"""Issue 13 in a real browser: the health coordinator opens a child's growth page from the family page, enters a
measurement, confirms an unlikely one, and sees the points on the chart and in its data table; on a phone the
growth page does not scroll sideways."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from spalk.families.models import MemberRole, Sex
from spalk.health.models import GrowthMeasurement
from spalk.testing.factories import FamilyMemberFactory
from tests.browser.helpers import no_horizontal_scroll

pytestmark = pytest.mark.browser


def test_entering_a_growth_measurement_and_seeing_the_chart(page, live_server, login, health_coordinator, family):
    birth = timezone.localdate() - datetime.timedelta(days=90)
    child = FamilyMemberFactory(family=family, role=MemberRole.CHILD, person__first_name="Lena",
                                person__last_name="Peeters", person__sex=Sex.FEMALE, person__birth_date=birth).person
    login(page, health_coordinator)
    page.goto(f"{live_server.url}/families/{family.pk}/")
    page.get_by_role("link", name="Gezondheid", exact=True).click()
    page.get_by_role("link", name="Lena Peeters").click()
    page.get_by_role("link", name="Groei", exact=True).click()
    page.get_by_role("link", name="Meting toevoegen").first.click()

    day = birth + datetime.timedelta(days=60)
    page.get_by_label("Datum").fill(f"{day:%d/%m/%Y}")
    page.get_by_label("Gewicht (kg)").fill("5,100")
    page.get_by_label("Lengte (cm)").fill("57,5")
    page.get_by_label("Hoofdomtrek (cm)").fill("38,5")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("Meting opgeslagen.")
    expect(page.locator("svg.growth-chart circle")).to_have_count(4)  # weight, length, head, weight-for-length

    # an impossible gain in a day is questioned first
    page.get_by_role("link", name="Meting toevoegen").first.click()
    page.get_by_label("Datum").fill(f"{day + datetime.timedelta(days=1):%d/%m/%Y}")
    page.get_by_label("Gewicht (kg)").fill("7,900")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Het gewicht steeg met 2,800 kg")
    assert GrowthMeasurement.objects.filter(person=child).count() == 1
    page.get_by_role("button", name="Ja, de meting klopt").click()
    expect(page.get_by_role("status").first).to_contain_text("Meting opgeslagen.")
    assert GrowthMeasurement.objects.filter(person=child).count() == 2

    chart = page.get_by_role("img", name="Gewicht naar leeftijd")
    expect(chart).to_be_visible()
    expect(chart.locator("circle")).to_have_count(2)
    page.get_by_text("Tabel met de gegevens: Gewicht naar leeftijd").click()
    expect(page.get_by_role("cell", name="5,100").first).to_be_visible()


def test_growth_page_on_a_phone(phone_page, live_server, login, health_coordinator, family):
    birth = timezone.localdate() - datetime.timedelta(days=300)
    child = FamilyMemberFactory(family=family, role=MemberRole.CHILD, person__first_name="Mats",
                                person__sex=Sex.MALE, person__birth_date=birth).person
    for days, weight in ((10, "3.9"), (100, "6.4"), (290, "9.0")):
        GrowthMeasurement.objects.create(family=family, person=child, measured_on=birth + datetime.timedelta(days=days),
                                         weight_kg=weight, age_days=days)
    login(phone_page, health_coordinator)
    phone_page.goto(f"{live_server.url}/health/persons/{child.pk}/growth/")
    expect(phone_page.get_by_role("img", name="Gewicht naar leeftijd")).to_be_visible()
    scroll, viewport = no_horizontal_scroll(phone_page)
    assert scroll <= viewport
