"""Trajectories of the families (spalk.trajectories): one per family that stayed in a unit (the stays
generator's allocation belongs to it), a context-only trajectory for most other families, a second trajectory
or a reopening (terugvalbasis) for some; phases, module episodes per member (contextbegeleiding for the whole
trajectory, a stay module during the allocation), closures, trajectory supporters (TO) with their intensity
and the team assignment that gives them access.

About 19 000 trajectories, 55 000 module episodes and 23 000 supporters at scale 1. The ITP indications the
stay episodes rely on are left in ``ctx.shared["indications"]`` for the intake generator (A-documents)."""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass, field

from bench.generators.base import Context, copy_dicts, copy_rows, reset_sequence

NAME = "trajectories"
DAY = datetime.timedelta(days=1)
DESTINATIONS = ["home_with_support", "home_with_support", "home", "home", "other_service", "foster_care",
                "residential_youth_care", "independent_living", "unknown"]
CLOSE_REASONS = ["Doelen van het handelingsplan bereikt", "Gezin verhuist naar een andere regio",
                 "Overgang naar ambulante hulp", "Gezin stopt de begeleiding", "Plaatsing van het kind"]
FOLLOW_UPS = ["Terugvalbasis: TO blijft aanspreekpunt", "Overdracht aan CAW", "Opvolging door Kind en Gezin", ""]
FREQUENCIES = ["twee huisbezoeken per week", "wekelijks huisbezoek", "drie contacten per week", ""]
REOPEN_WITHIN = 180


def available() -> bool:
    from django.apps import apps

    return bool(list(apps.get_app_config("trajectories").get_models()))


@dataclass
class Member:
    id: int
    role: str
    person: int
    birth: datetime.date | None
    pregnant: bool


@dataclass
class Plan:
    """One trajectory: admission, the closures (a reopening leaves a closure with ``reopened_on``)."""

    family: int
    centre: int
    admitted: datetime.date
    closed: datetime.date | None
    reopen: tuple[datetime.date, datetime.date] | None = None  # (closed on, reopened on)
    allocation: dict | None = None
    id: int = 0
    phases: list[tuple[str, datetime.date, datetime.date | None]] = field(default_factory=list)


def _members() -> dict[int, list[Member]]:
    from spalk.families.models import FamilyMember

    out: dict[int, list[Member]] = {}
    for mid, fid, role, pid, birth, pregnant in (
            FamilyMember.objects.filter(role__in=["parent", "child"]).order_by("family_id", "pk")
            .values_list("id", "family_id", "role", "person_id", "person__birth_date", "pregnant")
            .iterator(chunk_size=20000)):
        out.setdefault(fid, []).append(Member(mid, role, pid, birth, pregnant))
    return out


def _phases(plan: Plan, rng, today: datetime.date) -> list[tuple[str, datetime.date, datetime.date | None]]:
    """Consecutive half-open phases; empty ones left out, the last one open."""
    end = plan.closed
    cuts = [("intake", plan.admitted)]
    obs = plan.admitted + datetime.timedelta(days=rng.randint(10, 30))
    if plan.allocation is not None:
        obs = max(obs, plan.allocation["period"].lower)
        cuts.append(("observation", obs))
        cuts.append(("support", obs + datetime.timedelta(days=rng.randint(20, 45))))
    else:
        cuts.append(("support", obs))
    if plan.reopen is not None:
        c1, r1 = plan.reopen
        cuts.append(("closing", c1 - datetime.timedelta(days=rng.randint(7, 30))))
        cuts.append(("aftercare", c1))
        cuts.append(("support", r1))
    if end is not None:
        cuts.append(("closing", end - datetime.timedelta(days=rng.randint(7, 30))))
        cuts.append(("aftercare", end))
    # monotonic, within [admitted, today], no empty phase; a closure or a reopening cuts what came before
    forced = {"aftercare"}
    out: list[list] = []
    for phase, start in cuts:
        start = min(max(start, plan.admitted), today)
        if phase in forced or (phase == "support" and plan.reopen is not None and start == plan.reopen[1]):
            while len(out) > 1 and out[-1][1] >= start:
                out.pop()
        if out and start <= out[-1][1]:
            continue
        if out and out[-1][0] == phase:
            continue
        out.append([phase, start])
    return [(p, s, out[i + 1][1] if i + 1 < len(out) else None) for i, (p, s) in enumerate(out)]


def _plan(ctx: Context, rng, members: dict[int, list[Member]]) -> list[Plan]:
    today = ctx.today
    opened = ctx.shared.get("family_opened", {})
    allocation_of = {a["family"]: a for a in ctx.shared.get("allocations", [])}
    plans: list[Plan] = []
    for centre_id, family_ids in ctx.shared["families_by_centre"].items():
        for fid in family_ids:
            if not members.get(fid):
                continue
            alloc = allocation_of.get(fid)
            if alloc is not None:
                start, end = alloc["period"].lower, alloc["period"].upper
                admitted = start if rng.random() < 0.3 else start - datetime.timedelta(days=rng.randint(1, 60))
                closed = None
                if end <= today:
                    close = end + datetime.timedelta(days=rng.randint(0, 150))
                    closed = close if close < today else None
                if rng.random() < 0.12:  # an earlier context trajectory, long closed
                    first_close = admitted - datetime.timedelta(days=rng.randint(REOPEN_WITHIN + 20, 500))
                    plans.append(Plan(fid, centre_id, first_close - datetime.timedelta(days=rng.randint(60, 400)),
                                      first_close))
                plans.append(Plan(fid, centre_id, admitted, closed, allocation=alloc))
                continue
            if rng.random() < 0.2:  # registered (see intake), never admitted
                continue
            base = opened.get(fid, today - datetime.timedelta(days=rng.randint(30, 1400)))
            admitted = min(base + datetime.timedelta(days=rng.randint(0, 60)), today - DAY)
            length = rng.randint(60, 720)
            closed = admitted + datetime.timedelta(days=length)
            closed = closed if closed < today else None
            reopen = None
            if closed is not None and rng.random() < 0.05:  # closed, resumed within the period, closed again
                c1 = admitted + datetime.timedelta(days=length // 2)
                r1 = c1 + datetime.timedelta(days=rng.randint(14, REOPEN_WITHIN))
                if r1 < closed:
                    reopen = (c1, r1)
            plans.append(Plan(fid, centre_id, admitted, closed, reopen=reopen))
            if closed is not None and rng.random() < 0.15:  # came back later: a new trajectory
                again = closed + datetime.timedelta(days=rng.randint(REOPEN_WITHIN + 1, 400))
                if again < today:
                    close2 = again + datetime.timedelta(days=rng.randint(60, 500))
                    plans.append(Plan(fid, centre_id, again, close2 if close2 < today else None))
    return plans


def _stay_modules(care: str, staying: list[Member], on: datetime.date) -> list[tuple[Member, str, str]]:
    """(member, module code, access route) as the access-route engine gives them in a family admission."""
    minors = sorted([m for m in staying if m.role == "child"], key=lambda m: m.birth or on)
    if care == "crisis":
        who = minors or [m for m in staying if m.role == "parent"][:1]
        return [(m, "KCV", "crisis") for m in who]
    high = care == "stay_high"
    out = []
    for i, m in enumerate(minors):
        out.append((m, ("VHF-GO" if high else "VLF-GO") if i == 0 else ("VHF-RT" if high else "VLF-RT"),
                    "itp" if i == 0 else "direct"))
    if not minors:
        for m in staying:
            if m.role == "parent" and m.pregnant:
                out.append((m, "VHF-RT" if high else "VLF-RT", "direct"))
        if not out:
            parent = next(m for m in staying if m.role == "parent")
            out.append((parent, "VHF" if high else "VLF", "itp"))
    return out


def generate(ctx: Context) -> None:
    from django.db import connection

    from spalk.access.models import FamilyAssignment
    from spalk.trajectories.models import (
        CentreTrajectorySettings,
        ModuleEpisode,
        Supporter,
        SupporterIntensity,
        Trajectory,
        TrajectoryClosure,
        TrajectoryPhase,
    )

    rng = ctx.rng(NAME)
    today = ctx.today
    staff = ctx.shared["staff"]
    members = _members()
    plans = _plan(ctx, rng, members)
    plans.sort(key=lambda p: (p.family, p.admitted))
    for i, plan in enumerate(plans, start=1):
        plan.id = i
    next_admission = {(a.family, a.id): b.admitted for a, b in itertools.pairwise(plans)
                      if a.family == b.family}

    assignment_id = FamilyAssignment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    trajectories, phases, closures, episodes, supporters, intensities, assignments = [], [], [], [], [], [], []
    links: list[tuple[int, int]] = []
    indications: dict[int, list[dict]] = {}
    admissions: dict[int, list[dict]] = {}
    ph_id = cl_id = ep_id = su_id = in_id = 0

    def episode(plan, member, code, residential, route, start, end, planned, ref="", decided=None, until=None):
        nonlocal ep_id
        ep_id += 1
        episodes.append((ep_id, plan.id, member.id, code, residential, start, planned, end,
                         rng.choice(FREQUENCIES) if not residential else "", route, ref, decided, until, ctx.now,
                         rng.choice(staff[plan.centre]["counsellor"])))

    def closure(plan, closed_on, reopened_on):
        nonlocal cl_id
        cl_id += 1
        closures.append((cl_id, plan.id, closed_on, rng.choice(CLOSE_REASONS), rng.choice(DESTINATIONS),
                         rng.choice(FOLLOW_UPS), rng.choice(staff[plan.centre]["team_lead"]), reopened_on,
                         rng.choice(staff[plan.centre]["team_lead"]) if reopened_on else None,
                         "Gezin kwam terug binnen de termijn" if reopened_on else ""))

    def supporter(plan, user, scope, person, start, end, reason=""):
        nonlocal su_id, in_id, assignment_id
        assignment_id += 1
        assignments.append((assignment_id, plan.family, user, "trajectory_supporter", start,
                            None if end is None else max(start, end - DAY), ctx.now))
        su_id += 1
        supporters.append((su_id, plan.family, plan.id, user, scope, person,
                           "chosen" if rng.random() < 0.3 else "agreed", "", start, end, reason, assignment_id,
                           ctx.now, user))
        day, used = start, set()
        for _ in range(rng.randint(1, 3)):
            if day in used or (end is not None and day >= end) or day > today:
                break
            used.add(day)
            in_id += 1
            intensities.append((in_id, su_id, day, rng.choice([2, 4, 4, 6, 8, 12]), "", user))
            day += datetime.timedelta(days=rng.randint(30, 150))

    for plan in plans:
        fam = members[plan.family]
        plan.phases = _phases(plan, rng, today)
        trajectories.append((plan.id, plan.family, plan.centre, plan.admitted, plan.phases[-1][0], plan.closed,
                             ctx.now, rng.choice(staff[plan.centre]["intake_officer"]), ctx.now, 1))
        for phase, start, end in plan.phases:
            ph_id += 1
            phases.append((ph_id, plan.id, phase, start, end))
        admission = {"trajectory": plan.id, "admitted": plan.admitted, "care": "context",
                     "stay_start": plan.allocation["period"].lower if plan.allocation else None}
        admissions.setdefault(plan.family, []).append(admission)
        # contextbegeleiding for every parent and child over the whole trajectory (twice around a reopening)
        spans = [(plan.admitted, plan.closed)]
        if plan.reopen is not None:
            spans = [(plan.admitted, plan.reopen[0]), (plan.reopen[1], plan.closed)]
            closure(plan, plan.reopen[0], plan.reopen[1])
        for start, end in spans:
            for m in fam:
                episode(plan, m, "CB", False, "direct", start, end, None)
        if plan.closed is not None:
            closure(plan, plan.closed, None)
        if plan.allocation is not None:
            alloc = plan.allocation
            links.append((alloc["id"], plan.id))
            start, end = alloc["period"].lower, alloc["period"].upper
            care = "crisis" if rng.random() < 0.05 else ("stay_high" if rng.random() < 0.7 else "stay_low")
            admission["care"] = care
            for m, code, route in _stay_modules(care, fam, start):
                ref, decided, until = "", None, None
                if route == "itp":
                    decided = start - datetime.timedelta(days=rng.randint(3, 45))
                    ref = f"ITP-{decided.year}-{plan.family:05d}{code[:3]}"
                    indications.setdefault(plan.family, []).append(
                        {"trajectory": plan.id, "reference": ref, "decided_on": decided, "code": code,
                         "granted_from": start, "granted_until": start + datetime.timedelta(days=365)})
                    until = start + datetime.timedelta(days=365)
                episode(plan, m, code, True, route, start, end if end <= today else None, end, ref, decided, until)
        # the family's trajectory supporter, kept after closure until the family comes back or it is handed over
        nxt = next_admission.get((plan.family, plan.id))
        end = plan.closed + datetime.timedelta(days=rng.randint(30, 180)) if plan.closed else None
        if end is not None and end >= today:
            end = None
        if nxt is not None:
            end = min(end, nxt) if end else nxt
        counsellors = staff[plan.centre]["counsellor"]
        first = rng.choice(counsellors)
        if rng.random() < 0.2 and (end or today) - plan.admitted > datetime.timedelta(days=60):
            mid = plan.admitted + ((end or today) - plan.admitted) / 2
            supporter(plan, first, "family", None, plan.admitted, mid, "Herverdeling van de caseload")
            supporter(plan, rng.choice([c for c in counsellors if c != first]), "family", None, mid, end)
        else:
            supporter(plan, first, "family", None, plan.admitted, end)
        if plan.allocation is not None:
            for m in fam:
                if m.role == "child" and rng.random() < 0.1:
                    supporter(plan, rng.choice(staff[plan.centre]["child_worker"]), "child", m.person,
                              plan.allocation["period"].lower, end)
        if rng.random() < 0.05:
            supporter(plan, rng.choice(staff[plan.centre]["context_counsellor"]), "context", None, plan.admitted, end)

    copy_dicts(ctx, CentreTrajectorySettings, [  # copy_dicts: fields added later with a default do not break it
        {"centre": c, "crisis_max_days": 14, "crisis_warning_days": 3, "reopen_within_days": REOPEN_WITHIN,
         "updated_at": ctx.now, "version": 1} for c in ctx.shared["centres"]])
    copy_rows(ctx, Trajectory, ["id", "family", "centre", "admitted_on", "phase", "closed_on", "created_at",
                                "created_by", "updated_at", "version"], trajectories)
    copy_rows(ctx, TrajectoryPhase, ["id", "trajectory", "phase", "start_date", "end_date"], phases)
    copy_rows(ctx, TrajectoryClosure, ["id", "trajectory", "closed_on", "reason", "destination", "follow_up",
                                       "closed_by", "reopened_on", "reopened_by", "reopen_reason"], closures)
    copy_rows(ctx, ModuleEpisode, ["id", "trajectory", "member", "module_code", "residential", "start_date",
                                   "planned_end", "actual_end", "frequency", "access_route", "indication_reference",
                                   "indication_decided_on", "indication_valid_until", "created_at", "created_by"],
              episodes)
    copy_rows(ctx, FamilyAssignment, ["id", "family", "user", "role", "start_date", "end_date", "created_at"],
              assignments)
    copy_rows(ctx, Supporter, ["id", "family", "trajectory", "user", "scope", "person", "agreement", "agreement_note",
                               "start_date", "end_date", "end_reason", "access_assignment", "created_at",
                               "created_by"], supporters)
    copy_rows(ctx, SupporterIntensity, ["id", "supporter", "valid_from", "contacts_per_month", "note", "created_by"],
              intensities)
    with connection.cursor() as cursor:  # each stay belongs to its trajectory
        cursor.execute("CREATE TEMP TABLE bench_allocation_link (allocation_id int, trajectory_id int)")
        with cursor.cursor.copy("COPY bench_allocation_link FROM STDIN") as copy:
            for row in links:
                copy.write_row(row)
        cursor.execute("UPDATE stays_allocation a SET trajectory_id = l.trajectory_id FROM bench_allocation_link l "
                       "WHERE a.id = l.allocation_id")
        cursor.execute("DROP TABLE bench_allocation_link")
    for model in (CentreTrajectorySettings, Trajectory, TrajectoryPhase, TrajectoryClosure, ModuleEpisode,
                  FamilyAssignment, Supporter, SupporterIntensity):
        reset_sequence(model)
    ctx.shared["indications"] = indications
    ctx.shared["admissions"] = admissions
    ctx.shared["trajectory_members"] = members
