"""Night staff and medication (issue 13): on duty in the child's own centre's unit they see the medication schedule
of children in residence and log a dose (given, or not given with the reason) — nothing else of health: 403 for the
other health pages of a family they see, 404 for a family not in residence."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from spalk.access.policy import access_health_person, can_log_medication, visible_health
from spalk.health import services
from spalk.health.models import Medication, MedicationAdministration

pytestmark = pytest.mark.django_db


def _medication(user, person, *, shared=True, times="23:30 03:00"):
    access = access_health_person(user=user, person_id=person.pk)
    return services.medication_add(actor=user, access=access, data=services.MedicationInput(
        name="Ibuprofen siroop", dose="2,5 ml", start_on=timezone.localdate() - datetime.timedelta(days=1),
        times=times, shared_with_team=shared))


def test_night_staff_see_the_schedule_and_log_doses_of_a_resident_child(mfa_client, night_staff, health_coordinator,
                                                                        resident, child):
    medication = _medication(health_coordinator, child)
    client = mfa_client(night_staff)
    page = client.get(f"/health/medications/{medication.pk}/")
    assert page.status_code == 200 and "Ibuprofen siroop" in page.content.decode()
    assert can_log_medication(user=night_staff, medication=medication)
    assert client.post(f"/health/medications/{medication.pk}/", {"status": "given"}).status_code == 302
    not_given = client.post(f"/health/medications/{medication.pk}/", {"status": "not_given", "note": ""})
    assert "Zeg waarom" in not_given.content.decode()  # a reason is required
    assert client.post(f"/health/medications/{medication.pk}/", {
        "status": "not_given", "note": "Kind sliep diep, na overleg met de moeder."}).status_code == 302
    lines = MedicationAdministration.objects.filter(medication=medication, given_by=night_staff)
    assert sorted(lines.values_list("status", flat=True)) == ["given", "not_given"]
    assert list(visible_health(Medication, user=night_staff)) == [medication]


def test_night_staff_get_403_for_every_other_health_page(mfa_client, night_staff, health_coordinator, resident,
                                                         child, mother):
    medication = _medication(health_coordinator, child)
    client = mfa_client(night_staff)
    for url in (f"/health/persons/{child.pk}/", f"/health/persons/{child.pk}/growth/",
                f"/health/persons/{child.pk}/vaccinations/", f"/health/persons/{child.pk}/milestones/",
                f"/health/persons/{child.pk}/summary.pdf", f"/health/families/{resident.pk}/",
                f"/health/medications/{medication.pk}/edit/", f"/health/medications/{medication.pk}/error/",
                f"/api/v1/persons/{child.pk}/health"):
        assert client.get(url).status_code in (403, 401), url
    assert client.get(f"/health/persons/{child.pk}/").status_code == 403
    # a medication not shared with the team, or the mother's own: not theirs to give
    hidden = _medication(health_coordinator, child, shared=False)
    own = _medication(health_coordinator, mother)
    assert client.get(f"/health/medications/{hidden.pk}/").status_code == 403
    assert client.get(f"/health/medications/{own.pk}/").status_code == 403
    assert set(visible_health(Medication, user=night_staff)) == {medication}


def test_outside_residence_night_staff_get_404(mfa_client, night_staff, partner_night_staff, health_coordinator,
                                               family, child):
    medication = _medication(health_coordinator, child)
    assert mfa_client(night_staff).get(f"/health/medications/{medication.pk}/").status_code == 404
    assert mfa_client(night_staff).get(f"/health/persons/{child.pk}/").status_code == 404
    assert list(visible_health(Medication, user=night_staff)) == []


def test_night_staff_of_a_centre_the_family_is_shared_with_get_404(mfa_client, partner_night_staff,
                                                                   health_coordinator, resident, child):
    medication = _medication(health_coordinator, child)
    assert mfa_client(partner_night_staff).get(f"/health/medications/{medication.pk}/").status_code == 404


def test_the_night_handover_lists_the_doses_of_the_night(night_staff, health_coordinator, resident, child):
    from spalk.logbook.handovers import handover_view
    from spalk.logbook.models import Handover

    medication = _medication(health_coordinator, child, times="23:30 03:00")
    today = timezone.localdate()
    handover = Handover.objects.create(centre=resident.centre, shift_date=today, shift="night", summary="Rustig.",
                                       covers_from=timezone.now() - datetime.timedelta(hours=8),
                                       written_by=health_coordinator, written_at=timezone.now())
    view = handover_view(user=night_staff, handover=handover)
    section = next(s for s in view.sections if s.key == "health.shift_doses")
    assert [row[0] for row in section.rows] == [f"Lena: {medication.name} 2,5 ml"] * 2
    assert "23:30" in section.rows[0][1] and "03:00" in section.rows[1][1]
    assert resident.pk in view.family_ids
