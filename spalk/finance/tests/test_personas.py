"""Who may see and change the money of a family, persona by persona, on the screens and in the API.

The rule (STYLE.md §2, docs/finance.md "Who sees and changes what"): a person who does not see the family gets 404
everywhere; a person who sees the family but not its money gets 403 on the family's money routes and no balance
on the family page; a finance record reached by its own id (a statement, a payer row) answers 404 to anyone
without the money, the same for "does not exist" and "not yours".
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils import timezone

from spalk.access.policy import visible_families
from spalk.finance.models import LeefloonRate, PayingAdult, Payment, Reminder
from spalk.finance.statements import monthly_run
from spalk.finance.tests.test_family_finance import paying_family
from spalk.stays.models import Allocation, AllocationMember
from spalk.stays.tests.factories import UnitFactory

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def statement(centre, family, director):
    paying_family(centre, director, family=family)
    return monthly_run(centre=centre, month=D(2025, 6, 1), today=D(2025, 7, 2)).made[0]


def _in_residence_today(family, centre):
    """The mother sleeps tonight in a unit of ``centre`` (own centre or the partner's)."""
    today = timezone.localdate()
    period = DateRange(today - datetime.timedelta(days=3), today + datetime.timedelta(days=4), "[)")
    allocation = Allocation.objects.create(unit=UnitFactory(centre=centre), family=family, period=period)
    AllocationMember.objects.create(allocation=allocation, member=family.members.get(role="parent"), period=period)


def _money_routes(family, statement):
    payer = PayingAdult.objects.get(family=family)
    return {
        "family": f"/finance/families/{family.pk}/",
        "payer_add": f"/finance/families/{family.pk}/payers/new/",
        "payment_add": f"/finance/families/{family.pk}/payments/new/",
        "reduction": f"/finance/families/{family.pk}/reductions/new/",
        "reminder": f"/finance/families/{family.pk}/reminders/new/",
        "statement_pdf": f"/finance/statements/{statement.pk}/pdf/",
        "payer_end": f"/finance/payers/{payer.pk}/end/",
    }


def _assert_no_money(client, family, statement, *, family_status):
    routes = _money_routes(family, statement)
    for name in ("family", "payer_add", "payment_add", "reduction"):
        assert client.get(routes[name]).status_code == family_status, name
    for name in ("payer_add", "payment_add", "reduction", "reminder"):
        assert client.post(routes[name], {"amount": "10", "paid_on": "01/07/2025", "person": "1",
                                          "category": "single", "valid_from": "01/07/2025",
                                          "reason": "x"}).status_code == family_status, name
    assert client.get(routes["statement_pdf"]).status_code == 404
    assert client.post(routes["payer_end"], {"last_day": "30/06/2025", "reason": "x"}).status_code == 404
    assert Payment.objects.count() == 0 and Reminder.objects.count() == 0
    assert PayingAdult.objects.filter(family=family).count() == 1


def test_night_staff_of_a_family_in_residence(mfa_client, centre, family, statement, night_staff):
    _in_residence_today(family, centre)
    assert visible_families(user=night_staff).filter(pk=family.pk).exists()
    client = mfa_client(night_staff)
    _assert_no_money(client, family, statement, family_status=403)
    page = client.get(f"/families/{family.pk}/")
    assert page.status_code == 200 and 'id="contribution-heading"' not in page.content.decode()
    assert client.get(f"/finance/runs/?centre={centre.pk}").status_code == 404
    assert client.get(f"/finance/bank/?centre={centre.pk}").status_code == 404
    assert client.get("/finance/quote/").status_code == 404


def test_night_staff_without_the_family_in_residence_gets_404(mfa_client, family, statement, night_staff):
    _assert_no_money(mfa_client(night_staff), family, statement, family_status=404)


@pytest.mark.parametrize("persona", ["partner_night_staff", "partner_counsellor"])
def test_staff_of_the_shared_centre_while_the_family_sleeps_there(mfa_client, request, family, statement,
                                                                  partner_centre, persona):
    _in_residence_today(family, partner_centre)
    user = request.getfixturevalue(persona)
    assert visible_families(user=user).filter(pk=family.pk).exists()  # the residence rule of the policy
    client = mfa_client(user)
    _assert_no_money(client, family, statement, family_status=403)
    assert "€" not in client.get(f"/families/{family.pk}/").content.decode()


def test_director_of_the_shared_centre(mfa_client, family, statement, partner_director, partner_centre):
    client = mfa_client(partner_director)
    _assert_no_money(client, family, statement, family_status=403)
    # the partner director reads the finance screens of their own centre, where the shared family never appears
    assert family.name not in client.get("/finance/families/").content.decode()
    runs = client.get(f"/finance/runs/?centre={partner_centre.pk}")
    assert runs.status_code == 200 and statement.ogm_display not in runs.content.decode()


def test_counsellor_sees_the_family_not_its_money_and_changes_no_amount(mfa_client, client, family, statement,
                                                                        counsellor, token_for):
    web = mfa_client(counsellor)
    _assert_no_money(web, family, statement, family_status=403)
    assert "/finance/rates/new/" not in web.get("/finance/rates/").content.decode()
    rate = LeefloonRate.objects.get(category="single", valid_from=D(2025, 2, 1))
    assert web.post(f"/finance/rates/{rate.pk}/", {"version": rate.version, "category": "single",
                                                   "monthly_amount": "1", "valid_from": "01/02/2025",
                                                   "source": "x"}).status_code == 403
    headers = token_for(counsellor)
    assert client.post("/api/v1/finance/leefloon-rates", {"category": "single", "monthly_amount": "1",
                                                          "valid_from": "2030-01-01", "source": "x"},
                       content_type="application/json", **headers).status_code == 403
    assert client.post("/api/v1/finance/contribution-percentages", {"percentage": "50", "valid_from": "2030-01-01",
                                                                    "source": "x"},
                       content_type="application/json", **headers).status_code == 403
    rate.refresh_from_db()
    assert rate.monthly_amount == Decimal("1314.20")
    assert client.get("/api/v1/finance/leefloon-rates", **headers).status_code == 200  # public amounts: readable
