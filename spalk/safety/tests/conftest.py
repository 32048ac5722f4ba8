"""Safety fixtures: a child Noor in ``family``, a current safety plan with a safety person, a contact restriction,
a mapping and an open Kindreflex procedure; ``resident`` puts the family in a unit of its centre (night staff see
it). All data fictional."""

from __future__ import annotations

import datetime

import pytest
from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils import timezone

from spalk.safety import kindreflex, services
from spalk.stays.models import Allocation, AllocationMember, Unit
from spalk.testing.factories import FamilyMemberFactory


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def noor(family, today):
    return FamilyMemberFactory(family=family, role="child", person__first_name="Noor", person__last_name="Peeters",
                               person__birth_date=today - datetime.timedelta(days=400)).person


@pytest.fixture
def resident(family, centre, noor, today):
    unit = Unit.objects.create(centre=centre, name="Studio 1", kind="studio", capacity_adults=2, capacity_children=2)
    allocation = Allocation.objects.create(unit=unit, family=family, period=DateRange(
        today - datetime.timedelta(days=3), today + datetime.timedelta(days=30)))
    for member in family.members.all():
        AllocationMember.objects.create(allocation=allocation, member=member, period=allocation.period)
    return family


@pytest.fixture
def plan(director, family, today):
    return services.safety_plan_create(actor=director, family=family, data={
        "agreed_on": today, "review_on": today + datetime.timedelta(days=30),
        "rules": "Oma Rita haalt Noor op school op maandag en donderdag.\nMama drinkt niet als ze alleen is met Noor."})


@pytest.fixture
def rita(director, plan):
    return services.safety_person_add(actor=director, plan=plan, data={
        "name": "Rita Peeters", "relation": "grootmoeder", "phone": "0470 12 34 56",
        "does": "Belt elke avond om 19u en komt langs als Sarah niet opneemt.", "reachable": "altijd"})


@pytest.fixture
def restriction(director, family, noor, today):
    return services.restriction_create(actor=director, family=family, data={
        "child": noor, "restricted_name": "Kevin D.", "relation": "vader", "kind": "no_pickup",
        "valid_from": today - datetime.timedelta(days=1), "valid_until": today + datetime.timedelta(days=60),
        "source": "court_order", "source_reference": "Jeugdrechtbank Brugge, 12/11/2026, 26/1234",
        "if_seen": "Deur niet openen; bel 101 en de teamverantwoordelijke."})


@pytest.fixture
def mapping(director, family, noor, today):
    return services.mapping_create(actor=director, family=family, data={
        "title": "Veiligheid van Noor thuis", "child": noor, "mapped_on": today,
        "next_review_on": today + datetime.timedelta(days=14)})


@pytest.fixture
def procedure(counsellor, family, noor, today):
    return kindreflex.procedure_start(actor=counsellor, family=family, child=noor, started_on=today)
