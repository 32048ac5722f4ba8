"""Units of every centre and the stays (allocations) of families in them: three years of history,
about 65 % of the units occupied today (some 620 families in residence, ten times the sector's 63)."""

from __future__ import annotations

import datetime

from psycopg.types.range import Range

from bench.generators.base import Context, copy_dicts, reset_sequence

NAME = "stays"
KINDS = ["room", "room", "studio", "apartment"]


def available() -> bool:
    from django.apps import apps

    return apps.is_installed("spalk.stays")


def generate(ctx: Context) -> None:
    from django.apps import apps

    from spalk.stays.models import Allocation, Unit

    rng = ctx.rng(NAME)
    units, allocations = [], []
    uid = alid = 0
    residents: dict[int, list[int]] = {}
    for centre_id, family_ids in ctx.shared["families_by_centre"].items():
        residents[centre_id] = []
        pool = list(family_ids)
        rng.shuffle(pool)
        for k in range(1, 13):
            uid += 1
            kind = KINDS[k % len(KINDS)]
            units.append({"id": uid, "centre": centre_id, "name": f"Unit {k:02d}", "kind": kind,
                          "capacity_adults": 2 if kind == "apartment" else 1,
                          "capacity_children": 3 if kind == "apartment" else 2, "cots": 1, "features": "",
                          "is_active": True, "version": 1})
            day = ctx.today - datetime.timedelta(days=3 * 365)
            while day < ctx.today and pool:
                end = day + datetime.timedelta(days=rng.randint(20, 180))
                family_id = pool.pop()
                current = end > ctx.today
                if current and rng.random() < 0.35:  # this unit stands empty today
                    break
                alid += 1
                allocations.append({"id": alid, "unit": uid, "family": family_id, "trajectory": None,
                                    "period": Range(day, end, "[)"), "created_at": ctx.now, "created_by": None})
                if current:
                    residents[centre_id].append(family_id)
                day = end + datetime.timedelta(days=rng.randint(0, 20))
    copy_dicts(ctx, Unit, units)
    copy_dicts(ctx, Allocation, allocations)
    reset_sequence(Unit)
    reset_sequence(Allocation)
    if apps.is_installed("spalk.stays") and "allocationmember" in apps.get_app_config("stays").models:
        _allocation_members(ctx, allocations)
    ctx.shared["residents"] = residents
    ctx.shared["allocations"] = allocations  # the trajectories generator links each to a trajectory


def _allocation_members(ctx: Context, allocations: list[dict]) -> None:
    """Every member of the family (parents, children) stays for the whole allocation."""
    from django.apps import apps

    from spalk.families.models import FamilyMember

    AllocationMember = apps.get_model("stays", "AllocationMember")
    members_by_family: dict[int, list[tuple[int, str]]] = {}
    for mid, fid, role in FamilyMember.objects.filter(role__in=["parent", "child"]).values_list(
            "id", "family_id", "role").iterator(chunk_size=20000):
        members_by_family.setdefault(fid, []).append((mid, role))
    rows, amid = [], 0
    for alloc in allocations:
        for mid, _role in members_by_family.get(alloc["family"], []):
            amid += 1
            rows.append({"id": amid, "allocation": alloc["id"], "member": mid, "period": alloc["period"],
                         "unborn_until": None})
    copy_dicts(ctx, AllocationMember, rows)
    reset_sequence(AllocationMember)
