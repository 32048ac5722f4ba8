"""Issue 14 in a real browser. The finance administrator adds an indexed leefloon amount from the 16th of last
month (a new dated row), runs last month for the centre (a background job), downloads the family's statement,
records a payment by hand, imports a CAMT.053 bank statement and assigns its unmatched line, and sees the balance
and the arrears change — also on a 360 px wide phone. The intake officer shows a family what a stay will cost."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from spalk.finance import services
from spalk.finance.computation import days_in_month, euro, round_half_up
from spalk.finance.models import CentreFinanceSettings, LeefloonRate, Payment, Statement
from spalk.finance.statements import monthly_run
from spalk.finance.tests.world import temporary_finance_storage
from spalk.jobs.runner import run_pending
from spalk.stays.tests.factories import UnitFactory, add_member
from spalk.testing.stays import book_stay
from tests.browser.helpers import no_horizontal_scroll

pytestmark = pytest.mark.browser
SAMPLES = Path(__file__).resolve().parents[2] / "spalk" / "finance" / "tests" / "samples"
NARROW = {"width": 360, "height": 740}


def _d(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _month_name(day: datetime.date) -> str:
    with translation.override("nl"):
        return date_format(day, "F Y")


@pytest.fixture(autouse=True)
def _finance_files(tmp_path, settings):
    with temporary_finance_storage(tmp_path, settings):
        yield


@pytest.fixture
def finance_admin(centre):
    from spalk.accounts.models import Role
    from spalk.testing.factories import MembershipFactory, UserFactory

    user = UserFactory(email="finance@example.test")
    MembershipFactory(user=user, centre=centre, role=Role.FINANCE_ADMIN)
    return user


@pytest.fixture
def months():
    this = timezone.localdate().replace(day=1)
    last = (this - datetime.timedelta(days=1)).replace(day=1)
    before = (last - datetime.timedelta(days=1)).replace(day=1)
    return before, last, this


@pytest.fixture
def finance_family(family, director, finance_admin, months):
    """Sarah Peeters lives in a studio the two months before this one and pays as a single adult. The month before
    last is invoiced already (€ 328,55, paid by nobody, its date to pay — 14 days — long past: arrears)."""
    before, last, this = months
    CentreFinanceSettings.objects.create(centre=family.centre, iban="BE71096123456769", account_holder="vzw Test",
                                         payment_days=14)
    mother = family.members.get()
    book_stay(actor=director, family=family, unit=UnitFactory(centre=family.centre), start=before, end=this,
              members=[mother, add_member(family, age=2)])
    services.payer_add(actor=finance_admin, family=family, person=mother.person, category="single",
                       valid_from=before, reason="OCMW: alleenstaande")
    earlier = monthly_run(centre=family.centre, month=before, today=last + datetime.timedelta(days=1)).made[0]
    assert earlier.amount == Decimal("328.55")  # a whole month: € 1.314,20 × 25 %
    return earlier


def test_finance_administrator_runs_the_month_and_books_the_payments(browser, page, live_server, login, family,
                                                                     finance_admin, finance_family, months,
                                                                     tmp_path):
    _before, last, _this = months
    earlier = finance_family
    login(page, finance_admin)

    # the balances list: the family has arrears
    page.goto(f"{live_server.url}/finance/")
    page.get_by_role("link", name="Saldi en achterstanden").first.click()
    row = page.get_by_role("row").filter(has_text=family.name)
    expect(row).to_contain_text("€ 328,55")

    # 1. a new leefloon amount from the 16th of last month: a new dated row, the open one ends the day before
    page.goto(f"{live_server.url}/finance/rates/")
    page.get_by_role("link", name="Leefloonbedrag toevoegen").click()
    page.get_by_label(re.compile("^Categorie")).select_option("single")
    page.get_by_label("Bedrag per maand (€)").fill("1.340,50")
    change = last.replace(day=16)
    page.get_by_label("Geldig vanaf").fill(_d(change))
    page.get_by_label("Bron").fill("POD Maatschappelijke Integratie, indexering (test)")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("Bedrag toegevoegd.")
    expect(page.get_by_role("row").filter(has_text="€ 1.340,50")).to_contain_text(_d(change))
    expect(page.get_by_role("row").filter(has_text="€ 1.314,20").last).to_contain_text(
        _d(change - datetime.timedelta(days=1)))
    assert LeefloonRate.objects.get(category="single", valid_from=change).created_by == finance_admin

    # 2. run last month for the centre: the job is queued (the worker runs it; here run_pending does)
    page.goto(f"{live_server.url}/finance/runs/?centre={family.centre_id}")
    page.get_by_label("Een dag van de maand die u wilt verwerken").fill(_d(last))
    page.get_by_role("button", name="Deze maand verwerken").click()
    expect(page.get_by_role("status").first).to_contain_text("De verwerking staat in de wachtrij")
    assert [o.status for o in run_pending(queues=["finance"])] == ["succeeded"]
    page.reload()
    expect(page.get_by_role("row").filter(has_text=_month_name(last))).to_contain_text("1")

    # hand-computed: 15 nights at € 1.314,20 and the rest of the month at € 1.340,50, × 25 % ÷ days of the month,
    # rounded once
    dim = days_in_month(last)
    expected = round_half_up((15 * Fraction("1314.20") + (dim - 15) * Fraction("1340.50")) * Fraction(1, 4) / dim)
    statement = Statement.objects.get(family=family, month=last)
    assert (statement.days, statement.amount) == (dim, expected)

    # 3. the family's contribution page: both statements; the new one as a PDF download
    page.goto(f"{live_server.url}/finance/families/{family.pk}/")
    statements = page.get_by_role("region", name="Afrekeningen")
    new_row = statements.get_by_role("row").filter(has_text=_month_name(last))
    expect(new_row).to_contain_text(euro(expected))
    expect(new_row).to_contain_text(statement.ogm_display)
    with page.expect_download() as download:
        new_row.get_by_role("link", name="afrekening").click()
    assert download.value.suggested_filename == f"afrekening-{statement.ogm}.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    balance = page.get_by_role("region", name="Saldo")
    expect(balance).to_contain_text(f"Nog te betalen: {euro(Decimal('328.55') + expected)}")
    expect(balance).to_contain_text("Achterstand: € 328,55")

    # 4. a payment by hand for the new statement
    balance.get_by_role("link", name="Betaling invoeren").click()
    page.get_by_label("Bedrag (€)").fill("100,00")
    page.get_by_label("Betaald op").fill(_d(timezone.localdate()))
    page.get_by_label("Gestructureerde mededeling").fill(statement.ogm_display)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("Betaling ingevoerd.")
    assert Payment.objects.get(family=family).statement == statement

    # 5. the bank statement (CAMT.053): the line with the earlier statement's communication is booked on it, the
    # grandmother's transfer without one waits, and is assigned by dossier number
    camt = tmp_path / "uittreksel.xml"
    camt.write_bytes((SAMPLES / "sample_camt053.xml.tmpl").read_bytes().replace(b"OGMOGMOGMOGM",
                                                                                 earlier.ogm.encode()))
    page.goto(f"{live_server.url}/finance/bank/?centre={family.centre_id}")
    page.get_by_label("Rekeninguittreksel (CODA of CAMT.053)").set_input_files(str(camt))
    page.get_by_role("button", name="Inlezen").click()
    expect(page.get_by_role("status").first).to_contain_text("2 lijnen ingelezen, 1 gekoppeld aan een afrekening.")
    waiting = page.get_by_role("row").filter(has_text="Oma Peeters")
    waiting.get_by_label("Dossiernummer").fill(family.reference)
    waiting.get_by_role("button", name="Toewijzen").click()
    expect(page.get_by_role("status").first).to_contain_text(f"Betaling toegewezen aan {family.name}.")
    expect(page.get_by_role("region", name="Toe te wijzen betalingen")).to_contain_text("Niets toe te wijzen.")

    # 6. the balance: 328,55 + the new statement − 100 − 328,55 − 50; no arrears any more
    page.goto(f"{live_server.url}/finance/families/{family.pk}/")
    balance = page.get_by_role("region", name="Saldo")
    expect(balance).to_contain_text(f"Nog te betalen: {euro(expected - Decimal(150))}")
    expect(balance).not_to_contain_text("Achterstand")
    payments = page.get_by_role("region", name="Betalingen")
    expect(payments).to_contain_text("CAMT.053")
    expect(payments).to_contain_text(earlier.ogm_display)

    # 7. the same pages at 360 px: nothing sticks out sideways
    narrow = browser.new_context(locale="nl-BE", timezone_id="Europe/Brussels", viewport=NARROW, is_mobile=True,
                                 has_touch=True, storage_state=page.context.storage_state())
    phone = narrow.new_page()
    try:
        for path in (f"/finance/families/{family.pk}/", f"/finance/runs/?centre={family.centre_id}",
                     f"/finance/bank/?centre={family.centre_id}", "/finance/rates/", "/finance/families/"):
            phone.goto(live_server.url + path)
            expect(phone.get_by_role("heading", level=1)).to_be_visible()
            width, viewport = no_horizontal_scroll(phone)
            assert width <= viewport, f"{path}: {width} px wide on a {viewport} px screen"
    finally:
        narrow.close()


def test_intake_officer_shows_a_family_what_a_stay_costs(page, live_server, login, intake_officer):
    login(page, intake_officer)
    page.goto(f"{live_server.url}/finance/")
    page.get_by_role("link", name=re.compile("Wat kost een verblijf")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wat kost een verblijf?")
    page.get_by_label("Categorie van het leefloon").select_option("single")
    page.get_by_label("Eerste dag van het verblijf").fill("25/01/2025")
    page.get_by_label("Laatste dag van het verblijf").fill("05/02/2025")
    page.get_by_role("button", name="Berekenen").click()
    # the same amounts as the API contract: 7 days of January (72,74) and 5 of February (58,67)
    result = page.get_by_role("region", name="In totaal: € 131,41")
    expect(result.get_by_role("row").filter(has_text="januari 2025")).to_contain_text("€ 72,74")
    expect(result.get_by_role("row").filter(has_text="februari 2025")).to_contain_text("€ 58,67")
    expect(result).to_contain_text("U betaalt 25 %")
    page.set_viewport_size(NARROW)
    width, viewport = no_horizontal_scroll(page)
    assert width <= viewport, f"the quote is {width} px wide on a {viewport} px screen"


def test_intake_officer_sees_why_there_is_no_quote(page, live_server, login, intake_officer):
    login(page, intake_officer)
    page.goto(f"{live_server.url}/finance/quote/")
    page.get_by_label("Categorie van het leefloon").select_option("family")
    page.get_by_label("Eerste dag van het verblijf").fill("10/03/2025")
    page.get_by_label("Laatste dag van het verblijf").fill("01/03/2025")
    page.get_by_role("button", name="Berekenen").click()
    expect(page.get_by_role("alert").first).to_contain_text("voor de eerste dag")
