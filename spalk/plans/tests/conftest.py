from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from spalk.api.services import api_token_create
from spalk.families.models import MemberRole
from spalk.plans import services
from spalk.stays.tests.factories import add_member
from spalk.trajectories.models import Trajectory

DAY = datetime.timedelta(days=1)


def bearer(user):
    with transaction.atomic():
        _token, raw = api_token_create(actor=user, user=user, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def mother(family):
    return family.members.get(role=MemberRole.PARENT).person


@pytest.fixture
def toddler(family):
    return add_member(family, age=2, first_name="Lars").person


@pytest.fixture
def teen(family):
    return add_member(family, age=13, first_name="Noor").person


@pytest.fixture
def trajectory(family):
    return Trajectory.objects.create(family=family, centre=family.centre,
                                     admitted_on=timezone.localdate() - 60 * DAY)


@pytest.fixture
def plan(trajectory, counsellor):
    return services.plan_create(actor=counsellor, trajectory=trajectory)


def add_goal(plan, actor, **kw):
    data = {"life_domain": "parenting", "family_words": "Ik wil rustig blijven.",
            "worker_words": "Moeder reageert sensitief op de signalen van haar kind.", **kw}
    return services.goal_add(actor=actor, plan=plan, data=services.GoalInput(**data))


def sign(plan, actor, person, on=None):
    return services.plan_sign(actor=actor, plan=plan, signed_on=on or timezone.localdate(),
                              signatories=[services.SignatoryInput(person=person),
                                           services.SignatoryInput(user=actor)])


@pytest.fixture
def signed_plan(plan, counsellor, mother):
    add_goal(plan, counsellor, person=mother)
    add_goal(plan, counsellor, life_domain="housing", family_words="Een eigen huis.", worker_words="")
    return sign(plan, counsellor, mother)


@pytest.fixture(autouse=True)
def report_dir(tmp_path, settings):
    """Issued reports of a test go to a temporary folder (the file field resolved its storage at start-up)."""
    from django.core.files.storage import storages

    from spalk.plans.models import Report

    settings.STORAGES = {**settings.STORAGES, "reports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "reports"), "base_url": None}}}
    field = Report._meta.get_field("pdf")
    original = field.storage
    field.storage = storages["reports"]
    yield tmp_path / "reports"
    field.storage = original
