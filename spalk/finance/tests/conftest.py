"""Finance personas: the finance administrator of ``centre`` (and one of ``other_centre``)."""

from __future__ import annotations

import pytest

from spalk.accounts.models import Role
from spalk.testing.factories import MembershipFactory, UserFactory


@pytest.fixture
def finance_admin(centre):
    user = UserFactory(email="finance@example.test")
    MembershipFactory(user=user, centre=centre, role=Role.FINANCE_ADMIN)
    return user


@pytest.fixture
def other_finance_admin(other_centre):
    user = UserFactory(email="finance-elders@example.test")
    MembershipFactory(user=user, centre=other_centre, role=Role.FINANCE_ADMIN)
    return user


@pytest.fixture
def token_for():
    from spalk.api.services import api_token_create

    def make(user):
        _token, raw = api_token_create(actor=user, user=user, name="test")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return make


@pytest.fixture(autouse=True)
def finance_files(tmp_path, settings):
    """Statements, reminders and bank files of a test go to a temporary folder."""
    from spalk.finance.tests.world import temporary_finance_storage

    with temporary_finance_storage(tmp_path, settings):
        yield tmp_path
