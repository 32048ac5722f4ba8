"""Corrections (issue 13): entered in error with a reason (never a deletion; hidden from charts, z-score lists,
vaccination status and summary; shown as such), the withholding mark on health records, changing and stopping a
medication, ending an allergy — each through a Dutch form screen with optimistic locking and one audit row."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from spalk.access.policy import access_health_person, visible_health
from spalk.audit.models import AuditAction, AuditEvent
from spalk.health import selectors, services
from spalk.health.models import Allergy, GrowthMeasurement, Medication, MedicationAdministration, VaccinationDose

pytestmark = pytest.mark.django_db


def _access(user, person):
    return access_health_person(user=user, person_id=person.pk)


def _measure(user, child, days, weight):
    return services.growth_measurement_add(actor=user, access=_access(user, child), data=services.GrowthInput(
        measured_on=child.birth_date + datetime.timedelta(days=days), weight_kg=Decimal(weight)))


def _updates(record) -> int:
    return AuditEvent.objects.filter(action=AuditAction.UPDATE, object_type=record._meta.label_lower,
                                     object_id=str(record.pk)).count()


def test_a_measurement_entered_in_error_stays_but_leaves_the_chart_and_lists(mfa_client, health_coordinator,
                                                                             child):
    _measure(health_coordinator, child, 30, "4.1")
    wrong = _measure(health_coordinator, child, 60, "41.0")
    client = mfa_client(health_coordinator)
    url = f"/health/measurements/{wrong.pk}/error/"
    assert client.get(url).status_code == 200
    data = {"reason": "Komma vergeten: 4,10 kg.", "version": wrong.version}
    ask = client.post(url, data)
    assert 'name="confirmed"' in ask.content.decode()  # it asks first
    assert client.post(url, {**data, "confirmed": "1"}).status_code == 302
    wrong.refresh_from_db()
    assert wrong.error_at is not None and wrong.error_by == health_coordinator
    assert wrong.error_reason == "Komma vergeten: 4,10 kg."
    assert GrowthMeasurement.objects.filter(pk=wrong.pk).exists()  # never deleted
    assert _updates(wrong) == 1
    page = client.get(f"/health/persons/{child.pk}/growth/").content.decode()
    assert page.count("<circle") == 1  # only the right measurement is plotted
    assert "Komma vergeten" in page and "Metingen ingevoerd in vergissing" in page
    from spalk.health.tests.test_api_growth import token_of

    api = client.get(f"/api/v1/persons/{child.pk}/growth-measurements", **token_of(health_coordinator)).json()
    assert len(api) == 1 and wrong.pk not in [m["id"] for m in api]
    health = selectors.person_health(user=health_coordinator, access=_access(health_coordinator, child))
    assert wrong not in health.measurements and wrong in health.in_error
    person_page = client.get(f"/health/persons/{child.pk}/").content.decode()
    assert "Ingevoerd in vergissing" in person_page and "Komma vergeten" in person_page


def test_the_reason_is_required_and_a_second_mark_is_refused(mfa_client, health_coordinator, child):
    wrong = _measure(health_coordinator, child, 60, "6.0")
    client = mfa_client(health_coordinator)
    url = f"/health/measurements/{wrong.pk}/error/"
    page = client.post(url, {"reason": "  ", "version": wrong.version, "confirmed": "1"})
    assert page.status_code == 200 and "Dit veld is verplicht" in page.content.decode()
    client.post(url, {"reason": "Dubbel ingevoerd.", "version": wrong.version, "confirmed": "1"})
    wrong.refresh_from_db()
    again = client.post(url, {"reason": "Nog eens.", "version": wrong.version, "confirmed": "1"})
    assert "Gemarkeerd als vergissing op" in again.content.decode()
    assert _updates(wrong) == 1


def test_a_stale_version_is_a_conflict(mfa_client, health_coordinator, child):
    wrong = _measure(health_coordinator, child, 60, "6.0")
    page = mfa_client(health_coordinator).post(f"/health/measurements/{wrong.pk}/error/", {
        "reason": "Verkeerd kind.", "version": wrong.version + 5, "confirmed": "1"})
    assert page.status_code == 200 and "intussen" in page.content.decode()
    wrong.refresh_from_db()
    assert wrong.error_at is None


def test_a_vaccination_in_error_no_longer_counts_and_can_be_recorded_again(health_coordinator, child):
    from spalk.health.corrections import record_mark_error

    access = _access(health_coordinator, child)
    given_on = child.birth_date + datetime.timedelta(days=60)
    dose = services.vaccination_add(actor=health_coordinator, access=access, data=services.VaccinationInput(
        vaccine="hexa", dose_number=1, given_on=given_on))
    record_mark_error(actor=health_coordinator, record=dose, reason="Was de pneumokokkenprik.", version=dose.version)
    statuses = selectors.vaccination_status(user=health_coordinator, access=access, today=timezone.localdate())
    hexa1 = next(s for s in statuses if s.dose.vaccine == "hexa" and s.dose.number == 1)
    assert hexa1.given is None
    services.vaccination_add(actor=health_coordinator, access=access, data=services.VaccinationInput(
        vaccine="hexa", dose_number=1, given_on=given_on))
    assert VaccinationDose.objects.filter(person=child).count() == 2


def test_an_administration_in_error_makes_the_dose_missing_again(mfa_client, health_coordinator, counsellor,
                                                                child):
    access = _access(health_coordinator, child)
    now = timezone.localtime()
    medication = services.medication_add(actor=health_coordinator, access=access, data=services.MedicationInput(
        name="Paracetamol", dose="2,5 ml", start_on=now.date(), times=f"{now:%H:%M}"))
    at = now.replace(second=0, microsecond=0)
    line = services.administration_log(actor=counsellor, medication=medication, status="given", given_at=now,
                                       scheduled_for=at)
    client = mfa_client(counsellor)  # the person who logged it corrects it
    response = client.post(f"/health/administrations/{line.pk}/error/", {"reason": "Andere medicatie bedoeld.",
                                                                        "confirmed": "1"})
    assert response.status_code == 302
    doses = selectors.doses_between(user=counsellor, medications=[medication], start=at,
                                    end=at + datetime.timedelta(minutes=1))
    assert doses[0].missed
    assert MedicationAdministration.objects.filter(pk=line.pk, error_at__isnull=False).exists()
    assert "Andere medicatie bedoeld." in client.get(f"/health/medications/{medication.pk}/").content.decode()


def test_counsellors_may_not_correct_and_outsiders_do_not_see(mfa_client, health_coordinator, counsellor, outsider,
                                                              child):
    wrong = _measure(health_coordinator, child, 60, "6.0")
    wrong.shared_with_team = True
    wrong.save()
    assert mfa_client(counsellor).get(f"/health/measurements/{wrong.pk}/error/").status_code == 403
    assert mfa_client(counsellor).get(f"/health/measurements/{wrong.pk}/withhold/").status_code == 403
    assert mfa_client(outsider).get(f"/health/measurements/{wrong.pk}/error/").status_code == 404
    assert mfa_client(health_coordinator).get("/health/administrations/999999/withhold/").status_code == 404


def test_withholding_a_health_record_needs_a_reason_and_hides_it_from_the_family(mfa_client, health_coordinator,
                                                                                 portal_parent, child):
    allergy = services.allergy_add(actor=health_coordinator, access=_access(health_coordinator, child),
                                   substance="Pinda", severity="severe")
    client = mfa_client(health_coordinator)
    url = f"/health/allergies/{allergy.pk}/withhold/"
    assert client.get(url).status_code == 200
    no_reason = client.post(url, {"withheld": "on", "withheld_reason": "", "version": allergy.version})
    assert "Kies waarom" in no_reason.content.decode()
    assert list(visible_health(Allergy, user=portal_parent)) == [allergy]
    assert client.post(url, {"withheld": "on", "withheld_reason": "third_party",
                             "version": allergy.version}).status_code == 302
    allergy.refresh_from_db()
    assert allergy.withheld_from_family and allergy.withheld_by == health_coordinator
    assert list(visible_health(Allergy, user=portal_parent)) == []  # the family's own view
    assert visible_health(Allergy, user=health_coordinator).filter(pk=allergy.pk).exists()  # staff keep it
    assert _updates(allergy) == 1
    assert "Afgeschermd voor het gezin" in client.get(f"/health/persons/{child.pk}/").content.decode()
    # and cleared again
    assert client.post(url, {"withheld_reason": "", "version": allergy.version}).status_code == 302
    assert list(visible_health(Allergy, user=portal_parent)) == [allergy]


def test_a_medication_is_changed_with_its_version_and_keeps_history(mfa_client, health_coordinator, child):
    import pghistory.models

    medication = services.medication_add(actor=health_coordinator, access=_access(health_coordinator, child),
                                         data=services.MedicationInput(name="Ijzer", dose="1 ml",
                                                                       start_on=timezone.localdate(), times="08:00"))
    client = mfa_client(health_coordinator)
    url = f"/health/medications/{medication.pk}/edit/"
    form = {"name": "Ijzer", "dose": "2 ml", "times": "08:00 20:00", "start_on": f"{medication.start_on:%d/%m/%Y}",
            "shared_with_team": "on", "version": medication.version}
    assert client.get(url).status_code == 200
    assert client.post(url, form).status_code == 302
    medication.refresh_from_db()
    assert (medication.dose, medication.times, medication.version) == ("2 ml", "08:00 20:00", 2)
    stale = client.post(url, {**form, "dose": "3 ml"})  # the version shown before
    assert stale.status_code == 200 and "intussen" in stale.content.decode()
    assert pghistory.models.Events.objects.references(medication).count() >= 2


def test_a_medication_is_stopped_on_a_date(mfa_client, health_coordinator, child):
    start = timezone.localdate() - datetime.timedelta(days=3)
    medication = services.medication_add(actor=health_coordinator, access=_access(health_coordinator, child),
                                         data=services.MedicationInput(name="Ijzer", dose="1 ml", start_on=start,
                                                                       times="08:00"))
    client = mfa_client(health_coordinator)
    url = f"/health/medications/{medication.pk}/stop/"
    early = client.post(url, {"end_on": f"{start - datetime.timedelta(days=1):%d/%m/%Y}",
                              "version": medication.version})
    assert "voor ze begon" in early.content.decode()
    assert client.post(url, {"end_on": f"{start:%d/%m/%Y}", "version": medication.version}).status_code == 302
    medication.refresh_from_db()
    assert medication.end_on == start
    now = timezone.now()
    assert selectors.doses_between(user=health_coordinator, medications=[medication], start=now,
                                   end=now + datetime.timedelta(days=2)) == []
    assert _updates(medication) == 1


def test_an_allergy_ends(mfa_client, health_coordinator, child):
    allergy = services.allergy_add(actor=health_coordinator, access=_access(health_coordinator, child),
                                   substance="Koemelk", severity="moderate")
    client = mfa_client(health_coordinator)
    today = timezone.localdate()
    assert client.post(f"/health/allergies/{allergy.pk}/end/", {"resolved_on": f"{today:%d/%m/%Y}",
                                                                "version": allergy.version}).status_code == 302
    allergy.refresh_from_db()
    assert not allergy.is_active and allergy.resolved_on == today
    page = client.get(f"/health/persons/{child.pk}/").content.decode()
    assert 'role="note"><strong>Allergieën' not in page  # no longer in the alert …
    assert "Koemelk" in page  # … but still in the list, as ended
    again = client.post(f"/health/allergies/{allergy.pk}/end/", {"resolved_on": f"{today:%d/%m/%Y}",
                                                                "version": allergy.version})
    assert "al beëindigd" in again.content.decode()


def test_the_summary_leaves_out_what_was_entered_in_error(health_coordinator, child):
    from spalk.health.corrections import record_mark_error

    medication = services.medication_add(actor=health_coordinator, access=_access(health_coordinator, child),
                                         data=services.MedicationInput(name="Verkeerd middel", dose="1",
                                                                       start_on=timezone.localdate()))
    record_mark_error(actor=health_coordinator, record=medication, reason="Verkeerde persoon.",
                      version=medication.version)
    health = selectors.person_health(user=health_coordinator, access=_access(health_coordinator, child))
    assert health.medications == [] and health.in_error == [Medication.objects.get(pk=medication.pk)]
