"""A year of audit trail: 2 million events (reads of families and persons, list searches with the family ids
they showed, changes, sign-ins), in time order as production writes them."""

from __future__ import annotations

import datetime
import uuid

from bench.generators.base import Context, IndexesDropped, copy_rows, jsonb, reset_sequence

NAME = "audit"
READERS = ["director", "team_lead", "intake_officer", "counsellor", "counsellor", "counsellor",
           "context_counsellor", "night_staff", "administrative", "case_lead"]


def available() -> bool:
    return True


def generate(ctx: Context) -> None:
    from spalk.audit.models import AuditEvent

    rng = ctx.rng(NAME)
    total = ctx.n(2_000_000, minimum=1000)
    days = 365
    per_day = max(1, total // days)
    staff = ctx.shared["staff"]
    families = ctx.shared["families_by_centre"]
    persons = ctx.shared["persons_by_family"]
    centres = ctx.shared["centres"]
    emails = ctx.shared.setdefault("emails", {})
    start = ctx.now - datetime.timedelta(days=days)
    counter = [0]
    uuid_rng = ctx.rng(NAME + ".uuid")

    def rows():
        for day in range(days):
            events = []
            base = start + datetime.timedelta(days=day)
            for _ in range(per_day):
                centre_id = centres[rng.randrange(len(centres))]
                role = READERS[rng.randrange(len(READERS))]
                actor = rng.choice(staff[centre_id][role])
                at = base + datetime.timedelta(seconds=rng.randrange(86_400))
                family_id = rng.choice(families[centre_id])
                kind = rng.random()
                extra: dict = {}
                fields: list = []
                person_id = None
                path = f"/families/{family_id}/"
                if kind < 0.62:
                    action, otype, oid = "view", "families.family", str(family_id)
                elif kind < 0.72:
                    action, otype, oid = "view", "families.person", ""
                    person_id = rng.choice(persons[family_id])
                    oid = str(person_id)
                    path = f"/families/{family_id}/persons/{person_id}/edit/"
                elif kind < 0.82:
                    action, otype, oid, path = rng.choice(["view", "search"]), "families.family", "", "/families/"
                    ids = rng.sample(families[centre_id], min(20, len(families[centre_id])))
                    extra = {"query": {"q": "", "page": 1}, "count": len(families[centre_id]),
                             "family_ids": ids}
                    family_id = None
                elif kind < 0.92:
                    action, otype, oid = "update", "families.family", str(family_id)
                    fields = rng.sample(["name", "street", "city", "phone", "languages"], 2)
                    path = f"/families/{family_id}/edit/"
                else:
                    action, otype, oid, path = "login", "accounts.user", str(actor), "/accounts/login/"
                    family_id = None
                list_or_login = family_id is None
                events.append((at, actor, role, centre_id, action, otype, oid, family_id, person_id, fields,
                               extra, path, list_or_login))
            events.sort(key=lambda e: e[0])
            for at, actor, _role, centre_id, action, otype, oid, family_id, person_id, fields, extra, path, \
                    no_centre in events:
                counter[0] += 1
                yield (counter[0], at, actor, emails.get(actor) or f"user{actor}@bench.example", action,
                       None if no_centre else centre_id, family_id, person_id, otype, oid, jsonb(fields), "",
                       "web", "127.0.0.1", uuid.UUID(int=uuid_rng.getrandbits(128)).hex, path, jsonb(extra))

    with IndexesDropped(AuditEvent):
        copy_rows(ctx, AuditEvent, ["id", "at", "actor", "actor_label", "action", "centre_id", "family_id",
                                    "person_id", "object_type", "object_id", "fields", "reason", "via", "ip",
                                    "request_id", "path", "extra"], rows())
    reset_sequence(AuditEvent)
