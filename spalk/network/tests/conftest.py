from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from spalk.families.models import MemberRole
from spalk.intake.tests.conftest import OrganisationFactory
from spalk.network import consent as rules
from spalk.network.models import Basis, Scope
from spalk.stays.tests.factories import add_member

DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def support_forms(db):
    """The data migration's rows (gone after a transactional test elsewhere in the run): loaded again."""
    from spalk.network.models import SupportForm, SupportFormCriterion
    from spalk.network.supportforms import load_support_forms

    load_support_forms(SupportForm, SupportFormCriterion)


@pytest.fixture
def mother(family):
    return family.members.get(role=MemberRole.PARENT).person


@pytest.fixture
def teen(family):
    return add_member(family, age=14, first_name="Noor").person


@pytest.fixture
def cgg(centre):
    return OrganisationFactory(centre=centre, name="CGG Test (demo)", kind="cgg")


@pytest.fixture
def caw(centre):
    return OrganisationFactory(centre=centre, name="CAW Test (demo)", kind="caw")


def record(family, actor, organisation, *, givers=(), basis=Basis.CONSENT, scope=Scope.REPORTS, start=None,
           until=None, note=""):
    today = timezone.localdate()
    return rules.consent_record_create(actor=actor, family=family, data=rules.RecordInput(
        basis=basis, scope=scope, purpose="Opvolging door het CGG na het verblijf.",
        valid_from=start or today - 10 * DAY, valid_until=until, organisation=organisation, basis_note=note,
        givers=[rules.GiverInput(person=p) for p in givers]))


@pytest.fixture
def consent(family, counsellor, cgg, mother):
    return record(family, counsellor, cgg, givers=[mother], scope=Scope.ALL)
