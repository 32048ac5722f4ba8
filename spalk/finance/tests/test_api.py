"""The public contracts of issue 14: the quote, the rates and the percentages (exact shapes, Dutch 422s)."""

from __future__ import annotations

import pytest

QUOTE = "/api/v1/finance/contribution-quote"


def post(client, headers, body):
    return client.post(QUOTE, body, content_type="application/json", **headers)


@pytest.mark.django_db
def test_quote_contract(client, intake_officer, token_for):
    response = post(client, token_for(intake_officer), {"category": "single", "from": "2025-01-25", "to": "2025-02-05"})
    assert response.status_code == 200
    assert response.json() == {"months": [{"month": "2025-01", "days": 7, "amount": "72.74"},
                                          {"month": "2025-02", "days": 5, "amount": "58.67"}],
                               "total": "131.41"}


@pytest.mark.django_db
@pytest.mark.parametrize(("body", "field", "words"), [
    ({"category": "single", "from": "2025-03-10", "to": "2025-03-01"}, "to", "voor de eerste dag"),
    ({"category": "rich", "from": "2025-03-01", "to": "2025-03-02"}, "category", "Onbekende categorie"),
    ({"category": "single", "from": "2020-01-01", "to": "2020-01-02"}, "from", "leefloonbedrag"),
    ({"category": "single", "to": "2020-01-02"}, "from", "verplicht"),
    ({"category": "single", "from": "2020-13-01", "to": "2020-01-02"}, "from", "datum"),
])
def test_quote_refusals_are_dutch_422s(client, intake_officer, token_for, body, field, words):
    response = post(client, token_for(intake_officer), body)
    assert response.status_code == 422, response.content
    detail = response.json()["detail"]
    assert detail[0]["field"] == field
    assert words in detail[0]["msg"], detail


@pytest.mark.django_db
def test_only_roles_that_quote_get_a_quote(client, counsellor, director, finance_admin, token_for):
    body = {"category": "single", "from": "2025-03-01", "to": "2025-03-31"}
    assert post(client, token_for(counsellor), body).status_code == 403
    assert post(client, token_for(director), body).status_code == 200
    assert post(client, token_for(finance_admin), body).json()["total"] == "328.55"
    assert post(client, {}, body).status_code == 401


@pytest.mark.django_db
def test_rates_contract(client, counsellor, token_for):
    response = client.get("/api/v1/finance/leefloon-rates", **token_for(counsellor))
    assert response.status_code == 200
    rows = response.json()
    assert {"category": "single", "monthly_amount": "1288.46", "valid_from": "2024-05-01",
            "valid_to": "2025-01-31"} in rows
    assert {"category": "family", "monthly_amount": "1776.07", "valid_from": "2025-02-01", "valid_to": None} in rows
    assert len(rows) == 6 and set(rows[0]) == {"category", "monthly_amount", "valid_from", "valid_to"}


@pytest.mark.django_db
def test_percentages_contract(client, counsellor, token_for):
    response = client.get("/api/v1/finance/contribution-percentages", **token_for(counsellor))
    assert response.status_code == 200
    assert response.json() == [{"percentage": "25.00", "valid_from": "2024-05-01", "valid_to": None}]


RATES = "/api/v1/finance/leefloon-rates"
PERCENTAGES = "/api/v1/finance/contribution-percentages"


@pytest.mark.django_db
def test_finance_admin_posts_a_new_dated_rate(client, finance_admin, token_for):
    import datetime

    from spalk.audit.models import AuditEvent
    from spalk.finance.models import LeefloonRate

    headers = token_for(finance_admin)
    response = client.post(RATES, {"category": "single", "monthly_amount": "1340.50", "valid_from": "2026-03-01",
                                   "source": "POD MI, indexering 1 maart 2026"},
                           content_type="application/json", **headers)
    assert response.status_code == 201, response.content
    assert response.json() == {"category": "single", "monthly_amount": "1340.50", "valid_from": "2026-03-01",
                               "valid_to": None}
    # the open amount of the category ends the day before, and the list (the contract) shows both
    rows = client.get(RATES, **headers).json()
    assert {"category": "single", "monthly_amount": "1314.20", "valid_from": "2025-02-01",
            "valid_to": "2026-02-28"} in rows
    assert len(rows) == 7 and all(set(r) == {"category", "monthly_amount", "valid_from", "valid_to"} for r in rows)
    new = LeefloonRate.objects.get(valid_from=datetime.date(2026, 3, 1))
    assert new.created_by == finance_admin and new.source == "POD MI, indexering 1 maart 2026"
    assert AuditEvent.objects.filter(object_type="finance.leefloonrate", actor=finance_admin).count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(("body", "field", "code", "words"), [
    # overlaps the closed amount of 2024–2025
    ({"category": "single", "monthly_amount": "1000", "valid_from": "2024-06-01", "valid_to": "2024-06-30"},
     "valid_from", "overlap", "bestaat er al een bedrag van deze categorie"),
    # ends a month before the first known amount (01/05/2024): April 2024 would have none
    ({"category": "family", "monthly_amount": "1700", "valid_from": "2024-01-01", "valid_to": "2024-03-31"},
     "valid_from", "gap", "01/04/2024"),
    ({"category": "single", "monthly_amount": "1000", "valid_from": "2026-05-01", "valid_to": "2026-04-01"},
     "valid_to", "to_before_from", "einddatum"),
    ({"category": "rich", "monthly_amount": "1000", "valid_from": "2026-05-01"}, "category", "unknown_category",
     "Onbekende categorie"),
    ({"category": "single", "monthly_amount": "-5", "valid_from": "2026-05-01"}, "monthly_amount",
     "greater_than_equal", "te klein"),
])
def test_rate_refusals_are_dutch_422s(client, finance_admin, token_for, body, field, code, words):
    from spalk.finance.models import LeefloonRate

    response = client.post(RATES, {"source": "POD MI", **body}, content_type="application/json",
                           **token_for(finance_admin))
    assert response.status_code == 422, response.content
    detail = response.json()["detail"][0]
    assert (detail["field"], detail["type"]) == (field, code) and words in detail["msg"], detail
    assert LeefloonRate.objects.count() == 6  # nothing written, the open row not closed either


@pytest.mark.django_db
def test_percentage_post_and_its_refusals(client, finance_admin, token_for):
    from spalk.audit.models import AuditEvent

    headers = token_for(finance_admin)

    def post(body):
        return client.post(PERCENTAGES, {"source": "besluit raad van bestuur", **body},
                           content_type="application/json", **headers)

    gap = post({"percentage": "20", "valid_from": "2024-01-01", "valid_to": "2024-03-31"})
    assert gap.status_code == 422 and gap.json()["detail"][0]["type"] == "gap"
    assert "percentage" in gap.json()["detail"][0]["msg"]
    assert post({"percentage": "120", "valid_from": "2027-01-01"}).status_code == 422
    response = post({"percentage": "20", "valid_from": "2027-01-01"})
    assert response.status_code == 201
    assert response.json() == {"percentage": "20.00", "valid_from": "2027-01-01", "valid_to": None}
    assert client.get(PERCENTAGES, **headers).json() == [
        {"percentage": "25.00", "valid_from": "2024-05-01", "valid_to": "2026-12-31"},
        {"percentage": "20.00", "valid_from": "2027-01-01", "valid_to": None}]
    # 22 % for the second half of 2027 only would leave 2028 without a percentage
    tail = post({"percentage": "22", "valid_from": "2027-06-01", "valid_to": "2027-12-31"})
    assert tail.status_code == 422 and tail.json()["detail"][0]["type"] == "gap"
    assert "01/01/2028" in tail.json()["detail"][0]["msg"]
    assert post({"percentage": "22", "valid_from": "2026-06-01", "valid_to": "2026-07-31"}).json()[
        "detail"][0]["type"] == "overlap"
    assert AuditEvent.objects.filter(object_type="finance.contributionpercentage").count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["counsellor", "director", "team_lead", "intake_officer", "night_staff",
                                     "installation_admin"])
def test_only_the_finance_admin_posts_amounts(client, request, token_for, persona):
    from spalk.finance.models import ContributionPercentage, LeefloonRate

    headers = token_for(request.getfixturevalue(persona))
    assert client.post(RATES, {"category": "single", "monthly_amount": "1", "valid_from": "2030-01-01",
                               "source": "x"}, content_type="application/json", **headers).status_code == 403
    assert client.post(PERCENTAGES, {"percentage": "50", "valid_from": "2030-01-01", "source": "x"},
                       content_type="application/json", **headers).status_code == 403
    assert LeefloonRate.objects.count() == 6 and ContributionPercentage.objects.count() == 1


@pytest.mark.django_db
def test_a_read_only_token_cannot_post_a_rate(client, finance_admin):
    from spalk.api.services import api_token_create

    _token, raw = api_token_create(actor=finance_admin, user=finance_admin, name="lezen", read_only=True)
    response = client.post(RATES, {"category": "single", "monthly_amount": "1", "valid_from": "2030-01-01",
                                   "source": "x"}, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 403
