"""`make demo` runs `manage.py load_demo` on every start: it must work on an empty database, load the eight
centres of seed 000 with fictional families, stays and registrations, and change nothing the second time."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from spalk.accounts.models import User
from spalk.agenda.models import Appointment
from spalk.centres.models import Centre
from spalk.families.models import Family, Person
from spalk.intake.models import Registration, RegistrationStep
from spalk.presence.models import PresenceNight
from spalk.stays.models import Allocation
from spalk.trajectories.models import Trajectory

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count()
            for model in (Centre, User, Family, Person, Registration, RegistrationStep, Allocation, Trajectory,
                           PresenceNight, Appointment)}


def test_load_demo_is_complete_and_idempotent():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    first = _counts()
    assert first["Centre"] == 8
    assert {"Ten Anker", "De Stobbe", "Huis Ter Leye"} <= {c.name.removeprefix("CIG ") for c in Centre.objects.all()}
    assert first["Family"] > 0 and first["Registration"] > 0 and first["Allocation"] > 0 and first["Trajectory"] > 0
    assert first["PresenceNight"] > 0 and first["Appointment"] > 0
    assert PresenceNight.objects.exclude(status="present").exists()  # leave and absences too
    assert "spalk-demo-2026" in out.getvalue() and "directeur@tenanker.demo" in out.getvalue()
    # the demo's workflow history is spread over weeks, not all stamped with the moment of loading
    assert RegistrationStep.objects.dates("at", "day").count() > 1

    call_command("load_demo", stdout=io.StringIO())
    assert _counts() == first
