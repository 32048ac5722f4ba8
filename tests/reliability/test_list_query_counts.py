"""Lists answer with the same number of queries for a few rows and for three times as many (issue 9: "query-count
tests for the API lists, the audit list and the dashboard"). A list that loads something per row fails here."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.families.models import MemberRole
from spalk.testing.factories import FamilyFactory, FamilyMemberFactory
from spalk.testing.logbook import IncidentFactory, NoteFactory

_n = itertools.count()


def _family(centre):
    family = FamilyFactory(centre=centre, name=f"Gezin Lijst {next(_n)}")
    FamilyMemberFactory(family=family, role=MemberRole.PARENT)
    FamilyMemberFactory(family=family, role=MemberRole.CHILD)
    return family


def _trajectory(centre, director):
    from spalk.trajectories.models import Trajectory

    family = _family(centre)
    Trajectory.objects.create(family=family, centre=centre, admitted_on=timezone.localdate() - datetime.timedelta(9))


def _allocation(centre, director):
    from spalk.stays.tests.factories import UnitFactory, add_member
    from spalk.testing.stays import book_stay

    family = _family(centre)
    add_member(family, age=2)
    today = timezone.localdate()
    book_stay(actor=director, family=family, unit=UnitFactory(centre=centre, capacity_adults=2, capacity_children=2),
              start=today - datetime.timedelta(days=today.weekday()), end=today + datetime.timedelta(days=10),
              members=list(family.members.all()))


def _registration(centre, director):
    from spalk.intake.services import registration_create

    registration_create(actor=director, centre=centre, data={
        "received_on": timezone.localdate(), "family_name": f"Gezin Aanmelding {next(_n)}", "channel": "phone"})


def _organisation(centre, director):
    from spalk.partners.models import Organisation, OrganisationKind

    Organisation.objects.create(centre=centre, name=f"Dienst {next(_n)}", kind=OrganisationKind.values[0])


def _notes_family(centre):
    from spalk.families.models import Family

    family = Family.objects.filter(centre=centre, name="Gezin Notities").first()
    if family is None:
        family = FamilyFactory(centre=centre, name="Gezin Notities")
        FamilyMemberFactory(family=family, role=MemberRole.PARENT)
    return family


def _note(centre, director):
    family = _notes_family(centre)
    note = NoteFactory(family=family, author=director)
    note.persons.add(family.members.first().person)  # a note about a person: its name is on the list


def _incident(centre, director):
    IncidentFactory(family=_family(centre), reported_by=director)


def _audit_row(centre, director):
    family = _family(centre)
    with transaction.atomic():
        audit_record(actor=director, action=AuditAction.UPDATE, target=family, fields=["name"])


LISTS: dict[str, tuple[str | Callable, Callable]] = {
    "api families": ("/api/v1/families/", lambda c, d: _family(c)),
    "api trajectories": ("/api/v1/trajectories/", _trajectory),
    "api allocations": ("/api/v1/stays/allocations", _allocation),
    "api registrations": ("/api/v1/intake/registrations", _registration),
    "api partner organisations": ("/api/v1/partners/organisations", _organisation),
    "api logbook notes": (lambda centre: f"/api/v1/logbook/notes?family_id={_notes_family(centre).pk}", _note),
    "api incidents": ("/api/v1/logbook/incidents", _incident),
    "audit list": ("/audit/", _audit_row),
    "stays dashboard": ("/stays/dashboard/", _allocation),
}


def _queries(client, url: str, headers: dict) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured.captured_queries)


@pytest.mark.parametrize("name", sorted(LISTS))
def test_a_list_does_not_query_per_row(name, client, mfa_client, director, centre):
    from spalk.api.services import api_token_create

    url, grow = LISTS[name]
    url = url(centre) if callable(url) else url
    if url.startswith("/api/"):
        _token, raw = api_token_create(actor=director, user=director, name="lijsten")
        http, headers = client, {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    else:
        http, headers = mfa_client(director), {}
    for _ in range(2):
        grow(centre, director)
    _queries(http, url, headers)  # warm the per-process caches (content types, settings rows)
    few = _queries(http, url, headers)
    for _ in range(4):
        grow(centre, director)
    many = _queries(http, url, headers)
    assert many == few, f"{url}: {few} queries for 2 rows, {many} for 6"
