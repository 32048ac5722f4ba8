"""network/0003 turns the consent given at intake (per registration member) into ConsentRecords for
registrations made before spalk.network existed: migrate back to before it, write intake rows with the
historical models, migrate forward, and read the records it made."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("network", "0002_support_forms")]
AFTER = [("network", "0003_intake_consent_records")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_intake_consent_becomes_records_with_givers():
    try:
        apps = _migrate(BEFORE)
        from spalk.testing.factories import CentreFactory

        centre = CentreFactory(name="CIG Migratie", short_name="MIG")  # centres' tables do not change here
        Registration = apps.get_model("intake", "Registration")
        Member = apps.get_model("intake", "RegistrationMember")
        received = datetime.date(2026, 3, 2)
        given = Registration.objects.create(centre_id=centre.pk, received_on=received, family_name="Gezin Aerts")
        Member.objects.create(registration=given, role="parent", first_name="An", last_name="Aerts",
                              consent="given")
        Member.objects.create(registration=given, role="child", first_name="Mira", last_name="Aerts",
                              birth_date=datetime.date.today().replace(year=datetime.date.today().year - 14,
                                                                       month=1, day=1), consent="refused")
        Member.objects.create(registration=given, role="child", first_name="Bo", last_name="Aerts",
                              birth_date=datetime.date(2024, 1, 1), consent="not_asked")
        nothing = Registration.objects.create(centre_id=centre.pk, received_on=received, family_name="Gezin Bos")
        Member.objects.create(registration=nothing, role="parent", first_name="Jo", last_name="Bos",
                              consent="not_asked")

        apps = _migrate(AFTER)
        ConsentRecord = apps.get_model("network", "ConsentRecord")
        record = ConsentRecord.objects.get(registration_id=given.pk)
        assert (record.scope, record.basis, record.valid_from) == ("registration", "consent", received)
        assert record.recipient_text == "Intersectorale Toegangspoort (ITP)" and record.centre_id == centre.pk
        givers = {g.name: (g.capacity, g.answer, g.answered_on) for g in record.givers.all()}
        assert givers == {"An Aerts": ("parent", "given", received), "Mira Aerts": ("minor_12", "refused", received)}
        assert not ConsentRecord.objects.filter(registration_id=nothing.pk).exists()  # nobody answered: no record

        _migrate(BEFORE)  # the way back keeps the records (noop) and running forward again adds no second one
        _migrate(AFTER)
        assert ConsentRecord.objects.filter(registration_id=given.pk).count() == 1
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
