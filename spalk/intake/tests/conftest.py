"""Fixtures of the intake tests. All data fictional."""

from __future__ import annotations

import datetime

import factory
import pytest
from django.utils import timezone

from spalk.intake.models import Registration, RegistrationMember
from spalk.partners.models import ContactPerson, Organisation


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Partner {n}")
    kind = "caw"
    city = "Oostende"


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Contact {n}")


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    received_on = factory.LazyFunction(timezone.localdate)
    family_name = factory.Sequence(lambda n: f"Gezin Aanmelding{n}")
    city = "Oostende"
    care = "stay_high"


class RegistrationMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegistrationMember

    registration = factory.SubFactory(RegistrationFactory)
    role = "parent"
    first_name = factory.Sequence(lambda n: f"Voornaam{n}")
    last_name = "Aanmelding"
    birth_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365 * 25))


def years_ago(years: int, days: int = 0) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=days + (1 if today.month == 2 and
                                                                                   today.day == 29 else 0))


@pytest.fixture
def registration(centre):
    reg = RegistrationFactory(centre=centre, family_name="Gezin Janssens")
    RegistrationMemberFactory(registration=reg, first_name="Lien", last_name="Janssens", role="parent",
                              birth_date=years_ago(16), pregnant=True)
    return reg


@pytest.fixture
def other_registration(other_centre):
    return RegistrationFactory(centre=other_centre, family_name="Gezin Elders-Aanmelding")


@pytest.fixture
def partner(centre):
    return OrganisationFactory(centre=centre, name="CAW Oostkust", kind="caw", city="Oostende",
                               offer="Algemeen welzijnswerk")
