"""Issue 5 in a real browser: a team lead admits a family into a studio (crisis stay), sees the stay on the
planning board, and closes the trajectory with a destination and the follow-up agreed."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from spalk.stays.models import Allocation
from spalk.stays.tests.factories import UnitFactory, add_member
from spalk.trajectories.models import Trajectory

pytestmark = pytest.mark.browser


def _d(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def test_team_lead_admits_a_family_into_a_studio_and_closes_the_trajectory(page, live_server, login, team_lead,
                                                                            family):
    today = timezone.localdate()
    add_member(family, age=2, first_name="Noor")
    UnitFactory(centre=family.centre, name="Studio Zee")

    login(page, team_lead)
    page.goto(f"{live_server.url}/families/{family.pk}/")
    section = page.get_by_role("region", name="Traject")
    expect(section).to_contain_text("Nog geen traject")
    section.get_by_role("link", name="Gezin opnemen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Gezin opnemen")
    arrival = today - datetime.timedelta(days=4)
    page.get_by_label("Datum van opname").fill(_d(arrival))
    page.get_by_label("Het gezin neemt nu zijn intrek").check()
    page.get_by_label("Soort verblijf").select_option("crisis")
    page.get_by_label("Wooneenheid").select_option(label="Studio Zee (studio)")
    page.get_by_label("Gepland vertrek").fill(_d(today + datetime.timedelta(days=5)))
    stays = page.get_by_role("group", name="Wie verblijft er")
    for box in stays.get_by_role("checkbox").all():
        box.check()
    page.get_by_role("button", name="Opnemen").click()

    expect(page).to_have_url(re.compile(rf"/families/{family.pk}/$"))
    expect(page.get_by_role("status").first).to_contain_text("Gezin opgenomen.")
    section = page.get_by_role("region", name="Traject")
    expect(section).to_contain_text("Verblijf in Studio Zee")
    expect(section).to_contain_text("Kortdurend crisisverblijf")
    trajectory = Trajectory.objects.get(family=family)
    allocation = Allocation.objects.get(trajectory=trajectory)
    assert allocation.unit.name == "Studio Zee"
    assert allocation.members.count() == 2

    # the planning board shows the family in the studio; the board is reachable by keyboard
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Bezetting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Planbord")
    board = page.get_by_role("region", name="Planbord: wooneenheden en dagen")
    row = board.get_by_role("row").filter(has_text="Studio Zee")
    expect(row.get_by_role("link", name=family.name)).to_be_visible()
    board.focus()
    expect(board).to_be_focused()

    page.goto(f"{live_server.url}/families/{family.pk}/")
    page.get_by_role("region", name="Traject").get_by_role("link", name="Traject afsluiten").click()
    page.get_by_label("Datum van afsluiting").fill(_d(today))
    page.get_by_label("Reden").fill("Veilige thuissituatie bereikt")
    page.get_by_label("Waar het gezin naartoe gaat").select_option(label="naar huis, met begeleiding")
    page.get_by_label("Afgesproken opvolging").fill("Trajectondersteuner belt na twee weken")
    page.get_by_role("button", name="Traject afsluiten").click()
    # closing is destructive: a confirmation page names what ends, and the same button confirms
    expect(page.get_by_role("alert").first).to_contain_text("Alle modules en verblijven eindigen")
    page.get_by_role("button", name="Traject afsluiten").click()

    expect(page.get_by_role("status").first).to_contain_text("Traject afgesloten.")
    section = page.get_by_role("region", name="Traject")
    expect(section).to_contain_text("afgesloten")
    expect(section).to_contain_text("Trajectondersteuner belt na twee weken")
    trajectory.refresh_from_db()
    allocation.refresh_from_db()
    assert trajectory.closed_on == today
    assert (allocation.period.lower, allocation.period.upper) == (arrival, today)
