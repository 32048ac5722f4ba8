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
    """Statements, reminders and bank files of a test go to a temporary folder (the file fields resolved their
    storage at start-up)."""
    from django.core.files.storage import storages

    from spalk.finance.models import BankFile, Reminder, Statement

    settings.STORAGES = {**settings.STORAGES, **{name: {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / name), "base_url": None}} for name in ("statements", "bank_files")}}
    fields = [(Statement, "pdf", "statements"), (Reminder, "pdf", "statements"), (BankFile, "file", "bank_files")]
    originals = []
    for model, name, storage in fields:
        field = model._meta.get_field(name)
        originals.append((field, field.storage))
        field.storage = storages[storage]
    yield tmp_path
    for field, storage in originals:
        field.storage = storage
