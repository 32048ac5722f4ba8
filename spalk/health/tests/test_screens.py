"""Health screens and services: growth with its confirm step and charts, pregnancy to birth on the same person,
vaccinations, medication with its log and missed doses, Gordon, the PDF."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from spalk.access.policy import access_health_person
from spalk.audit.models import AuditAction, AuditEvent
from spalk.families.models import FamilyMember, MemberRole
from spalk.health import selectors, services
from spalk.health.gestation import gestational_age
from spalk.health.models import (
    Birth,
    GordonAssessment,
    GrowthMeasurement,
    Medication,
    MedicationAdministration,
    Pregnancy,
    VaccinationDose,
)

pytestmark = pytest.mark.django_db


def add(user, person, days, weight, length=None):
    access = access_health_person(user=user, person_id=person.pk)
    return services.growth_measurement_add(actor=user, access=access, data=services.GrowthInput(
        measured_on=person.birth_date + datetime.timedelta(days=days), weight_kg=Decimal(str(weight)),
        length_cm=Decimal(str(length)) if length else None))


def test_growth_page_shows_four_accessible_charts_and_their_tables(mfa_client, health_coordinator, child):
    add(health_coordinator, child, 10, 3.6, 51.0)
    add(health_coordinator, child, 40, 4.5, 55.0)
    page = mfa_client(health_coordinator).get(f"/health/persons/{child.pk}/growth/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('<svg class="growth-chart"') == 4
    assert html.count('role="img"') >= 4 and "<desc id=" in html
    assert html.count("<circle") == 2 * 3  # weight, length and weight-for-length (no head circumference)
    assert html.count("<table>") == 3  # the head-circumference chart has no measurement yet


def test_growth_page_query_count_does_not_grow(mfa_client, health_coordinator, child):
    add(health_coordinator, child, 1, 3.3)
    client = mfa_client(health_coordinator)
    with CaptureQueriesContext(connection) as one:
        client.get(f"/health/persons/{child.pk}/growth/")
    for day in range(2, 60, 3):
        add(health_coordinator, child, day, 3.3 + day * 0.03, 50 + day * 0.1)
    with CaptureQueriesContext(connection) as many:
        client.get(f"/health/persons/{child.pk}/growth/")
    assert len(many.captured_queries) == len(one.captured_queries)


def test_an_implausible_weight_is_questioned_before_saving(mfa_client, health_coordinator, child):
    add(health_coordinator, child, 100, 6.0)
    client = mfa_client(health_coordinator)
    day = child.birth_date + datetime.timedelta(days=101)
    data = {"measured_on": f"{day:%d/%m/%Y}", "weight_kg": "9,5"}
    ask = client.post(f"/health/persons/{child.pk}/growth/new/", data)
    assert ask.status_code == 200
    assert 'name="confirmed"' in ask.content.decode()
    assert GrowthMeasurement.objects.count() == 1
    saved = client.post(f"/health/persons/{child.pk}/growth/new/", {**data, "confirmed": "1"})
    assert saved.status_code == 302
    assert GrowthMeasurement.objects.count() == 2


def test_a_plausible_weight_saves_at_once_with_a_comma(mfa_client, health_coordinator, child):
    add(health_coordinator, child, 100, 6.0)
    day = child.birth_date + datetime.timedelta(days=114)
    response = mfa_client(health_coordinator).post(f"/health/persons/{child.pk}/growth/new/", {
        "measured_on": f"{day:%d/%m/%Y}", "weight_kg": "6,350", "length_cm": "63,5"})
    assert response.status_code == 302
    latest = GrowthMeasurement.objects.latest("measured_on")
    assert latest.weight_kg == Decimal("6.350") and latest.weight_for_age_z is not None


def test_a_date_before_birth_is_an_error_on_the_form(mfa_client, health_coordinator, child):
    day = child.birth_date - datetime.timedelta(days=1)
    response = mfa_client(health_coordinator).post(f"/health/persons/{child.pk}/growth/new/", {
        "measured_on": f"{day:%d/%m/%Y}", "weight_kg": "3"})
    assert response.status_code == 200 and not GrowthMeasurement.objects.exists()
    assert response.context["form"].errors


def test_pregnancy_to_birth_keeps_the_same_person(health_coordinator, family, mother):
    access = access_health_person(user=health_coordinator, person_id=mother.pk)
    today = timezone.localdate()
    pregnancy = services.pregnancy_create(actor=health_coordinator, access=access, data=services.PregnancyInput(
        expected_date=today + datetime.timedelta(days=20), risks="Hoge bloeddruk"))
    unborn = pregnancy.unborn
    member = FamilyMember.objects.get(family=family, person=unborn)
    assert member.role == MemberRole.UNBORN and FamilyMember.objects.get(family=family, person=mother).pregnant
    assert str(gestational_age(expected_date=pregnancy.expected_date, on=today)) == "37+1"
    birth = services.birth_record(actor=health_coordinator, pregnancy=pregnancy, data=services.BirthInput(
        born_on=today, sex="f", first_name="Ella", weight_kg=Decimal("3.120"), length_cm=Decimal("49.0"),
        head_circumference_cm=Decimal("34.0")))
    assert birth.person_id == unborn.pk
    member.refresh_from_db()
    unborn.refresh_from_db()
    assert member.role == MemberRole.CHILD and unborn.birth_date == today and unborn.first_name == "Ella"
    assert not FamilyMember.objects.get(family=family, person=mother).pregnant
    assert birth.gestational_age_days == 280 - 20
    assert Pregnancy.objects.get(pk=pregnancy.pk).status == "born"
    first = GrowthMeasurement.objects.get(person=unborn)
    assert first.age_days == 0 and first.weight_for_age_z is not None
    assert unborn.pgh_event_model.objects.filter(pgh_obj=unborn).count() >= 2  # history kept (pghistory)
    assert Birth.objects.filter(person=unborn).count() == 1


def test_birth_moves_occupancy_to_the_child(health_coordinator, director, family, mother):
    from spalk.stays.models import AllocationMember
    from spalk.stays.tests.factories import UnitFactory
    from spalk.trajectories import services as trajectory_services

    today = timezone.localdate()
    access = access_health_person(user=health_coordinator, person_id=mother.pk)
    pregnancy = services.pregnancy_create(actor=health_coordinator, access=access, data=services.PregnancyInput(
        expected_date=today + datetime.timedelta(days=3)))
    trajectory_services.trajectory_admit(actor=director, family=family, admitted_on=today - datetime.timedelta(days=9))
    parent = FamilyMember.objects.get(family=family, person=mother)
    trajectory_services.stay_book(actor=director, family=family, unit=UnitFactory(centre=family.centre),
                                  members=[parent], care="crisis", start_date=today - datetime.timedelta(days=5),
                                  planned_end=today + datetime.timedelta(days=20))
    services.birth_record(actor=health_coordinator, pregnancy=pregnancy, data=services.BirthInput(
        born_on=today, sex="m"))
    stay = AllocationMember.objects.get(member=parent)
    assert stay.unborn_until == today
    child_stay = AllocationMember.objects.get(member__person=pregnancy.unborn)
    assert child_stay.period.lower == today and child_stay.allocation_id == stay.allocation_id


def test_vaccination_page_lists_the_schedule_and_records_a_dose(mfa_client, health_coordinator, child):
    client = mfa_client(health_coordinator)
    page = client.get(f"/health/persons/{child.pk}/vaccinations/")
    assert page.status_code == 200
    statuses = {s.dose.key: s.status for s in page.context["statuses"]}
    assert statuses["hexa-1"] == "overdue" and statuses["mmr-1"] == "planned"  # the child is 200 days old
    given = child.birth_date + datetime.timedelta(weeks=8)
    response = client.post(f"/health/persons/{child.pk}/vaccinations/", {
        "vaccine": "hexa", "dose_number": "1", "given_on": f"{given:%d/%m/%Y}", "product": "Hexyon"})
    assert response.status_code == 302
    assert VaccinationDose.objects.get().given_on == given
    page = client.get(f"/health/persons/{child.pk}/vaccinations/")
    assert {s.dose.key: s.status for s in page.context["statuses"]}["hexa-1"] == "given"


def test_medication_log_and_missed_doses(mfa_client, health_coordinator, counsellor, family, child):
    access = access_health_person(user=health_coordinator, person_id=child.pk)
    today = timezone.localdate()
    medication = services.medication_add(actor=health_coordinator, access=access, data=services.MedicationInput(
        name="Ibuprofen siroop", dose="2,5 ml", start_on=today - datetime.timedelta(days=1), times="8u00, 20:00"))
    assert medication.times == "08:00 20:00"
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(today, datetime.time(0, 0), tzinfo=tz)
    end = start + datetime.timedelta(days=1)
    doses = selectors.doses_between(user=counsellor, medications=[medication], start=start, end=end)
    assert [d.at.hour for d in doses] == [8, 20] and all(d.missed for d in doses)
    client = mfa_client(counsellor)
    response = client.post(f"/health/medications/{medication.pk}/", {
        "status": "given", "scheduled_for": doses[0].at.isoformat()})
    assert response.status_code == 302
    line = MedicationAdministration.objects.get()
    assert line.given_by == counsellor and line.scheduled_for == doses[0].at
    doses = selectors.doses_between(user=counsellor, medications=[medication], start=start, end=end)
    assert [d.missed for d in doses] == [False, True]
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="health.medicationadministration").exists()
    # a refusal needs a reason
    assert client.post(f"/health/medications/{medication.pk}/", {"status": "refused"}).status_code == 200
    assert MedicationAdministration.objects.count() == 1


def test_night_staff_cannot_log(mfa_client, night_staff, health_coordinator, child):
    access = access_health_person(user=health_coordinator, person_id=child.pk)
    medication = services.medication_add(actor=health_coordinator, access=access, data=services.MedicationInput(
        name="Vitamine D", dose="1 druppel", start_on=timezone.localdate(), times="08:00"))
    assert mfa_client(night_staff).post(f"/health/medications/{medication.pk}/", {"status": "given"}).status_code \
        == 404
    assert not Medication.objects.filter(administrations__isnull=False).exists()


def test_gordon_assessment_is_structured_and_repeatable(mfa_client, health_coordinator, mother):
    client = mfa_client(health_coordinator)
    today = timezone.localdate()
    response = client.post(f"/health/persons/{mother.pk}/gordon/new/", {
        "assessed_on": f"{today:%d/%m/%Y}", "sleep": "Slaapt 4 uur per nacht, wordt vaak wakker.",
        "sleep_concern": "on", "nutrition": "Eet twee maaltijden per dag."})
    assert response.status_code == 302
    first = GordonAssessment.objects.get()
    assert first.answers["sleep"] == {"observation": "Slaapt 4 uur per nacht, wordt vaak wakker.", "concern": True}
    assert client.get(f"/health/gordon/{first.pk}/").status_code == 200
    client.post(f"/health/persons/{mother.pk}/gordon/new/", {"assessed_on": f"{today:%d/%m/%Y}", "sleep": "Beter."})
    assert GordonAssessment.objects.count() == 2
    stale = client.post(f"/health/gordon/{first.pk}/", {"assessed_on": f"{today:%d/%m/%Y}", "sleep": "x",
                                                        "version": "0"})
    assert stale.status_code == 200 and stale.context["form"].errors  # optimistic lock


def test_pages_render(mfa_client, health_coordinator, family, child, mother):
    client = mfa_client(health_coordinator)
    access = access_health_person(user=health_coordinator, person_id=mother.pk)
    pregnancy = services.pregnancy_create(actor=health_coordinator, access=access, data=services.PregnancyInput(
        expected_date=timezone.localdate() + datetime.timedelta(days=90)))
    for url in (f"/health/families/{family.pk}/", f"/health/persons/{mother.pk}/",
                f"/health/persons/{child.pk}/", f"/health/pregnancies/{pregnancy.pk}/",
                f"/health/pregnancies/{pregnancy.pk}/birth/", f"/health/persons/{child.pk}/medications/new/",
                f"/health/persons/{child.pk}/allergies/new/", f"/health/persons/{child.pk}/entries/new/",
                f"/health/persons/{mother.pk}/pregnancy/new/", f"/health/persons/{child.pk}/gordon/new/",
                f"/health/persons/{pregnancy.unborn_id}/"):
        assert client.get(url).status_code == 200, url
    assert "27+1" in client.get(f"/health/pregnancies/{pregnancy.pk}/").content.decode()


def test_summary_pdf(mfa_client, health_coordinator, child):
    add(health_coordinator, child, 30, 4.2, 54.0)
    response = mfa_client(health_coordinator).get(f"/health/persons/{child.pk}/summary.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action=AuditAction.PRINT, person_id=child.pk).exists()


def test_a_missed_dose_shows_at_handover(counsellor, health_coordinator, director, family, child):
    from spalk.logbook.handovers import handover_view, handover_write
    from spalk.stays.tests.factories import UnitFactory
    from spalk.trajectories import services as trajectory_services

    today = timezone.localdate()
    trajectory_services.trajectory_admit(actor=director, family=family, admitted_on=today - datetime.timedelta(days=9))
    trajectory_services.stay_book(actor=director, family=family, unit=UnitFactory(centre=family.centre),
                                  members=list(family.members.all()), care="crisis",
                                  start_date=today - datetime.timedelta(days=5),
                                  planned_end=today + datetime.timedelta(days=20))
    access = access_health_person(user=health_coordinator, person_id=child.pk)
    due = timezone.localtime(timezone.now() - datetime.timedelta(hours=1))
    services.medication_add(actor=health_coordinator, access=access, data=services.MedicationInput(
        name="Amoxicilline", dose="5 ml", start_on=today - datetime.timedelta(days=1), times=f"{due:%H:%M}"))
    handover = handover_write(actor=counsellor, centre=family.centre, unit=None, summary="Rustige dienst.")
    view = handover_view(user=counsellor, handover=handover)
    section = next(s for s in view.sections if s.key == "health.missed_doses")
    assert "Amoxicilline" in section.rows[0][0]
    assert family.pk in view.family_ids


def test_births_due_on_the_health_coordinators_start_screen(mfa_client, health_coordinator, counsellor, mother):
    from spalk.home.registry import visible_work_items

    access = access_health_person(user=health_coordinator, person_id=mother.pk)
    services.pregnancy_create(actor=health_coordinator, access=access, data=services.PregnancyInput(
        expected_date=timezone.localdate() + datetime.timedelta(days=10)))
    item = next(i for i in visible_work_items(user=health_coordinator) if i.key == "health.births_due")
    assert item.count == 1 and "38+4" in item.rows[0].detail
    assert all(i.key != "health.births_due" for i in visible_work_items(user=counsellor))
    assert mfa_client(health_coordinator).get("/").status_code == 200
