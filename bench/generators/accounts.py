"""Staff of every centre with their memberships (33 per centre), one installation administrator.

Personas of the benchmark are the staff of centre 1: ``<role>1.c001@bench.example``.
"""

from __future__ import annotations

import datetime

from bench.generators.base import FIRST_NAMES_F, FIRST_NAMES_M, LAST_NAMES, Context, copy_rows, reset_sequence

NAME = "accounts"
PASSWORD = "bench-password-not-secret"  # noqa: S105 - fictional accounts in a throw-away database
STAFF_PER_CENTRE = {
    "director": 1, "team_lead": 2, "intake_officer": 2, "counsellor": 12, "context_counsellor": 4,
    "case_lead": 2, "health_coordinator": 1, "child_worker": 2, "night_staff": 4, "administrative": 2,
    "centre_admin": 1,
}


def persona_email(role: str, centre_id: int = 1, k: int = 1) -> str:
    return f"{role.replace('_', '-')}{k}.c{centre_id:03d}@bench.example"


def available() -> bool:
    return True


def generate(ctx: Context) -> None:
    from django.contrib.auth.hashers import make_password

    from spalk.accounts.models import Membership, User

    rng = ctx.rng(NAME)
    password = make_password(PASSWORD)
    users, memberships = [], []
    staff: dict[int, dict[str, list[int]]] = {}
    user_id = membership_id = 0
    since = ctx.today - datetime.timedelta(days=3 * 365)
    for centre_id in ctx.shared["centres"]:
        staff[centre_id] = {}
        for role, count in STAFF_PER_CENTRE.items():
            for k in range(1, count + 1):
                user_id += 1
                first = rng.choice(FIRST_NAMES_F + FIRST_NAMES_M)
                users.append((user_id, password, persona_email(role, centre_id, k), first, rng.choice(LAST_NAMES),
                              "", True, False, False, False, ctx.now))
                membership_id += 1
                memberships.append((membership_id, user_id, centre_id, role, since, None, ctx.now))
                staff[centre_id].setdefault(role, []).append(user_id)
    # a few people work in two centres (an intake officer shared by neighbours, a former colleague)
    centres = ctx.shared["centres"]
    for centre_id in centres[1::10]:
        other = centres[(centres.index(centre_id) + 1) % len(centres)]
        uid = staff[centre_id]["intake_officer"][0]
        membership_id += 1
        memberships.append((membership_id, uid, other, "intake_officer", since, None, ctx.now))
        ended = staff[centre_id]["counsellor"][-1]
        membership_id += 1
        memberships.append((membership_id, ended, other, "counsellor", since,
                            ctx.today - datetime.timedelta(days=30), ctx.now))
    user_id += 1
    users.append((user_id, password, "installation-admin@bench.example", "Installatie", "Beheerder", "", True,
                  True, True, True, ctx.now))
    copy_rows(ctx, User, ["id", "password", "email", "first_name", "last_name", "phone", "is_active", "is_staff",
                          "is_superuser", "is_installation_admin", "date_joined"], users)
    copy_rows(ctx, Membership, ["id", "user", "centre", "role", "start_date", "end_date", "created_at"],
              memberships)
    reset_sequence(User)
    reset_sequence(Membership)
    ctx.shared["staff"] = staff
    ctx.shared["emails"] = {row[0]: row[2] for row in users}
    ctx.shared["installation_admin"] = user_id
