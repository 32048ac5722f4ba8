"""Rates, percentage, the quote screen and the centre account: who reads, who changes, and that it is audited."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from spalk.audit.models import AuditEvent
from spalk.finance.models import CentreFinanceSettings, ContributionPercentage, LeefloonRate

pytestmark = pytest.mark.django_db


def test_every_staff_member_reads_the_rates(mfa_client, counsellor):
    response = mfa_client(counsellor).get("/finance/rates/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "€ 1.314,20" in body and "25 %" in body and "POD Maatschappelijke Integratie" in body
    assert "/finance/rates/new/" not in body


def test_finance_admin_adds_a_rate_and_the_open_one_is_closed(mfa_client, finance_admin):
    client = mfa_client(finance_admin)
    response = client.post("/finance/rates/new/", {"category": "single", "monthly_amount": "1.340,50",
                                                  "valid_from": "01/03/2026", "source": "POD MI, index maart 2026"})
    assert response.status_code == 302, response.content.decode()
    new = LeefloonRate.objects.get(category="single", valid_from=datetime.date(2026, 3, 1))
    assert new.monthly_amount == Decimal("1340.50") and new.created_by == finance_admin
    old = LeefloonRate.objects.get(category="single", valid_from=datetime.date(2025, 2, 1))
    assert old.valid_to == datetime.date(2026, 2, 28)
    events = AuditEvent.objects.filter(object_type="finance.leefloonrate")
    assert {e.action for e in events} == {"create", "update"} and events.count() == 2


def test_an_overlapping_rate_is_refused_with_input_kept(mfa_client, finance_admin):
    response = mfa_client(finance_admin).post("/finance/rates/new/", {
        "category": "single", "monthly_amount": "1000", "valid_from": "01/06/2024", "valid_to": "30/06/2024",
        "source": "x"})
    assert response.status_code == 422
    assert "bestaat er al een bedrag van deze categorie" in response.content.decode()


def test_correcting_a_rate_checks_the_version(mfa_client, finance_admin):
    rate = LeefloonRate.objects.get(category="family", valid_from=datetime.date(2025, 2, 1))
    client = mfa_client(finance_admin)
    data = {"version": rate.version, "category": "family", "monthly_amount": "1776,08", "valid_from": "01/02/2025",
            "source": rate.source}
    assert client.post(f"/finance/rates/{rate.pk}/", data).status_code == 302
    rate.refresh_from_db()
    assert rate.monthly_amount == Decimal("1776.08") and rate.version == 2
    assert client.post(f"/finance/rates/{rate.pk}/", {**data, "monthly_amount": "1"}).status_code == 422  # stale


@pytest.mark.parametrize("persona", ["counsellor", "director", "intake_officer", "team_lead"])
def test_only_the_finance_admin_changes_amounts(mfa_client, persona, request):
    user = request.getfixturevalue(persona)
    rate = LeefloonRate.objects.first()
    client = mfa_client(user)
    assert client.post("/finance/rates/new/", {"category": "single", "monthly_amount": "1",
                                               "valid_from": "01/01/2030", "source": "x"}).status_code == 403
    assert client.post(f"/finance/rates/{rate.pk}/", {"monthly_amount": "1"}).status_code == 403
    assert client.post("/finance/percentages/new/", {"percentage": "50"}).status_code == 403
    assert LeefloonRate.objects.filter(monthly_amount=1).count() == 0


def test_percentage_change_is_audited(mfa_client, finance_admin):
    response = mfa_client(finance_admin).post("/finance/percentages/new/", {
        "percentage": "20", "valid_from": "01/01/2027", "source": "besluit raad van bestuur"})
    assert response.status_code == 302
    first = ContributionPercentage.objects.get(valid_from=datetime.date(2024, 5, 1))
    assert first.valid_to == datetime.date(2026, 12, 31)
    assert AuditEvent.objects.filter(object_type="finance.contributionpercentage").count() == 2


def test_intake_officer_quote_in_plain_dutch(mfa_client, intake_officer):
    response = mfa_client(intake_officer).get("/finance/quote/", {"category": "single", "start": "10/03/2025",
                                                                  "end": "19/03/2025"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "€ 105,98" in body and "U betaalt 25 %" in body


def test_quote_without_rate_says_so(mfa_client, intake_officer):
    body = mfa_client(intake_officer).get("/finance/quote/", {"category": "single", "start": "01/01/2020",
                                                              "end": "02/01/2020"}).content.decode()
    assert "leefloonbedrag" in body


def test_counsellor_has_no_quote_screen(mfa_client, counsellor):
    assert mfa_client(counsellor).get("/finance/quote/").status_code == 404
    assert mfa_client(counsellor).get("/finance/").status_code == 404


def test_centre_account_iban_is_checked(mfa_client, finance_admin, centre):
    client = mfa_client(finance_admin)
    bad = client.post(f"/finance/settings/?centre={centre.pk}", {"version": 1, "iban": "BE00 1234",
                                                                  "payment_days": 30, "reminder_after_days": 15})
    assert bad.status_code == 422 and "geen geldig IBAN" in bad.content.decode()
    good = client.post(f"/finance/settings/?centre={centre.pk}", {
        "version": 1, "iban": "BE71 0961 2345 6769", "account_holder": "vzw Test", "payment_days": 30,
        "reminder_after_days": 15})
    assert good.status_code == 302
    assert CentreFinanceSettings.objects.get(centre=centre).iban == "BE71096123456769"


def test_other_centre_account_is_404(mfa_client, finance_admin, other_centre):
    assert mfa_client(finance_admin).get(f"/finance/settings/?centre={other_centre.pk}").status_code == 404


def test_a_rate_that_leaves_days_without_an_amount_is_refused_on_the_screen(mfa_client, finance_admin):
    response = mfa_client(finance_admin).post("/finance/rates/new/", {
        "category": "family", "monthly_amount": "1.700,00", "valid_from": "01/01/2024", "valid_to": "31/03/2024",
        "source": "POD MI"})
    assert response.status_code == 422
    body = response.content.decode()
    assert "Tussen 01/04/2024 en 30/04/2024 zou geen bedrag van deze categorie gelden" in body
    assert LeefloonRate.objects.filter(category="family").count() == 2
