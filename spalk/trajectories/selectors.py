"""Reads of trajectories and supporters. Callers pass families/querysets that already passed the policy."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from spalk.families.models import Family
from spalk.stays.models import Allocation, AllocationMember
from spalk.trajectories.models import (
    ModuleEpisode,
    Supporter,
    SupporterIntensity,
    SupporterScope,
    Trajectory,
    TrajectoryClosure,
    TrajectoryPhase,
)


def _trajectory_prefetches() -> list[Prefetch]:
    members = AllocationMember.objects.select_related("member__person").order_by("member__role", "pk")
    return [
        Prefetch("phases", queryset=TrajectoryPhase.objects.order_by("start_date", "pk")),
        Prefetch("closures", queryset=TrajectoryClosure.objects.select_related("closed_by").order_by("closed_on")),
        Prefetch("episodes", queryset=ModuleEpisode.objects.select_related("member__person").order_by(
            "start_date", "member__role", "pk")),
        Prefetch("allocations", queryset=Allocation.objects.select_related("unit").prefetch_related(
            Prefetch("members", queryset=members)).order_by("period")),
    ]


def trajectory_list(*, family: Family) -> list[Trajectory]:
    """Every trajectory of the family, newest first, with phases, closures, episodes and stays (6 queries)."""
    return list(Trajectory.objects.filter(family=family).prefetch_related(*_trajectory_prefetches())
                .order_by("-admitted_on", "-pk"))


def trajectory_get(*, trajectory: Trajectory) -> Trajectory:
    return Trajectory.objects.select_related("family", "centre").prefetch_related(
        *_trajectory_prefetches()).get(pk=trajectory.pk)


def trajectories_for_list(*, trajectories: QuerySet[Trajectory]) -> QuerySet[Trajectory]:
    return trajectories.select_related("family").order_by("-admitted_on", "-pk")


def supporter_list(*, family: Family) -> list[Supporter]:
    """All supporters of the family, the history included, with their intensity over time (2 queries)."""
    return list(Supporter.objects.filter(family=family).select_related("user", "person").prefetch_related(
        Prefetch("intensities", queryset=SupporterIntensity.objects.order_by("valid_from")))
        .order_by("scope", "-start_date", "-pk"))


@dataclass
class SupporterOverview:
    current: list[Supporter] = field(default_factory=list)
    history: list[Supporter] = field(default_factory=list)
    who_to_call: Supporter | None = None  # the current family TO, or the last one after closure


def supporter_overview(*, supporters: list[Supporter], today: datetime.date) -> SupporterOverview:
    out = SupporterOverview()
    for s in supporters:
        (out.current if s.is_current(today) else out.history).append(s)
    family_tos = [s for s in supporters if s.scope == SupporterScope.FAMILY and s.start_date <= today]
    current = [s for s in family_tos if s.is_current(today)]
    out.who_to_call = current[0] if current else (max(family_tos, key=lambda s: s.start_date) if family_tos
                                                  else None)
    return out


def current_intensity(supporter: Supporter, today: datetime.date) -> SupporterIntensity | None:
    rows = [i for i in supporter.intensities.all() if i.valid_from <= today]
    return rows[-1] if rows else None


def families_without_supporter(*, families: QuerySet[Family], centre_id: int, today: datetime.date
                               ) -> QuerySet[Family]:
    """Families of the centre with an open trajectory and no current family TO."""
    current_to = Supporter.objects.filter(family=OuterRef("pk"), scope=SupporterScope.FAMILY,
                                          start_date__lte=today).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=today))
    open_trajectory = Trajectory.objects.filter(family=OuterRef("pk"), centre_id=centre_id, closed_on__isnull=True)
    return families.filter(centre_id=centre_id).filter(Exists(open_trajectory)).exclude(Exists(current_to)).order_by(
        "name", "pk")


@dataclass
class CrisisStay:
    """A running crisis stay near or past the centre's maximum length (or planned longer than it)."""

    episode: ModuleEpisode
    days: int  # nights so far
    maximum_on: datetime.date  # the day the maximum is reached
    past: bool
    planned_too_long: bool


def crisis_stays_to_watch(*, families: QuerySet[Family], centre_id: int, today: datetime.date, maximum: int,
                          margin: int) -> list[CrisisStay]:
    """Running crisis stays in the centre's open trajectories of ``families`` that need attention (1 query)."""
    near = today - datetime.timedelta(days=max(maximum - margin, 0))
    episodes = ModuleEpisode.objects.filter(
        trajectory__family__in=families, trajectory__centre_id=centre_id, trajectory__closed_on__isnull=True,
        module_code="KCV", start_date__lte=today).filter(
        Q(actual_end__isnull=True) | Q(actual_end__gt=today)).select_related(
        "member__person", "trajectory__family").order_by("start_date", "pk")
    out = []
    for ep in episodes:
        too_long = ep.planned_end is not None and (ep.planned_end - ep.start_date).days > maximum
        if ep.start_date > near and not too_long:
            continue
        days = (today - ep.start_date).days
        out.append(CrisisStay(episode=ep, days=days, maximum_on=ep.start_date + datetime.timedelta(days=maximum),
                              past=days > maximum, planned_too_long=too_long))
    return out


def settings_editable_centres(*, user) -> list[int]:
    """Centres whose trajectory settings this user may change (the director: the policy's Duty.CENTRE_SETTINGS)."""
    from spalk.access.policy import Duty, duty_centres

    return duty_centres(user=user, duty=Duty.CENTRE_SETTINGS)


SUPPORTER_ROLES = ("case_lead", "counsellor", "context_counsellor", "child_worker", "health_coordinator",
                   "team_lead", "director")


def supporter_candidates(*, centre_id: int, today: datetime.date):
    """Staff of the centre who can act as trajectory supporter today."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        is_active=True, memberships__centre_id=centre_id, memberships__role__in=SUPPORTER_ROLES,
        memberships__start_date__lte=today, memberships__ended_at__isnull=True).filter(
        Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gte=today)).distinct().order_by(
        "last_name", "first_name", "email")


@dataclass
class FamilyHeader:
    """What the top of the family page always shows: mandate, where the family lives now, and alerts."""

    mandate: str = ""
    unit: str = ""
    alerts: list[tuple[str, str]] = field(default_factory=list)  # (text, level: warn | danger | info)


def family_page_header(*, family: Family, members: list, today: datetime.date,
                       trajectories: list[Trajectory] | None = None) -> FamilyHeader:
    """The family page's sticky header (two queries, three without ``trajectories``). ``members`` come from
    families.selectors; ``trajectories`` from ``trajectory_list`` (the page has them already: the running crisis
    stay is read from their episodes)."""
    from django.utils.translation import gettext as _

    from spalk.intake.models import Registration, Status

    header = FamilyHeader()
    registration = (Registration.objects.filter(family=family).exclude(status=Status.WITHDRAWN)
                    .order_by("-received_on", "-pk").first())
    if registration is not None:
        header.mandate = registration.get_mandate_display()
    stay = (Allocation.objects.filter(family=family, period__contains=today).select_related("unit").first())
    if stay is not None:
        header.unit = stay.unit.name
    for m in members:
        if m.pregnant:
            header.alerts.append((_("%(name)s is pregnant") % {"name": m.person.first_name or m.person.full_name},
                                  "warn"))
    if trajectories is None:
        crisis = list(ModuleEpisode.objects.filter(trajectory__family=family, trajectory__closed_on__isnull=True,
                                                   module_code="KCV", start_date__lte=today, actual_end__isnull=True)
                      .order_by("start_date").values_list("start_date", flat=True)[:1])
    else:
        crisis = sorted(e.start_date for t in trajectories if t.closed_on is None for e in t.episodes.all()
                        if e.module_code == "KCV" and e.start_date <= today and e.actual_end is None)[:1]
    if crisis:
        header.alerts.append((_("crisis stay since %(date)s") % {"date": f"{crisis[0]:%d/%m/%Y}"}, "danger"))
    return header


def family_section(*, family: Family, can_edit: bool, today: datetime.date,
                   can_close: bool = False) -> dict[str, Any]:
    """The trajectory section of the family page, in a fixed number of queries.

    Timeline of phases, modules and stays, and the supporters ("who to call"). The family was accessed by the
    view, which also says whether the viewer may edit and close (the template does no policy check).
    """
    from spalk.trajectories import services

    trajectories = trajectory_list(family=family)
    supporters = supporter_list(family=family)
    overview = supporter_overview(supporters=supporters, today=today)
    episodes = [e for t in trajectories if t.closed_on is None for e in t.episodes.all()]
    warnings = services.stay_warnings(episodes=episodes, centre_id=family.centre_id, today=today)
    open_trajectory = next((t for t in trajectories if t.is_open), None)
    stays = [a for a in open_trajectory.allocations.all() if a.period.upper > today] if open_trajectory else []
    return {
        "family": family, "trajectories": trajectories, "open": open_trajectory,
        # the buttons this state allows: no "move in" for a family already living in (or booked into) a unit
        "can_move_in": not stays, "can_go_home": any(a.period.lower <= today for a in stays),
        "supporters": overview, "today": today, "warnings": warnings,
        # the centre is always there: its 24/7 permanence number stands next to the TO's phone
        "centre": family.centre, "can_edit": can_edit,
        "can_close": can_edit and can_close,
    }
