"""factory_boy factories for the logbook (tests and the bench). All data fictional."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from spalk.logbook.models import Category, Handover, Incident, IncidentKind, Note, Severity, Shift, ShiftTask
from spalk.testing.factories import UserFactory


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Note

    family = None
    centre = factory.LazyAttribute(lambda o: o.family.centre if o.family is not None else None)
    author = factory.SubFactory(UserFactory)
    moment = factory.LazyFunction(timezone.now)
    category = Category.PARENT_WORK
    text = factory.Sequence(lambda n: f"Mama gaf het flesje rustig en keek de baby aan ({n}).")


class HandoverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Handover

    centre = None
    shift_date = factory.LazyFunction(timezone.localdate)
    shift = Shift.NIGHT
    summary = "Rustige avond. Kamer 2 slaapt vroeg."
    covers_from = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=8))
    written_by = factory.SubFactory(UserFactory)


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident

    family = None
    centre = factory.LazyAttribute(lambda o: o.family.centre if o.family is not None else None)
    kind = IncidentKind.AGGRESSION
    severity = Severity.MEDIUM
    description = "Luide ruzie in de gang, deur dichtgeslagen."
    reported_by = factory.SubFactory(UserFactory)


class ShiftTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShiftTask

    centre = None
    due_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(hours=3))
    title = "Flesje om 3 uur"
    created_by = factory.SubFactory(UserFactory)
