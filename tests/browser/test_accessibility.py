"""axe-core on the main pages of the shell: no serious or critical WCAG violation anywhere.

axe is injected with Playwright into a context that bypasses CSP (``axe_page``); the application's own
pages still carry their strict policy. Every violation is printed (also the moderate and minor ones),
the test fails on the serious and critical ones.
"""

from __future__ import annotations

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from spalk.families.services import family_update
from spalk.testing.factories import FamilyFactory, FamilyMemberFactory
from tests.browser.helpers import PHONE, USER_PASSWORD, ensure_totp, totp_code

pytestmark = pytest.mark.browser

FAILING_IMPACTS = {"serious", "critical"}
AXE_OPTIONS = {"resultTypes": ["violations"]}


class AxeReport:
    def __init__(self, page) -> None:
        self.page = page
        self.axe = Axe()
        self.failures: list[str] = []
        self.checked: list[str] = []

    def check(self, label: str) -> None:
        results = self.axe.run(self.page, options=AXE_OPTIONS)
        self.checked.append(label)
        for violation in results.response["violations"]:
            nodes = [" ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"])
                     for node in violation["nodes"]]
            line = (f"[{violation['impact']}] {label}: {violation['id']} — {violation['help']} "
                    f"({len(nodes)}×: {', '.join(str(n) for n in nodes[:5])})")
            print(line)
            if violation["impact"] in FAILING_IMPACTS:
                self.failures.append(line)

    def assert_clean(self) -> None:
        assert len(self.checked) >= 11
        assert not self.failures, "serious or critical accessibility violations:\n" + "\n".join(self.failures)


def test_main_pages_have_no_serious_accessibility_violations(axe_page, live_server, director, centre):
    page, base = axe_page, live_server.url
    family = FamilyFactory(centre=centre, name="Gezin Maes", street="Kerkstraat 4", postal_code="9000",
                           city="Gent", phone="09 123 45 67")
    FamilyMemberFactory(family=family, person__first_name="Ines", person__last_name="Maes")
    FamilyMemberFactory(family=family, role="child", person__first_name="Lou", person__last_name="Maes",
                        person__birth_date=datetime.date(2023, 6, 1))
    family_update(actor=director, family=family, data={"phone": "09 765 43 21"}, version=family.version)
    report = AxeReport(page)

    ensure_totp(director)
    page.goto(base + "/accounts/login/")
    report.check("aanmelden")
    page.locator("input[name=login]").fill(director.email)
    page.locator("input[name=password]").fill(USER_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/accounts/2fa/authenticate/**")
    report.check("tweede factor")
    page.locator("input[name=code]").fill(totp_code(director))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(base + "/")
    report.check("overzicht")

    pages = [
        ("gezinnen", "/families/"),
        ("gezin", f"/families/{family.pk}/"),
        ("nieuw gezin", "/families/new/"),
        ("gezinslid toevoegen", f"/families/{family.pk}/members/new/"),
        ("wijzigingsgeschiedenis", f"/families/{family.pk}/history/"),
        ("wie had toegang", f"/audit/families/{family.pk}/"),
        ("audittrail", "/audit/"),
    ]
    for label, path in pages:
        page.goto(base + path)
        expect(page.locator("h1")).to_be_visible()
        report.check(label)

    page.goto(base + "/families/new/")
    page.get_by_role("button", name="Gezin aanmaken").click()
    expect(page.locator(".form-errors")).to_be_visible()
    report.check("nieuw gezin met fouten")

    page.goto(base + f"/families/{family.pk}/members/new/")
    page.get_by_label("Rijksregisternummer").fill("12345")
    page.get_by_role("button", name="Gezinslid toevoegen").click()
    expect(page.locator(".form-errors")).to_be_visible()
    report.check("gezinslid met fouten")

    response = page.goto(base + "/bestaat-niet/")
    assert response is not None and response.status == 404
    report.check("404")

    page.set_viewport_size(PHONE)  # tables scroll sideways inside their box on a phone: still usable?
    for label, path in [("gezinnen (gsm)", "/families/"), ("gezin (gsm)", f"/families/{family.pk}/"),
                        ("audittrail (gsm)", "/audit/")]:
        page.goto(base + path)
        report.check(label)

    report.assert_clean()


def test_intake_stay_and_trajectory_pages_have_no_serious_accessibility_violations(axe_page, live_server, login,
                                                                                   director, centre):
    from spalk.families.models import MemberRole
    from spalk.intake.tests.conftest import RegistrationFactory, RegistrationMemberFactory
    from spalk.stays.tests.factories import UnitFactory
    from spalk.trajectories import services as trajectories

    page, base = axe_page, live_server.url
    today = datetime.date.today()
    family = FamilyFactory(centre=centre, name="Gezin Claes")
    mother = FamilyMemberFactory(family=family, role=MemberRole.PARENT, person__first_name="Eva")
    child = FamilyMemberFactory(family=family, role=MemberRole.CHILD, person__first_name="Mats",
                                person__birth_date=datetime.date(2024, 3, 1))
    unit = UnitFactory(centre=centre, name="Studio Duin")
    trajectory = trajectories.trajectory_admit_with_stay(
        actor=director, family=family, admitted_on=today - datetime.timedelta(days=2), unit=unit,
        members=[mother, child], care="crisis", planned_end=today + datetime.timedelta(days=5)).trajectory
    registration = RegistrationFactory(centre=centre, family_name="Gezin Wouters")
    RegistrationMemberFactory(registration=registration, first_name="Jana", last_name="Wouters")
    report = AxeReport(page)
    login(page, director)

    pages = [
        ("aanmeldingen", "/intake/"),
        ("nieuwe aanmelding", "/intake/new/"),
        ("aanmelding", f"/intake/{registration.pk}/"),
        ("screening", f"/intake/{registration.pk}/screening/"),
        ("toegangsweg", f"/intake/{registration.pk}/access-route/"),
        ("wachtlijst", "/intake/waiting-list/"),
        ("modules", "/intake/modules/"),
        ("gezin met traject", f"/families/{family.pk}/"),
        ("traject", f"/trajectories/{trajectory.pk}/"),
        ("gezin opnemen", f"/trajectories/families/{FamilyFactory(centre=centre).pk}/admit/"),
        ("traject afsluiten", f"/trajectories/{trajectory.pk}/close/"),
        ("planbord", "/stays/"),
        ("centrumoverzicht", "/stays/dashboard/"),
        ("maandbezetting", "/stays/occupancy/"),
        ("wooneenheden", "/stays/units/"),
    ]
    for label, path in pages:
        response = page.goto(base + path)
        assert response is not None and response.status == 200, (label, response and response.status)
        expect(page.locator("h1")).to_be_visible()
        report.check(label)

    page.set_viewport_size(PHONE)
    for label, path in [("planbord (gsm)", "/stays/"), ("traject (gsm)", f"/trajectories/{trajectory.pk}/")]:
        page.goto(base + path)
        report.check(label)
    report.assert_clean()
