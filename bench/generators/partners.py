"""The partner directory of every centre: 30 organisations (referrers and referral targets) with two
contact persons each. Names are fictional."""

from __future__ import annotations

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

NAME = "partners"
# kind, name pattern, accepts referrals, offer
KINDS = [
    ("ocj", "OCJ {city}", False, ""),
    ("youth_court", "Jeugdrechtbank {city}", False, ""),
    ("vk", "Vertrouwenscentrum Kindermishandeling {city}", True, "Onderzoek en hulp bij vermoeden van mishandeling"),
    ("caw", "CAW {city}", True, "Algemeen welzijnswerk, thuislozenzorg, begeleid wonen"),
    ("kg", "Kind en Gezin regio {city}", True, "Consultatiebureau, prenatale ondersteuning"),
    ("clb", "CLB {city}", True, "Leerlingenbegeleiding"),
    ("cgg", "CGG {city}", True, "Ambulante geestelijke gezondheidszorg, ook bij psychiatrische problemen"),
    ("gp", "Huisartsenpraktijk {last}", False, ""),
    ("hospital", "AZ {city}", False, ""),
    ("ocmw", "OCMW {city}", True, "Leefloon, schuldbemiddeling, huisvesting"),
    ("school", "Basisschool De {last}", False, ""),
    ("1g1p", "Netwerk 1G1P {city}", True, "Gezinsondersteuning met één plan"),
    ("itp", "Intersectorale Toegangspoort {city}", False, ""),
    ("disability", "VAPH-dienst {city}", True, "Ondersteuning bij een (vermoeden van) beperking"),
    ("addiction", "De Sleutel {city}", True, "Ambulante en residentiële drughulpverlening"),
]
PER_CENTRE = 30
FUNCTIONS = ["consulent", "maatschappelijk werker", "psycholoog", "vroedvrouw", "teamverantwoordelijke",
             "jeugdrechter", "huisarts", "zorgcoördinator"]


def available() -> bool:
    from django.apps import apps

    return apps.is_installed("spalk.partners")


def generate(ctx: Context) -> None:
    from spalk.partners.models import ContactPerson, Organisation

    rng = ctx.rng(NAME)
    orgs, contacts = [], []
    oid = cid = 0
    by_centre: dict[int, list[int]] = {}
    contacts_by_org: dict[int, list[int]] = {}
    for centre_id in ctx.shared["centres"]:
        by_centre[centre_id] = []
        home_postal, home_city = CITIES[(centre_id - 1) % len(CITIES)]
        names: set[str] = set()
        for k in range(PER_CENTRE):
            kind, pattern, accepts, offer = KINDS[k % len(KINDS)]
            postal, city = (home_postal, home_city) if k < len(KINDS) else rng.choice(CITIES)
            name = pattern.format(city=city, last=rng.choice(LAST_NAMES))
            while name.lower() in names:  # unique per centre, case-insensitive
                name += " bis"
            names.add(name.lower())
            oid += 1
            orgs.append((oid, centre_id, name, kind, f"{rng.choice(STREETS)} {rng.randint(1, 150)}", postal, city,
                         f"0{rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                         f"info@p{oid}.bench.example", "", offer, accepts, True, ctx.now, ctx.now))
            by_centre[centre_id].append(oid)
            contacts_by_org[oid] = []
            for _ in range(2):
                cid += 1
                first = rng.choice(FIRST_NAMES_F + FIRST_NAMES_M)
                contacts.append((cid, oid, f"{first} {rng.choice(LAST_NAMES)}", rng.choice(FUNCTIONS),
                                 f"04{rng.randint(70, 99)} {rng.randint(100000, 999999)}",
                                 f"{first.lower()}.{cid}@p{oid}.bench.example", True))
                contacts_by_org[oid].append(cid)
    copy_rows(ctx, Organisation, ["id", "centre", "name", "kind", "street", "postal_code", "city", "phone", "email",
                                  "website", "offer", "accepts_referrals", "is_active", "created_at", "updated_at"],
              orgs)
    copy_rows(ctx, ContactPerson, ["id", "organisation", "name", "function", "phone", "email", "is_active"], contacts)
    reset_sequence(Organisation)
    reset_sequence(ContactPerson)
    ctx.shared["partners_by_centre"] = by_centre
    ctx.shared["partner_kind"] = {row[0]: row[3] for row in orgs}
    ctx.shared["partner_contacts"] = contacts_by_org
