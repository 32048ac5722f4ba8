"""Appointments: services, policy, day and week views, API."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from spalk.agenda import services
from spalk.agenda.models import Appointment
from spalk.agenda.tests.conftest import MONDAY, at
from spalk.api.services import api_token_create
from spalk.audit.models import AuditEvent
from spalk.core.errors import ConcurrentEditError, DomainError


def bearer(user):
    _t, raw = api_token_create(actor=user, user=user, name="t")
    return {"Authorization": f"Bearer {raw}"}


def test_create_writes_one_audit_event(consultation, family):
    event = AuditEvent.objects.get(action="create", object_type="agenda.appointment")
    assert event.family_id == family.pk and "title" in event.fields and "Zitting" not in str(event.extra)


def test_an_appointment_ends_after_it_starts(counsellor, family):
    with pytest.raises(DomainError) as err:
        services.appointment_create(actor=counsellor, family=family, data={
            "kind": "gp", "title": "Huisarts", "starts_at": at(MONDAY, 10), "ends_at": at(MONDAY, 9)})
    assert err.value.field == "ends_at"


def test_childcare_says_which_children(counsellor, family):
    with pytest.raises(DomainError) as err:
        services.appointment_create(actor=counsellor, family=family, data={
            "kind": "childcare", "title": "Opvang tijdens school", "starts_at": at(MONDAY, 8, 30),
            "ends_at": at(MONDAY, 12)})
    assert err.value.field == "persons"


def test_staff_of_another_centre_cannot_be_added(counsellor, family, outsider):
    with pytest.raises(DomainError) as err:
        services.appointment_create(actor=counsellor, family=family, data={
            "kind": "gp", "title": "Huisarts", "starts_at": at(MONDAY, 10), "ends_at": at(MONDAY, 11),
            "staff": [outsider]})
    assert err.value.field == "staff"


def test_update_needs_the_current_version(counsellor, consultation):
    services.appointment_update(actor=counsellor, appointment=consultation, data={"location": "Brugge"}, version=1)
    with pytest.raises(ConcurrentEditError):
        services.appointment_update(actor=counsellor, appointment=consultation, data={"location": "Gent"}, version=1)


def test_day_and_week_views(mfa_client, counsellor, consultation):
    client = mfa_client(counsellor)
    day = client.get(reverse("agenda:day")).content.decode()
    assert "Zitting jeugdrechtbank Brugge" in day and "opvang nodig" in day.lower()
    week = client.get(reverse("agenda:week"), {"start": (MONDAY + datetime.timedelta(days=3)).isoformat()})
    assert week.status_code == 200 and "Zitting jeugdrechtbank Brugge" in week.content.decode()
    assert AuditEvent.objects.filter(object_type="agenda.appointment", action="view").count() == 2


def test_others_do_not_see_the_appointment(mfa_client, outsider, colleague, consultation):
    for user in (outsider, colleague):  # other centre; same centre but not assigned and not in residence
        client = mfa_client(user)
        assert "Zitting" not in client.get(reverse("agenda:day")).content.decode()
        assert client.get(reverse("agenda:detail", args=[consultation.pk])).status_code == 404


def test_read_only_staff_cannot_plan(mfa_client, administrative, family, consultation):
    client = mfa_client(administrative)
    assert client.get(reverse("agenda:detail", args=[consultation.pk])).status_code == 200
    assert client.get(reverse("agenda:create", args=[family.pk])).status_code == 403
    assert client.post(reverse("agenda:cancel", args=[consultation.pk])).status_code == 403


def test_form_creates_and_keeps_input_on_error(mfa_client, counsellor, family, sarah):
    client = mfa_client(counsellor)
    url = reverse("agenda:create", args=[family.pk])
    bad = client.post(url, {"kind": "gp", "title": "Huisarts Noor", "starts_at": "2026-03-10T10:00",
                            "ends_at": "2026-03-10T09:00", "persons": [sarah.pk]})
    assert bad.status_code == 200 and "Huisarts Noor" in bad.content.decode()
    ok = client.post(url, {"kind": "gp", "title": "Huisarts Noor", "starts_at": "2026-03-10T10:00",
                           "ends_at": "2026-03-10T10:30", "persons": [sarah.pk], "staff": [counsellor.pk]})
    appointment = Appointment.objects.get(title="Huisarts Noor")
    assert ok.status_code == 302 and list(appointment.persons.all()) == [sarah]


def test_cancel(mfa_client, counsellor, consultation):
    mfa_client(counsellor).post(reverse("agenda:cancel", args=[consultation.pk]))
    consultation.refresh_from_db()
    assert consultation.cancelled_at is not None


def test_api_create_list_patch(client, counsellor, family, sarah):
    auth = bearer(counsellor)
    created = client.post("/api/v1/agenda/appointments", {
        "family_id": family.pk, "kind": "kg_consultation", "title": "Consult K&G",
        "starts_at": "2026-03-11T09:00:00+01:00", "ends_at": "2026-03-11T09:30:00+01:00", "person_ids": [sarah.pk],
        "staff_ids": [counsellor.pk]},
        content_type="application/json", headers=auth)
    assert created.status_code == 201, created.content
    body = created.json()
    listed = client.get("/api/v1/agenda/appointments", {"start": "2026-03-09", "end": "2026-03-16"}, headers=auth)
    assert [a["id"] for a in listed.json()] == [body["id"]]
    patched = client.patch(f"/api/v1/agenda/appointments/{body['id']}",
                           {"version": 1, "location": "Consultatiebureau"}, content_type="application/json",
                           headers=auth)
    assert patched.json()["version"] == 2
    stale = client.patch(f"/api/v1/agenda/appointments/{body['id']}", {"version": 1, "location": "x"},
                         content_type="application/json", headers=auth)
    assert stale.status_code == 409


def test_api_outsider_404_and_foreign_person_422(client, outsider, counsellor, family, other_family, consultation):
    assert client.get(f"/api/v1/agenda/appointments/{consultation.pk}", headers=bearer(outsider)).status_code == 404
    from spalk.testing.factories import FamilyMemberFactory

    stranger = FamilyMemberFactory(family=other_family).person
    response = client.post("/api/v1/agenda/appointments", {
        "family_id": family.pk, "kind": "gp", "title": "x", "starts_at": "2026-03-11T09:00:00+01:00",
        "ends_at": "2026-03-11T09:30:00+01:00", "person_ids": [stranger.pk]}, content_type="application/json",
        headers=bearer(counsellor))
    assert response.status_code == 422


def test_day_view_query_count_is_flat(mfa_client, counsellor, family, sarah, consultation,
                                      django_assert_max_num_queries):
    client = mfa_client(counsellor)
    with django_assert_max_num_queries(40) as one:
        client.get(reverse("agenda:day"))
    for i in range(5):
        services.appointment_create(actor=counsellor, family=family, data={
            "kind": "school", "title": f"School {i}", "starts_at": at(MONDAY, 13 + i), "ends_at": at(MONDAY, 14 + i),
            "persons": [sarah], "staff": [counsellor]})
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("agenda:day"))


def test_start_screen_lists_todays_appointments(counsellor, consultation):
    from spalk.home.registry import visible_work_items

    item = next(i for i in visible_work_items(user=counsellor) if i.key == "agenda.today")
    assert item.count == 1 and "Zitting" in item.rows[0].label


def test_junk_dates_do_not_break_the_views(mfa_client, counsellor):
    client = mfa_client(counsellor)
    for params in ({"day": "9999-12-31"}, {"day": "0001-01-01"}, {"day": "gisteren"}):
        assert client.get(reverse("agenda:day"), params).status_code == 200
    assert client.get(reverse("agenda:week"), {"start": "9999-12-31"}).status_code == 200
