"""The growth-measurement contract of issue 13: POST and GET /api/v1/persons/{person_id}/growth-measurements."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from spalk.api.services import api_token_create
from spalk.audit.models import AuditAction, AuditEvent
from spalk.health import growth
from spalk.health.models import GrowthMeasurement

pytestmark = pytest.mark.django_db
FIELDS = {"id", "person_id", "date", "weight_kg", "length_cm", "head_circumference_cm", "age_days",
          "weight_for_age_z", "length_for_age_z", "head_circumference_for_age_z", "weight_for_length_z",
          "bmi_for_age_z"}


def token_of(user) -> dict:
    _token, raw = api_token_create(actor=user, user=user, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def url(person) -> str:
    return f"/api/v1/persons/{person.pk}/growth-measurements"


def post(client, person, headers, **body):
    return client.post(url(person), body, content_type="application/json", **headers)


def test_post_answers_201_with_the_stored_measurement_and_z_scores(client, health_coordinator, child):
    day = child.birth_date + datetime.timedelta(days=120)
    response = post(client, child, token_of(health_coordinator), date=day.isoformat(), weight_kg=6.1,
                    length_cm=61.5, head_circumference_cm=40.2)
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == FIELDS
    assert body["age_days"] == 120 and body["date"] == day.isoformat() and body["person_id"] == child.pk
    assert body["weight_kg"] == 6.1 and body["length_cm"] == 61.5 and body["head_circumference_cm"] == 40.2
    expected = growth.z_scores(sex="f", birth_date=child.birth_date, measured_on=day, weight_kg=None,
                               length_cm=None, head_circumference_cm=None)
    assert expected.age_days == 120
    for name in FIELDS - {"id", "person_id", "date", "weight_kg", "length_cm", "head_circumference_cm", "age_days"}:
        assert isinstance(body[name], float) and round(body[name], 2) == body[name]
    stored = GrowthMeasurement.objects.get(pk=body["id"])
    assert float(stored.weight_for_age_z) == body["weight_for_age_z"]
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="health.growthmeasurement").count() == 1


def test_nulls_where_nothing_can_be_computed(client, health_coordinator, child):
    child.sex = "x"
    child.save()
    response = post(client, child, token_of(health_coordinator), date=timezone.localdate().isoformat(),
                    weight_kg=7.0, length_cm=None, head_circumference_cm=None)
    assert response.status_code == 201
    body = response.json()
    assert body["length_cm"] is None and body["head_circumference_cm"] is None
    assert all(body[k] is None for k in ("weight_for_age_z", "length_for_age_z", "head_circumference_for_age_z",
                                         "weight_for_length_z", "bmi_for_age_z"))


def test_only_weight_gives_only_weight_for_age(client, health_coordinator, child):
    body = post(client, child, token_of(health_coordinator), date=timezone.localdate().isoformat(),
                weight_kg=7.0).json()
    assert body["weight_for_age_z"] is not None
    assert body["length_for_age_z"] is None and body["weight_for_length_z"] is None and body["bmi_for_age_z"] is None


@pytest.mark.parametrize(("body", "field"), [
    ({"date": "1999-01-01", "weight_kg": 5.0}, "date"),
    ({"date": (timezone.localdate() + datetime.timedelta(days=1)).isoformat(), "weight_kg": 5.0}, "date"),
    ({"weight_kg": -1.0}, "weight_kg"),
    ({"weight_kg": 900.0}, "weight_kg"),
    ({"length_cm": -60.0}, "length_cm"),
    ({"length_cm": 2000.0}, "length_cm"),
    ({"head_circumference_cm": 0.0}, "head_circumference_cm"),
    ({"weight_kg": None, "length_cm": None, "head_circumference_cm": None}, "weight_kg"),
])
def test_422_in_dutch(client, health_coordinator, child, body, field):
    payload = {"date": timezone.localdate().isoformat(), **body}
    response = post(client, child, token_of(health_coordinator), **payload)
    assert response.status_code == 422, response.content
    detail = response.json()["detail"]
    assert any(d["field"] == field for d in detail)
    message = next(d["msg"] for d in detail if d["field"] == field)
    assert any(word in message for word in ("Geef", "datum", "geboorte", "toekomst")), message
    assert not GrowthMeasurement.objects.exists()


def test_422_for_a_date_that_is_not_a_date(client, health_coordinator, child):
    response = post(client, child, token_of(health_coordinator), date="gisteren", weight_kg=5)
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "Geef een datum in als JJJJ-MM-DD."


def test_get_lists_them_oldest_first(client, health_coordinator, child):
    headers = token_of(health_coordinator)
    for days in (60, 30, 90):
        post(client, child, headers, date=(child.birth_date + datetime.timedelta(days=days)).isoformat(),
             weight_kg=4 + days / 30)
    response = client.get(url(child), **headers)
    assert response.status_code == 200
    assert [m["age_days"] for m in response.json()] == [30, 60, 90]
    assert set(response.json()[0]) == FIELDS


def test_counsellor_reads_only_shared_and_cannot_post(client, counsellor, health_coordinator, child):
    headers = token_of(health_coordinator)
    post(client, child, headers, date=timezone.localdate().isoformat(), weight_kg=7.0)
    GrowthMeasurement.objects.create(family=child.memberships.first().family, person=child,
                                     measured_on=child.birth_date, weight_kg=3, age_days=0, shared_with_team=True)
    theirs = token_of(counsellor)
    assert [m["age_days"] for m in client.get(url(child), **theirs).json()] == [0]
    assert post(client, child, theirs, date=timezone.localdate().isoformat(), weight_kg=7.0).status_code == 403


@pytest.mark.parametrize("persona", ["night_staff", "outsider", "colleague"])
def test_others_get_404(client, request, child, persona):
    user = request.getfixturevalue(persona)
    headers = token_of(user)
    assert client.get(url(child), **headers).status_code == 404
    assert post(client, child, headers, date=timezone.localdate().isoformat(), weight_kg=7.0).status_code == 404


@pytest.mark.parametrize("persona", ["director", "intake_officer", "administrative"])
def test_who_sees_the_family_but_not_its_health_gets_403(client, request, child, persona):
    user = request.getfixturevalue(persona)
    headers = token_of(user)
    assert client.get(url(child), **headers).status_code == 403
    assert post(client, child, headers, date=timezone.localdate().isoformat(), weight_kg=7.0).status_code == 403


def test_list_query_count_is_flat(client, health_coordinator, child, django_assert_max_num_queries):
    headers = token_of(health_coordinator)
    post(client, child, headers, date=timezone.localdate().isoformat(), weight_kg=7.0)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url(child), **headers)
    for days in range(1, 20):
        post(client, child, headers, date=(child.birth_date + datetime.timedelta(days=days)).isoformat(),
             weight_kg=3.5)
    with CaptureQueriesContext(connection) as twenty:
        assert len(client.get(url(child), **headers).json()) == 20
    assert len(twenty.captured_queries) == len(one.captured_queries)


def test_get_leaves_one_read_event(client, health_coordinator, child):
    headers = token_of(health_coordinator)
    response = client.get(url(child), **headers)
    assert AuditEvent.objects.filter(request_id=response["X-Request-ID"], action=AuditAction.VIEW).count() == 1
