"""The logbook demo: weeks of notes, handovers and incidents for Ten Anker, loaded once."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from spalk.logbook.models import CareMomentObservation, Handover, Incident, Note

pytestmark = pytest.mark.django_db


def test_demo_has_weeks_of_logbook_and_is_idempotent():
    call_command("load_demo", stdout=io.StringIO())
    counts = (Note.objects.count(), Handover.objects.count(), Incident.objects.count(),
              CareMomentObservation.objects.count())
    assert counts[0] > 80 and counts[1] > 40 and counts[2] >= 3 and counts[3] >= 3
    assert Note.objects.dates("moment", "day").count() >= 14  # spread over weeks
    assert Note.objects.filter(withheld_from_family=True).exists() and Note.objects.filter(visibility="health").exists()
    assert len(set(Note.objects.values_list("text", flat=True))) > 20  # varied, not one sentence repeated
    call_command("load_demo", stdout=io.StringIO())
    assert (Note.objects.count(), Handover.objects.count(), Incident.objects.count(),
            CareMomentObservation.objects.count()) == counts
