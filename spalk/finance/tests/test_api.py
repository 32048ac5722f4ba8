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
