"""Development milestones as structured data (issue 13): the six WHO gross motor milestones with their windows of
achievement (WHO Motor Development Study, Acta Paediatrica 2006 Suppl 450: 1st–99th percentile in months), each
child's milestone achieved on a date or not yet, flagged outside the window, a free-text note."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from spalk.access.policy import access_health_person
from spalk.health import selectors, services
from spalk.health.models import Milestone, MilestoneObservation
from spalk.health.selectors import MilestoneFlag, milestone_flag

pytestmark = pytest.mark.django_db

# The abstract of the paper (PubMed 16817682): "3.8, 9.2 (sitting without support), 4.8, 11.4 (standing with
# assistance), 5.2, 13.5 (hands-and-knees crawling), 5.9, 13.7 (walking with assistance), 6.9, 16.9 (standing
# alone) and 8.2, 17.6 (walking alone)".
PAPER = {"sitting-without-support": ("3.8", "9.2"), "standing-with-assistance": ("4.8", "11.4"),
         "hands-and-knees-crawling": ("5.2", "13.5"), "walking-with-assistance": ("5.9", "13.7"),
         "standing-alone": ("6.9", "16.9"), "walking-alone": ("8.2", "17.6")}


def test_the_data_migration_loads_the_six_who_windows():
    rows = {m.code: (str(m.window_start_months), str(m.window_end_months)) for m in Milestone.objects.all()}
    assert rows == PAPER
    assert all("Acta Paediatrica 2006" in m.source for m in Milestone.objects.all())


@pytest.mark.parametrize(("months", "flag"), [
    (Decimal("3.0"), MilestoneFlag.EARLY), (Decimal("6.0"), MilestoneFlag.ON_TIME),
    (Decimal("10.0"), MilestoneFlag.LATE)])
def test_an_achievement_is_flagged_outside_the_window(months, flag):
    sitting = Milestone.objects.get(code="sitting-without-support")
    birth = datetime.date(2025, 1, 1)
    achieved = birth + datetime.timedelta(days=round(float(months) * 30.4375))
    assert milestone_flag(milestone=sitting, birth_date=birth, achieved_on=achieved, today=achieved)[0] == flag


def test_not_yet_is_overdue_once_the_window_has_closed():
    walking = Milestone.objects.get(code="walking-alone")
    birth = datetime.date(2024, 1, 1)
    assert milestone_flag(milestone=walking, birth_date=birth, achieved_on=None,
                          today=birth + datetime.timedelta(days=200))[0] == MilestoneFlag.NOT_YET_DUE
    assert milestone_flag(milestone=walking, birth_date=birth, achieved_on=None,
                          today=birth + datetime.timedelta(days=365))[0] == MilestoneFlag.IN_WINDOW
    assert milestone_flag(milestone=walking, birth_date=birth, achieved_on=None,
                          today=birth + datetime.timedelta(days=560))[0] == MilestoneFlag.OVERDUE


def test_the_screen_records_an_observation_with_a_note(mfa_client, health_coordinator, child):
    client = mfa_client(health_coordinator)
    sitting = Milestone.objects.get(code="sitting-without-support")
    today = timezone.localdate()
    url = f"/health/persons/{child.pk}/milestones/"
    page = client.get(url)
    assert page.status_code == 200 and "Zitten zonder steun" in page.content.decode()
    missing_date = client.post(url, {"milestone": sitting.pk, "observed_on": f"{today:%d/%m/%Y}",
                                     "status": "achieved"})
    assert "Geef de datum waarop de mijlpaal bereikt werd." in missing_date.content.decode()
    achieved = today - datetime.timedelta(days=3)
    assert client.post(url, {"milestone": sitting.pk, "observed_on": f"{today:%d/%m/%Y}", "status": "achieved",
                             "achieved_on": f"{achieved:%d/%m/%Y}", "note": "Zit stevig op de mat."}
                       ).status_code == 302
    observation = MilestoneObservation.objects.get()
    assert (observation.achieved_on, observation.note) == (achieved, "Zit stevig op de mat.")
    rows = selectors.milestones_of(user=health_coordinator, access=access_health_person(
        user=health_coordinator, person_id=child.pk), today=today)
    row = next(r for r in rows if r.milestone == sitting)
    # the child of the fixture is 200 days old: sitting at about 6.5 months lies in the window
    assert row.achieved == observation and row.flag == MilestoneFlag.ON_TIME
    later = next(r for r in rows if r.milestone.code == "walking-alone")
    assert later.achieved is None and later.flag == MilestoneFlag.NOT_YET_DUE


def test_a_milestone_entered_in_error_no_longer_counts(health_coordinator, child):
    from spalk.health.corrections import record_mark_error

    access = access_health_person(user=health_coordinator, person_id=child.pk)
    today = timezone.localdate()
    sitting = Milestone.objects.get(code="sitting-without-support")
    observation = services.milestone_record(actor=health_coordinator, access=access, data=services.MilestoneInput(
        milestone_id=sitting.pk, observed_on=today, status="achieved", achieved_on=today))
    record_mark_error(actor=health_coordinator, record=observation, reason="Ander kind.", version=observation.version)
    rows = selectors.milestones_of(user=health_coordinator, access=access, today=today)
    assert next(r for r in rows if r.milestone == sitting).achieved is None
