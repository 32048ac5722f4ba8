"""Rights drawn by hypothesis for the policy's property tests (search never leaks; centre-scoped lists)."""

from __future__ import annotations

import datetime

from django.db.backends.postgresql.psycopg_any import DateRange

from spalk.access.models import BreakGlassGrant, FamilyAssignment, FamilyShare
from spalk.accounts.models import Membership
from spalk.stays.models import Allocation, Unit


def place_drawn_family(*, family, spec, index: int, centres, granter, today: datetime.date) -> None:
    """Where a drawn family stands: staying in a unit of its centre (``resident``) and shared with the other of
    the two ``centres`` (``shared``), both in force today."""
    if spec["resident"]:
        Allocation.objects.create(unit=Unit.objects.create(centre=family.centre, name=f"U{index}", kind="studio"),
                                  family=family, period=DateRange(today - datetime.timedelta(days=2),
                                                                  today + datetime.timedelta(days=5)))
    if spec["shared"]:
        FamilyShare.objects.create(family=family, centre=centres[1 - spec["centre"]], purpose="test",
                                   granted_by=granter, start_date=today - datetime.timedelta(days=1))


def grant_drawn_rights(*, people, specs, centres, made, today: datetime.date,
                       now: datetime.datetime | None = None) -> None:
    """Give each user of ``people`` the rights its spec draws: ``roles`` in centre ``centre`` (an index of
    ``centres``), assignments to the families ``assigned`` and, when drawn, a portal account for the parent of
    family ``portal`` and a break-the-glass grant on family ``glass`` (indexes of ``made``: (family, parent)
    pairs; out of range: none). One portal account per person."""
    portals: set[int] = set()
    for user, spec in zip(people, specs, strict=True):
        if 0 <= spec["portal"] < len(made) and spec["portal"] not in portals:
            portals.add(spec["portal"])
            user.portal_person = made[spec["portal"]][1]
            user.save(update_fields=["portal_person"])
        for role in spec["roles"]:
            Membership.objects.create(user=user, centre=centres[spec["centre"]], role=role,
                                      start_date=today - datetime.timedelta(days=30))
        for index in spec["assigned"]:
            if index < len(made):
                FamilyAssignment.objects.create(family=made[index][0], user=user, role="trajectory_supporter",
                                                start_date=today - datetime.timedelta(days=3))
        if now is not None and 0 <= spec.get("glass", -1) < len(made):
            BreakGlassGrant.objects.create(family=made[spec["glass"]][0], user=user, reason="Crisis 's nachts",
                                           expires_at=now + datetime.timedelta(hours=1))
