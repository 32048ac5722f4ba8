"""/api/v1 for the health records beyond growth (issue 13): read and write through the policy, Dutch 422, 409 on a
version conflict, 403 for a family one sees but whose health one may not, 404 otherwise; corrections without
deletion; flat query counts."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from spalk.audit.models import AuditAction, AuditEvent
from spalk.health.models import Allergy, GrowthMeasurement, Medication, MedicationAdministration, VaccinationDose
from spalk.health.tests.test_api_growth import token_of

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def api(client, method, path, headers, body=None):
    call = getattr(client, method)
    if body is None:
        return call(f"/api/v1{path}", **headers)
    return call(f"/api/v1{path}", body, content_type="application/json", **headers)


@pytest.fixture
def hc(health_coordinator):
    return token_of(health_coordinator)


def test_pregnancy_and_its_consultations(client, hc, mother):
    expected = TODAY() + datetime.timedelta(days=90)
    created = api(client, "post", f"/persons/{mother.pk}/pregnancies", hc, {"expected_date": expected.isoformat(),
                                                                           "risks": "Hoge bloeddruk"})
    assert created.status_code == 201
    pregnancy = created.json()
    assert pregnancy["gestational_age_today"] == "27+1" and pregnancy["unborn_person_id"]
    consult = api(client, "post", f"/persons/{mother.pk}/consultations", hc, {
        "held_on": TODAY().isoformat(), "pregnancy_id": pregnancy["id"], "notes": "Bloeddruk 130/85"})
    assert consult.status_code == 201 and consult.json()["kind"] == "prenatal"
    detail = api(client, "get", f"/health/pregnancies/{pregnancy['id']}", hc).json()
    assert [c["notes"] for c in detail["consultations"]] == ["Bloeddruk 130/85"]
    assert len(api(client, "get", f"/persons/{mother.pk}/pregnancies", hc).json()) == 1
    changed = api(client, "patch", f"/health/pregnancies/{pregnancy['id']}", hc, {
        "expected_date": expected.isoformat(), "risks": "Geen meer", "version": pregnancy["version"]})
    assert changed.status_code == 200 and changed.json()["risks"] == "Geen meer"
    stale = api(client, "patch", f"/health/pregnancies/{pregnancy['id']}", hc, {
        "expected_date": expected.isoformat(), "risks": "Toch", "version": pregnancy["version"]})
    assert stale.status_code == 409
    wrong_date = api(client, "post", f"/persons/{mother.pk}/consultations", hc, {"held_on": "2026-02-30"})
    assert wrong_date.status_code == 422


def test_vaccinations_show_given_due_and_overdue(client, hc, child):
    given = child.birth_date + datetime.timedelta(weeks=8)
    assert api(client, "post", f"/persons/{child.pk}/vaccinations", hc, {
        "vaccine": "hexa", "dose_number": 1, "given_on": given.isoformat(), "product": "Hexyon"}).status_code == 201
    body = api(client, "get", f"/persons/{child.pk}/vaccinations", hc).json()
    statuses = {(s["vaccine"], s["dose_number"]): s["status"] for s in body["schedule"]}
    assert statuses[("hexa", 1)] == "given" and statuses[("pcv", 1)] == "overdue"  # the child is 200 days old
    again = api(client, "post", f"/persons/{child.pk}/vaccinations", hc, {
        "vaccine": "hexa", "dose_number": 1, "given_on": given.isoformat()})
    assert again.status_code == 422 and again.json()["detail"][0]["msg"] == "Deze dosis is al geregistreerd."


def test_medication_change_stop_and_log(client, hc, counsellor, child):
    created = api(client, "post", f"/persons/{child.pk}/medications", hc, {
        "name": "Paracetamol", "dose": "2,5 ml", "start_on": TODAY().isoformat(), "times": "08:00 20:00"})
    assert created.status_code == 201
    medication = created.json()
    assert medication["times"] == ["08:00", "20:00"]
    patched = api(client, "patch", f"/health/medications/{medication['id']}", hc, {
        "name": "Paracetamol", "dose": "5 ml", "start_on": TODAY().isoformat(), "times": "08:00",
        "version": medication["version"]})
    assert patched.status_code == 200 and patched.json()["dose"] == "5 ml"
    assert api(client, "patch", f"/health/medications/{medication['id']}", hc, {
        "name": "X", "dose": "1", "start_on": TODAY().isoformat(), "version": medication["version"]}).status_code \
        == 409
    bad = api(client, "post", f"/health/medications/{medication['id']}/administrations", hc,
              {"status": "not_given"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["msg"] == "Zeg waarom de dosis niet gegeven werd."
    logged = api(client, "post", f"/health/medications/{medication['id']}/administrations", token_of(counsellor),
                 {"status": "given"})
    assert logged.status_code == 201
    log = api(client, "get", f"/health/medications/{medication['id']}/administrations", hc).json()
    assert [line["status"] for line in log] == ["given"]
    stopped = api(client, "post", f"/health/medications/{medication['id']}/stop", hc, {
        "end_on": TODAY().isoformat(), "version": patched.json()["version"]})
    assert stopped.status_code == 200 and stopped.json()["end_on"] == TODAY().isoformat()


def test_allergies_milestones_and_gordon(client, hc, child, mother):
    allergy = api(client, "post", f"/persons/{child.pk}/allergies", hc, {"substance": "Pinda", "severity": "severe"})
    assert allergy.status_code == 201
    ended = api(client, "post", f"/health/allergies/{allergy.json()['id']}/end", hc, {
        "resolved_on": TODAY().isoformat(), "version": allergy.json()["version"]})
    assert ended.status_code == 200 and ended.json()["is_active"] is False
    unknown = api(client, "post", f"/persons/{child.pk}/milestones", hc, {
        "milestone": "flying", "observed_on": TODAY().isoformat(), "status": "not_yet"})
    assert unknown.status_code == 422 and "Kies een mijlpaal" in unknown.json()["detail"][0]["msg"]
    assert api(client, "post", f"/persons/{child.pk}/milestones", hc, {
        "milestone": "sitting-without-support", "observed_on": TODAY().isoformat(), "status": "achieved",
        "achieved_on": TODAY().isoformat(), "note": "Zit stevig."}).status_code == 201
    rows = api(client, "get", f"/persons/{child.pk}/milestones", hc).json()
    sitting = next(r for r in rows if r["code"] == "sitting-without-support")
    assert (sitting["window_start_months"], sitting["window_end_months"]) == (3.8, 9.2)
    assert sitting["flag"] == "on_time" and sitting["observations"][0]["note"] == "Zit stevig."
    gordon = api(client, "post", f"/persons/{mother.pk}/gordon-assessments", hc, {
        "assessed_on": TODAY().isoformat(), "answers": {"sleep": {"observation": "Slaapt slecht", "concern": True}}})
    assert gordon.status_code == 201
    detail = api(client, "get", f"/health/gordon-assessments/{gordon.json()['id']}", hc).json()
    assert next(p for p in detail["patterns"] if p["code"] == "sleep")["concern"] is True


def test_corrections_through_the_api(client, hc, health_coordinator, child):
    body = {"date": TODAY().isoformat(), "weight_kg": 70.0}
    measurement = client.post(f"/api/v1/persons/{child.pk}/growth-measurements", body,
                              content_type="application/json", **hc).json()
    no_reason = api(client, "post", f"/health/records/measurements/{measurement['id']}/error", hc, {"reason": " "})
    assert no_reason.status_code == 422 and no_reason.json()["detail"][0]["field"] == "reason"
    marked = api(client, "post", f"/health/records/measurements/{measurement['id']}/error", hc,
                 {"reason": "Komma vergeten", "version": 1})
    assert marked.status_code == 200 and marked.json()["entered_in_error"]["reason"] == "Komma vergeten"
    assert GrowthMeasurement.objects.filter(pk=measurement["id"]).exists()
    listed = client.get(f"/api/v1/persons/{child.pk}/growth-measurements", **hc).json()
    assert listed == []  # the growth contract: entered in error is no longer a measurement
    allergy = api(client, "post", f"/persons/{child.pk}/allergies", hc, {"substance": "Ei"}).json()
    missing = api(client, "post", f"/health/records/allergies/{allergy['id']}/withhold", hc,
                  {"withheld": True, "version": allergy["version"]})
    assert missing.status_code == 422 and missing.json()["detail"][0]["field"] == "withheld_reason"
    withheld = api(client, "post", f"/health/records/allergies/{allergy['id']}/withhold", hc,
                   {"withheld": True, "reason": "court", "version": allergy["version"]})
    assert withheld.status_code == 200 and Allergy.objects.get(pk=allergy["id"]).withheld_from_family
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, object_type="health.allergy").count() == 1
    assert api(client, "post", f"/health/records/nonsense/{allergy['id']}/error", hc,
               {"reason": "x"}).status_code == 404
    assert api(client, "post", f"/health/records/administrations/{allergy['id']}/withhold", hc,
               {"withheld": False, "version": 1}).status_code == 404


@pytest.mark.parametrize(("persona", "status"), [("director", 403), ("administrative", 403), ("outsider", 404),
                                                 ("colleague", 404)])
def test_who_may_not_read_health(client, request, health_coordinator, family, child, persona, status):
    user = request.getfixturevalue(persona)
    headers = token_of(user)
    medication = Medication.objects.create(family=family, person=child,
                                           name="Vitamine D", dose="1", start_on=TODAY(), shared_with_team=True)
    for path in (f"/persons/{child.pk}/medications", f"/persons/{child.pk}/vaccinations",
                 f"/persons/{child.pk}/milestones", f"/health/medications/{medication.pk}"):
        assert api(client, "get", path, headers).status_code == status, (persona, path)
    assert api(client, "post", f"/persons/{child.pk}/allergies", headers, {"substance": "Ei"}).status_code == status


def test_a_counsellor_reads_what_is_shared_but_does_not_write(client, counsellor, health_coordinator, family, child):
    Medication.objects.create(family=family, person=child, name="Gedeeld", dose="1", start_on=TODAY(),
                              shared_with_team=True)
    Medication.objects.create(family=family, person=child, name="Niet gedeeld", dose="1", start_on=TODAY())
    headers = token_of(counsellor)
    assert [m["name"] for m in api(client, "get", f"/persons/{child.pk}/medications", headers).json()] == ["Gedeeld"]
    assert api(client, "post", f"/persons/{child.pk}/allergies", headers, {"substance": "Ei"}).status_code == 403


def test_night_staff_log_a_dose_through_the_api_and_nothing_else(client, night_staff, health_coordinator, resident,
                                                                 child):
    medication = Medication.objects.create(family=resident, person=child, name="Ibuprofen", dose="2 ml",
                                           start_on=TODAY(), times="03:00", shared_with_team=True)
    headers = token_of(night_staff)
    assert api(client, "get", f"/health/medications/{medication.pk}", headers).status_code == 200
    assert api(client, "post", f"/health/medications/{medication.pk}/administrations", headers, {
        "status": "not_given", "note": "Sliep diep"}).status_code == 201
    assert MedicationAdministration.objects.filter(given_by=night_staff).count() == 1
    assert api(client, "get", f"/persons/{child.pk}/medications", headers).status_code == 403
    assert api(client, "patch", f"/health/medications/{medication.pk}", headers, {
        "name": "X", "dose": "1", "start_on": TODAY().isoformat(), "version": 1}).status_code == 403


@pytest.mark.parametrize("path", ["medications", "allergies", "vaccinations", "milestones", "gordon-assessments"])
def test_list_query_counts_are_flat(client, hc, health_coordinator, family, child, path):
    def add(first, last):
        for i in range(first, last + 1):
            Medication.objects.create(family=family, person=child, name=f"M{i}", dose="1", start_on=TODAY())
            Allergy.objects.create(family=family, person=child, substance=f"A{i}")
            VaccinationDose.objects.create(family=family, person=child, vaccine="hexa", dose_number=i,
                                           given_on=child.birth_date + datetime.timedelta(days=60 + i))

    add(1, 1)
    api(client, "get", f"/persons/{child.pk}/{path}", hc)  # warm the token's last-use write
    with CaptureQueriesContext(connection) as one:
        api(client, "get", f"/persons/{child.pk}/{path}", hc)
    add(2, 5)
    with CaptureQueriesContext(connection) as many:
        api(client, "get", f"/persons/{child.pk}/{path}", hc)
    assert len(many.captured_queries) == len(one.captured_queries)
