"""Fictional families. Names and stories are invented; national numbers are left empty on purpose."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils import timezone

from spalk.access.models import AssignmentRole, FamilyAssignment
from spalk.accounts.models import User
from spalk.centres.models import Centre
from spalk.families.models import Family, FamilyMember, MemberRole, Person, Sex
from spalk.families.services import _next_reference
from spalk.stays.models import Allocation, Unit, UnitKind


def _ago(years: int = 0, days: int = 0) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=days)


FAMILIES: list[tuple[Any, ...]] = [
    # centre, family name, city, members [(first, last, role, sex, birth, expected, pregnant, relation)], unit,
    # assignments [(email, role)]
    ("ANK", "Gezin Vermeulen", "Oostende", [
        ("Lotte", "Vermeulen", MemberRole.PARENT, Sex.FEMALE, _ago(17, 40), None, True, "moeder"),
        ("Milan", "Vermeulen", MemberRole.CHILD, Sex.MALE, _ago(2, 10), None, False, "zoon"),
        ("", "Vermeulen", MemberRole.UNBORN, Sex.UNKNOWN, None, timezone.localdate() + datetime.timedelta(days=70),
         False, "ongeboren kind"),
        ("Rita", "Vermeulen", MemberRole.NETWORK, Sex.FEMALE, _ago(49), None, False, "grootmoeder"),
    ], "Studio 1", [("traject@tenanker.demo", AssignmentRole.TRAJECTORY_SUPPORTER),
                    ("vroedvrouw@tenanker.demo", AssignmentRole.HEALTH_COORDINATOR)]),
    ("ANK", "Gezin Peeters", "Bredene", [
        ("Sarah", "Peeters", MemberRole.PARENT, Sex.FEMALE, _ago(24, 100), None, False, "moeder"),
        ("Noor", "Peeters", MemberRole.CHILD, Sex.FEMALE, _ago(4, 20), None, False, "dochter"),
        ("Lars", "Peeters", MemberRole.CHILD, Sex.MALE, _ago(1, 30), None, False, "zoon"),
    ], None, [("context@tenanker.demo", AssignmentRole.CONTEXT_COUNSELLOR),
              ("traject@tenanker.demo", AssignmentRole.TRAJECTORY_SUPPORTER)]),
    ("ANK", "Gezin Yilmaz-Mertens", "Oostende", [
        ("Elif", "Yilmaz", MemberRole.PARENT, Sex.FEMALE, _ago(19, 200), None, True, "moeder"),
        ("Jonas", "Mertens", MemberRole.NETWORK, Sex.MALE, _ago(21, 5), None, False, "partner, niet inwonend"),
    ], "Kamer 2", [("kind@tenanker.demo", AssignmentRole.CHILD_WORKER)]),
    ("ANK", "Gezin Claes", "Middelkerke", [
        ("Jana", "Claes", MemberRole.PARENT, Sex.FEMALE, _ago(16, 90), None, False, "moeder"),
        ("Mona", "Claes", MemberRole.CHILD, Sex.FEMALE, _ago(0, 120), None, False, "dochter"),
    ], None, []),
    ("STO", "Gezin Jacobs", "Antwerpen", [
        ("Femke", "Jacobs", MemberRole.PARENT, Sex.FEMALE, _ago(22), None, False, "moeder"),
        ("Stan", "Jacobs", MemberRole.CHILD, Sex.MALE, _ago(3), None, False, "zoon"),
    ], None, []),
]

UNITS = {
    "ANK": [("Studio 1", UnitKind.STUDIO, 2, 2, 1), ("Studio 2", UnitKind.STUDIO, 2, 2, 1),
            ("Kamer 1", UnitKind.ROOM, 1, 1, 1), ("Kamer 2", UnitKind.ROOM, 1, 1, 1),
            ("Kamer 3", UnitKind.ROOM, 1, 2, 1), ("Appartement A", UnitKind.APARTMENT, 2, 3, 1)],
    "STO": [("Studio A", UnitKind.STUDIO, 2, 2, 1), ("Kamer 1", UnitKind.ROOM, 1, 1, 1)],
}


def load(*, stdout) -> None:
    for short, units in UNITS.items():
        centre = Centre.objects.get(short_name=short)
        for name, kind, adults, children, cots in units:
            Unit.objects.get_or_create(centre=centre, name=name, defaults={
                "kind": kind, "capacity_adults": adults, "capacity_children": children, "cots": cots})
    for short, name, city, members, unit_name, assignments in FAMILIES:
        centre = Centre.objects.get(short_name=short)
        family = Family.objects.filter(centre=centre, name=name).first()
        if family is not None:
            continue
        family = Family.objects.create(centre=centre, name=name, city=city, reference=_next_reference(centre))
        for first, last, role, sex, birth, expected, pregnant, relation in members:
            person = Person.objects.create(centre=centre, first_name=first, last_name=last, sex=sex,
                                           birth_date=birth, expected_birth_date=expected)
            FamilyMember.objects.create(family=family, person=person, role=role, pregnant=pregnant,
                                        relation=relation, start_date=timezone.localdate())
        if unit_name:
            unit = Unit.objects.get(centre=centre, name=unit_name)
            start = timezone.localdate() - datetime.timedelta(days=30)
            Allocation.objects.create(unit=unit, family=family,
                                      period=DateRange(start, start + datetime.timedelta(days=180)))
        for email, role in assignments:
            FamilyAssignment.objects.create(family=family, user=User.objects.get(email=email), role=role)
