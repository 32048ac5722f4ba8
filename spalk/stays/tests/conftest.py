from __future__ import annotations

import pytest

from spalk.families.models import MemberRole
from spalk.stays.tests.factories import UnitFactory, add_member


@pytest.fixture
def mother(family):
    return family.members.get(role=MemberRole.PARENT)


@pytest.fixture
def children(family):
    return [add_member(family, age=4, first_name="Noor"), add_member(family, age=1, first_name="Lars")]


@pytest.fixture
def studio(centre):
    return UnitFactory(centre=centre, name="Studio 1")
