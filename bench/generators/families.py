"""20 000 families with 60 000 persons and their memberships (parents, children, unborn, network)."""

from __future__ import annotations

import datetime

from bench.generators.base import (
    CITIES,
    FIRST_NAMES_F,
    FIRST_NAMES_M,
    LAST_NAMES,
    STREETS,
    Context,
    copy_rows,
    reset_sequence,
)

NAME = "families"
LANGUAGES = ["Nederlands", "Nederlands", "Nederlands", "Frans", "Arabisch", "Turks", "Engels", "Pools",
             "Roemeens", "Tigrinya"]
NETWORK = ["grootmoeder", "grootvader", "partner niet inwonend", "buurvrouw", "tante", "veiligheidspersoon"]


def available() -> bool:
    return True


def _national_number(birth: datetime.date, serial: int) -> str:
    from spalk.testing.factories import national_number

    return national_number(birth, serial)


def generate(ctx: Context) -> None:
    from spalk.families.models import Family, FamilyMember, Person

    rng = ctx.rng(NAME)
    centres = ctx.shared["centres"]
    short = ctx.shared["centre_short"]
    total = ctx.n(20_000, minimum=len(centres) * 5)
    per_centre = total // len(centres)
    families, persons, members = [], [], []
    by_centre: dict[int, list[int]] = {}
    persons_by_family: dict[int, list[int]] = {}
    family_centre: dict[int, int] = {}
    family_opened: dict[int, datetime.date] = {}
    serials: dict[tuple[int, datetime.date], int] = {}
    family_id = person_id = member_id = 0
    today = ctx.today

    def person(centre_id: int, first: str, last: str, birth, expected, sex: str) -> int:
        nonlocal person_id
        person_id += 1
        nn = ""
        if birth is not None and rng.random() < 0.7:
            key = (centre_id, birth)
            serials[key] = serials.get(key, 0) + 1
            if serials[key] <= 997:
                nn = _national_number(birth, serials[key])
        phone = f"04{rng.randint(70, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
        persons.append((person_id, centre_id, first, last, birth, expected, sex, nn,
                        phone if birth and birth.year < today.year - 14 else "", "", ctx.now, ctx.now, 1))
        return person_id

    def member(fid: int, pid: int, role: str, relation: str, pregnant: bool, start) -> None:
        nonlocal member_id
        member_id += 1
        members.append((member_id, fid, pid, role, relation, pregnant, start, None, ctx.now))
        persons_by_family[fid].append(pid)

    for centre_id in centres:
        by_centre[centre_id] = []
        for k in range(1, per_centre + 1):
            family_id += 1
            last = rng.choice(LAST_NAMES)
            postal, city = rng.choice(CITIES)
            opened = today - datetime.timedelta(days=rng.randint(0, 4 * 365))
            family_opened[family_id] = opened
            families.append((family_id, centre_id, f"Gezin {last}", f"{short[centre_id]}-{opened.year}-{k:04d}",
                             f"{rng.choice(STREETS)} {rng.randint(1, 250)}", postal, city,
                             f"04{rng.randint(70, 99)} {rng.randint(100000, 999999)}", rng.choice(LANGUAGES),
                             ctx.now, None, ctx.now, 1))
            by_centre[centre_id].append(family_id)
            family_centre[family_id] = centre_id
            persons_by_family[family_id] = []
            mother_birth = today - datetime.timedelta(days=rng.randint(14 * 365, 40 * 365))
            pregnant = rng.random() < 0.15
            mother = person(centre_id, rng.choice(FIRST_NAMES_F), last, mother_birth, None, "f")
            member(family_id, mother, "parent", "moeder", pregnant, opened)
            if rng.random() < 0.35:
                father = person(centre_id, rng.choice(FIRST_NAMES_M), rng.choice([last, rng.choice(LAST_NAMES)]),
                                today - datetime.timedelta(days=rng.randint(17 * 365, 45 * 365)), None, "m")
                member(family_id, father, "parent", "vader", False, opened)
            for _ in range(rng.choice([0, 1, 1, 1, 2, 2, 3])):
                birth = today - datetime.timedelta(days=rng.randint(1, 6 * 365))
                sex = rng.choice("fm")
                child = person(centre_id, rng.choice(FIRST_NAMES_F if sex == "f" else FIRST_NAMES_M), last, birth,
                               None, sex)
                member(family_id, child, "child", "kind", False, opened)
            if pregnant:
                unborn = person(centre_id, "", last, None, today + datetime.timedelta(days=rng.randint(10, 200)),
                                "u")
                member(family_id, unborn, "unborn", "ongeboren kind", False, opened)
            if rng.random() < 0.2:
                net = person(centre_id, rng.choice(FIRST_NAMES_F + FIRST_NAMES_M), rng.choice(LAST_NAMES),
                             today - datetime.timedelta(days=rng.randint(30 * 365, 75 * 365)), None, "u")
                member(family_id, net, "network", rng.choice(NETWORK), False, opened)

    copy_rows(ctx, Family, ["id", "centre", "name", "reference", "street", "postal_code", "city", "phone",
                            "languages", "created_at", "created_by", "updated_at", "version"], families)
    copy_rows(ctx, Person, ["id", "centre", "first_name", "last_name", "birth_date", "expected_birth_date", "sex",
                            "national_number", "phone", "email", "created_at", "updated_at", "version"], persons)
    copy_rows(ctx, FamilyMember, ["id", "family", "person", "role", "relation", "pregnant", "start_date",
                                  "end_date", "created_at"], members)
    for model in (Family, Person, FamilyMember):
        reset_sequence(model)
    ctx.shared["families_by_centre"] = by_centre
    ctx.shared["family_centre"] = family_centre
    ctx.shared["family_opened"] = family_opened
    ctx.shared["persons_by_family"] = persons_by_family
