"""Issue 11 on a phone: the night shift reads the handover and confirms it, writes a note (a draft survives a
reload), reports an incident that notifies the team lead without dossier content, and does the night's presence
check (one person marked, then "everyone else is here")."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils import timezone
from playwright.sync_api import expect

from spalk.accounts.models import Role
from spalk.logbook import handovers
from spalk.logbook.models import HandoverReceipt, Incident, Note
from spalk.notifications.models import Notification
from spalk.presence.models import PresenceNight
from spalk.stays.models import Allocation, AllocationMember, Unit
from spalk.testing.factories import FamilyMemberFactory, MembershipFactory, UserFactory
from tests.browser.helpers import PHONE, no_horizontal_scroll

pytestmark = pytest.mark.browser


@pytest.fixture
def house(centre, family, counsellor):
    """Gezin Peeters (Sarah and baby Noor) lives in Studio 1; the late shift wrote its handover."""
    today = timezone.localdate()
    FamilyMemberFactory(family=family, role="child", person__first_name="Noor", person__last_name="Peeters",
                        person__birth_date=today - datetime.timedelta(days=300))
    unit = Unit.objects.create(centre=centre, name="Studio 1", kind="studio", capacity_adults=2, capacity_children=2)
    allocation = Allocation.objects.create(unit=unit, family=family, period=DateRange(
        today - datetime.timedelta(days=10), today + datetime.timedelta(days=30)))
    for member in family.members.all():
        AllocationMember.objects.create(allocation=allocation, member=member, period=allocation.period)
    handover = handovers.handover_write(actor=counsellor, centre=centre, unit=None,
                                        summary="Noor heeft wat koorts gehad. Om 3u temperatuur meten.")
    lead = UserFactory(email="tl@example.test")
    MembershipFactory(user=lead, centre=centre, role=Role.TEAM_LEAD)
    return {"handover": handover, "lead": lead}


def test_night_shift_on_a_phone(phone_page, live_server, login, night_staff, family, house):
    page = phone_page
    # the shared login helper checks the header's sign-out button, which a phone keeps behind "Menu"
    page.set_viewport_size({"width": 1024, "height": 768})
    login(page, night_staff)
    page.set_viewport_size(PHONE)
    page.reload()

    # 1. the start screen shows the handover to read; reading it leaves a receipt
    page.get_by_role("link", name=re.compile(r"dienst")).first.click()
    expect(page.get_by_role("region", name="Van de vorige dienst")).to_contain_text("Noor heeft wat koorts gehad.")
    expect(page.get_by_role("region", name="Wie is er in huis")).to_contain_text("Sarah")
    page.get_by_role("button", name="Ik heb de overdracht gelezen").click()
    expect(page.get_by_text("U hebt deze overdracht gelezen.")).to_be_visible()
    assert HandoverReceipt.objects.filter(handover=house["handover"], user=night_staff).exists()
    width, viewport = no_horizontal_scroll(page)
    assert width <= viewport

    # 2. write a note: the draft survives a reload (lost connection, expired session), then it is saved
    page.goto(f"{live_server.url}/logbook/")
    page.get_by_role("link", name=re.compile("Gezin Peeters")).click()
    text = page.get_by_label("Wat gebeurde er?")
    text.fill("Noor werd om 3u wakker, 37,9 graden. Sarah gaf de fles en wiegde haar in slaap.")
    page.reload()
    page.get_by_role("button", name="Concept terugzetten").click()
    expect(page.get_by_label("Wat gebeurde er?")).to_have_value(re.compile("37,9 graden"))
    page.get_by_text("ouderbegeleiding").first.click()
    page.get_by_role("button", name="Notitie bewaren").click()
    expect(page.get_by_role("status").filter(has_text="Notitie bewaard.")).to_be_visible()
    expect(page.locator("#note-list")).to_contain_text("37,9 graden")
    expect(page.get_by_label("Wat gebeurde er?")).to_have_value("")
    note = Note.objects.get()
    assert note.author == night_staff and note.family == family
    page.reload()
    expect(page.get_by_role("button", name="Concept terugzetten")).to_have_count(0)  # the saved draft is gone

    # 3. report an incident; the team lead is notified without names or content
    page.get_by_role("link", name="Incident melden").click()
    page.get_by_text("agressie", exact=True).click()
    page.get_by_text("middel", exact=True).click()
    page.get_by_label("Wat gebeurde er?").fill("Sarah gooide haar gsm tegen de muur na een telefoontje.")
    page.get_by_role("button", name="Melden", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("agressie")
    incident = Incident.objects.get()
    assert incident.reported_by == night_staff
    notification = Notification.objects.get(recipient=house["lead"])
    assert "Sarah" not in notification.title and "gsm" not in notification.title

    # 4. the presence check of the night: Noor is marked present, then everyone else in the studio at once
    page.goto(f"{live_server.url}/presence/")
    studio = page.locator(".night-unit").filter(has_text="Studio 1")
    expect(studio).to_contain_text("nog niet gecontroleerd")
    studio.locator(".night-member").filter(has_text="Noor").get_by_role("button", name="Aanwezig").click()
    expect(studio.locator(".night-member").filter(has_text="Noor")).to_contain_text("aanwezig")
    studio.get_by_role("button", name="Iedereen (verder) is er").click()
    expect(page.locator(".night-unit.is-checked").filter(has_text="Studio 1")).to_have_count(1)
    expect(page.locator(".night-unit").filter(has_text="Studio 1")).not_to_contain_text("nog niet gecontroleerd")
    nights = PresenceNight.objects.filter(family=family)
    assert nights.count() == family.members.count() and {n.status for n in nights} == {"present"}
    assert {n.recorded_by for n in nights} == {night_staff}
    width, viewport = no_horizontal_scroll(page)
    assert width <= viewport
