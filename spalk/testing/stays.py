"""Book a stay in tests the way the application does: within an open trajectory, through
``trajectories.services.stay_book`` (stay modules, contextbegeleiding alongside, the unit's allocation, one audit
row). The stays' own booking primitive is private to the trajectory services."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django.utils import timezone

from spalk.families.models import Family, FamilyMember
from spalk.stays.models import Allocation, Unit


def _ensure_module_catalogue() -> None:
    """A transactional test empties every table, the module catalogue of data migration intake/0003 included:
    load it again (idempotent) when it is gone, since a stay module is taken from it."""
    import importlib

    from django.apps import apps

    from spalk.intake.models import Module

    if not Module.objects.exists():
        importlib.import_module("spalk.intake.migrations.0003_module_catalogue").load(apps, None)


def book_stay(*, actor: Any, family: Family, unit: Unit, start: datetime.date, end: datetime.date,
              members: list[FamilyMember], care: str = "crisis") -> Allocation:
    """Admit ``family`` (from ``start``, or today for a stay in the future) when it has no open trajectory, then
    book ``unit`` for ``members``; a stay that ended by today is ended (its stay modules too). A crisis stay by
    default: it needs no indication (BRIEF.md §3)."""
    from spalk.trajectories import services as trajectory_services

    _ensure_module_catalogue()
    if trajectory_services.open_trajectory_for(family) is None:
        trajectory_services.trajectory_admit(actor=actor, family=family,
                                             admitted_on=min(start, timezone.localdate()))
    outcome = trajectory_services.stay_book(actor=actor, family=family, unit=unit, members=members, care=care,
                                            start_date=start, planned_end=end)
    assert outcome.allocation is not None
    if end <= timezone.localdate():  # a stay in the past is over: the family went home, its stay modules ended
        trajectory_services.switch_to_home(actor=actor, trajectory=outcome.trajectory, on_date=end)
    return outcome.allocation


def staying_family(*, centre: Any, name: str | None = None, child_age: int = 2) -> tuple[Family, list[FamilyMember]]:
    """A fictional family of a parent and a young child, the smallest family that gets a stay module."""
    from spalk.stays.tests.factories import add_member
    from spalk.testing.factories import FamilyFactory, FamilyMemberFactory

    family = cast(Family, FamilyFactory(centre=centre, **({"name": name} if name else {})))
    parent = cast(FamilyMember, FamilyMemberFactory(family=family))
    return family, [parent, cast(FamilyMember, add_member(family, age=child_age, first_name="Mila"))]
