"""Logbook fixtures: a family in residence (night staff see it), a health coordinator, a shared centre."""

from __future__ import annotations

import datetime

import pytest
from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils import timezone

from spalk.access.models import FamilyShare
from spalk.accounts.models import Role
from spalk.stays.models import Allocation, AllocationMember, Unit
from spalk.testing.factories import FamilyAssignmentFactory, FamilyMemberFactory, MembershipFactory, UserFactory


@pytest.fixture(autouse=True)
def methods_catalogue(db):
    """The methods catalogue comes from a data migration; a transactional test elsewhere in the run empties the
    tables, so make sure it is there (idempotent)."""
    from spalk.methods.catalogue import load_catalogue
    from spalk.methods.models import Method, MethodArea

    load_catalogue(MethodArea, Method)


@pytest.fixture
def unit(centre):
    return Unit.objects.create(centre=centre, name="Studio 1", kind="studio", capacity_adults=2,
                               capacity_children=2)


@pytest.fixture
def resident(family, unit):
    """``family`` (Gezin Peeters, with Sarah) lives in Studio 1 from three days ago, with a child Noor."""
    today = timezone.localdate()
    FamilyMemberFactory(family=family, role="child", person__first_name="Noor", person__last_name="Peeters",
                        person__birth_date=today - datetime.timedelta(days=400))
    allocation = Allocation.objects.create(unit=unit, family=family, period=DateRange(
        today - datetime.timedelta(days=3), today + datetime.timedelta(days=30)))
    for member in family.members.all():
        AllocationMember.objects.create(allocation=allocation, member=member, period=allocation.period)
    return family


def _people(family):
    return {m.person.first_name: m.person for m in family.members.select_related("person")}


@pytest.fixture
def sarah(resident):
    return _people(resident)["Sarah"]


@pytest.fixture
def noor(resident):
    return _people(resident)["Noor"]


@pytest.fixture
def health_coordinator(centre, family):
    user = UserFactory(email="vroedvrouw@example.test")
    MembershipFactory(user=user, centre=centre, role=Role.HEALTH_COORDINATOR)
    FamilyAssignmentFactory(family=family, user=user, role="health_coordinator")
    return user


@pytest.fixture
def shared_centre_director(other_centre, family):
    """Director of another centre with which ``family`` is shared."""
    user = UserFactory(email="shared@example.test")
    MembershipFactory(user=user, centre=other_centre, role=Role.DIRECTOR)
    FamilyShare.objects.create(family=family, centre=other_centre, start_date=timezone.localdate(),
                               purpose="Doorverwijzing", granted_by=user)
    return user


@pytest.fixture
def parent_portal(family):
    """Sarah, the parent, signed in to the family portal."""
    member = family.members.select_related("person").first()
    user = UserFactory(email="sarah@example.test")
    user.portal_person_id = member.person_id
    user.save()
    return user


@pytest.fixture(autouse=True)
def attachment_dir(tmp_path, settings):
    """Attachments of a test go to a temporary folder. The file field resolved its storage when the model was
    loaded (as in production, where STORAGES is read at start-up), so the test points it at the new one."""
    from django.core.files.storage import storages

    from spalk.logbook.models import Attachment

    settings.STORAGES = {**settings.STORAGES, "attachments": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "attachments"), "base_url": None}}}
    field = Attachment._meta.get_field("file")
    original = field.storage
    field.storage = storages["attachments"]
    yield tmp_path / "attachments"
    field.storage = original
