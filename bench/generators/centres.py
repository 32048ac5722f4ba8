"""80 centres (ten times the eight recognised CIGs). Names are fictional."""

from __future__ import annotations

from bench.generators.base import CITIES, STREETS, Context, copy_rows, reset_sequence

NAME = "centres"
HOUSE_NAMES = ["Ten Anker", "De Linde", "De Brug", "Het Nest", "De Haven", "Zonnebloem", "De Wilg", "Het Anker",
               "De Boomgaard", "Het Kompas"]


def available() -> bool:
    return True


def generate(ctx: Context) -> None:
    from spalk.centres.models import Centre

    rng = ctx.rng(NAME)
    count = ctx.n(80, minimum=2)
    rows, ids = [], []
    for i in range(1, count + 1):
        postal, city = CITIES[(i - 1) % len(CITIES)]
        house = HOUSE_NAMES[(i - 1) // len(CITIES) % len(HOUSE_NAMES)]
        rows.append((i, f"CIG {house} {city} {i:03d}", f"C{i:03d}", f"vzw {house} {i}",
                     f"{rng.choice(STREETS)} {rng.randint(1, 200)}", postal, city,
                     f"0{rng.randint(10, 99)} 12 34 {i:02d}",
                     f"info@c{i:03d}.bench.example", f"https://c{i:03d}.bench.example", True, ctx.now))
        ids.append(i)
    copy_rows(ctx, Centre, ["id", "name", "short_name", "organisation", "street", "postal_code", "city", "phone",
                            "email", "website", "is_active", "created_at"], rows)
    reset_sequence(Centre)
    ctx.shared["centres"] = ids
    ctx.shared["centre_short"] = {i: f"C{i:03d}" for i in ids}
