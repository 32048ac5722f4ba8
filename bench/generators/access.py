"""Team assignments (every family has a counsellor, many a context counsellor or case lead), shares between
centres and a few break-the-glass grants."""

from __future__ import annotations

import datetime

from bench.generators.base import Context, copy_rows, reset_sequence

NAME = "access"
OPTIONAL = [("context_counsellor", "context_counsellor", 0.5), ("case_lead", "case_lead", 0.3),
            ("health_coordinator", "health_coordinator", 0.1), ("child_worker", "child_worker", 0.1)]


def available() -> bool:
    return True


def generate(ctx: Context) -> None:
    from spalk.access.models import BreakGlassGrant, FamilyAssignment, FamilyShare

    rng = ctx.rng(NAME)
    staff = ctx.shared["staff"]
    centres = ctx.shared["centres"]
    assignments, shares, grants = [], [], []
    aid = sid = gid = 0
    for centre_id, family_ids in ctx.shared["families_by_centre"].items():
        roles = staff[centre_id]
        for index, family_id in enumerate(family_ids):
            start = ctx.today - datetime.timedelta(days=rng.randint(1, 900))
            counsellors = roles["counsellor"]
            aid += 1
            assignments.append((aid, family_id, counsellors[index % len(counsellors)], "counsellor", start, None,
                                ctx.now))
            if rng.random() < 0.1:  # an earlier counsellor, no longer on the team
                aid += 1
                assignments.append((aid, family_id, rng.choice(counsellors), "counsellor",
                                    start - datetime.timedelta(days=200), start - datetime.timedelta(days=1),
                                    ctx.now))
            for staff_role, team_role, share in OPTIONAL:
                if rng.random() < share:
                    aid += 1
                    assignments.append((aid, family_id, rng.choice(roles[staff_role]), team_role, start, None,
                                        ctx.now))
            if rng.random() < 0.01:
                sid += 1
                other = centres[(centres.index(centre_id) + 1) % len(centres)]
                shares.append((sid, family_id, other, "Gezamenlijke opvolging na verhuis", start, None,
                               roles["director"][0], ctx.now))
            if rng.random() < 0.003:
                gid += 1
                at = ctx.now - datetime.timedelta(days=rng.randint(1, 300))
                grants.append((gid, family_id, rng.choice(roles["night_staff"]), "night_or_weekend",
                               "Nachtelijke crisis, de begeleider is onbereikbaar", at,
                               at + datetime.timedelta(hours=8), None, None))
    copy_rows(ctx, FamilyAssignment, ["id", "family", "user", "role", "start_date", "end_date", "created_at"],
              assignments)
    copy_rows(ctx, FamilyShare, ["id", "family", "centre", "purpose", "start_date", "end_date", "granted_by",
                                 "created_at"], shares)
    copy_rows(ctx, BreakGlassGrant, ["id", "family", "user", "category", "reason", "created_at", "expires_at",
                                     "reviewed_by", "reviewed_at"], grants)
    for model in (FamilyAssignment, FamilyShare, BreakGlassGrant):
        reset_sequence(model)
