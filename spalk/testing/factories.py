"""factory_boy factories for tests and the benchmark. All data fictional."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

import factory
from django.utils import timezone

from spalk.access.models import AssignmentRole, FamilyAssignment
from spalk.accounts.models import Membership, Role, User
from spalk.centres.models import Centre
from spalk.families.models import Family, FamilyMember, MemberRole, Person, Sex

_seq = itertools.count(1)


def national_number(birth: datetime.date, serial: int = 1) -> str:
    """A checksum-valid Belgian national number for a (fictional) birth date and serial (1-997)."""
    base = f"{birth:%y%m%d}{serial:03d}"
    number = int(("2" if birth.year >= 2000 else "") + base)
    return f"{base}{97 - number % 97:02d}"


class CentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Centre
        django_get_or_create = ("short_name",)

    name = factory.Sequence(lambda n: f"CIG Test {n}")
    short_name = factory.Sequence(lambda n: f"T{n:03d}")
    city = "Brugge"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    first_name = factory.Faker("first_name", locale="nl_BE")
    last_name = factory.Faker("last_name", locale="nl_BE")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery-staple")

    @factory.post_generation
    def save_password(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    centre = factory.SubFactory(CentreFactory)
    role = Role.COUNSELLOR
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))


class FamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Family

    centre = factory.SubFactory(CentreFactory)
    name = factory.Sequence(lambda n: f"Gezin Test{n}")
    reference = factory.Sequence(lambda n: f"TST-2026-{n:04d}")
    city = "Oostende"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    centre = factory.SubFactory(CentreFactory)
    first_name = factory.Faker("first_name", locale="nl_BE")
    last_name = factory.Faker("last_name", locale="nl_BE")
    sex = Sex.FEMALE
    birth_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365 * 20))


class FamilyMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FamilyMember

    family = factory.SubFactory(FamilyFactory)
    person = factory.SubFactory(PersonFactory, centre=factory.SelfAttribute("..family.centre"))
    role = MemberRole.PARENT


class FamilyAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FamilyAssignment

    family = factory.SubFactory(FamilyFactory)
    user = factory.SubFactory(UserFactory)
    role = AssignmentRole.TRAJECTORY_SUPPORTER
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
