"""Start-screen items of trajectories (see spalk/home/registry.py).

Anyone assigned to families (counsellor, context counsellor, case lead ...): my families and what is due.
Team leads: crisis stays near or past the centre's maximum, families without a trajectory supporter.
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import npgettext

from spalk.access.policy import Duty, duty_centres, visible_allocations, visible_families, visible_trajectories
from spalk.home.registry import HomeContext, Urgency, WorkItem, WorkRow, register
from spalk.trajectories import services
from spalk.trajectories.models import ModuleEpisode
from spalk.trajectories.selectors import crisis_stays_to_watch, families_without_supporter

ROWS = 20
EPISODE_DUE_DAYS = 14  # a module whose planned end is this close is "due"
INDICATION_DUE_DAYS = 30  # an indication that runs out within a month needs a new A-document
DEPARTURE_DUE_DAYS = 7


def _date(value: datetime.date) -> str:
    return f"{value:%d/%m/%Y}"


def _due(ctx: HomeContext, family_ids: list[int]) -> dict[int, list[tuple[datetime.date, str]]]:
    """What is due per family: modules ending, indications running out, departures (two queries)."""
    today = ctx.today
    due: dict[int, list[tuple[datetime.date, str]]] = {pk: [] for pk in family_ids}
    episodes = ModuleEpisode.objects.filter(
        trajectory__in=visible_trajectories(user=ctx.user).filter(family_id__in=family_ids, closed_on__isnull=True),
        actual_end__isnull=True).filter(
        Q(planned_end__lte=today + datetime.timedelta(days=EPISODE_DUE_DAYS))
        | Q(indication_valid_until__lte=today + datetime.timedelta(days=INDICATION_DUE_DAYS))
    ).select_related("trajectory", "member__person").order_by("planned_end", "pk")
    for ep in episodes:
        name = ep.member.person.first_name or ep.member.person.last_name
        family = due[ep.trajectory.family_id]
        if ep.planned_end and ep.planned_end <= today + datetime.timedelta(days=EPISODE_DUE_DAYS):
            family.append((ep.planned_end, _("%(module)s of %(name)s ends on %(date)s") % {
                "module": ep.module_code, "name": name, "date": _date(ep.planned_end)}))
        if ep.indication_valid_until and ep.indication_valid_until <= today + datetime.timedelta(
                days=INDICATION_DUE_DAYS):
            family.append((ep.indication_valid_until, _("indication for %(module)s valid until %(date)s") % {
                "module": ep.module_code, "date": _date(ep.indication_valid_until)}))
    departures = visible_allocations(user=ctx.user).filter(
        family_id__in=family_ids, period__endswith__gt=today,
        period__endswith__lte=today + datetime.timedelta(days=DEPARTURE_DUE_DAYS)).select_related("unit")
    for allocation in departures:
        due[allocation.family_id].append((allocation.end, _("leaves %(unit)s on %(date)s") % {
            "unit": allocation.unit.name, "date": _date(allocation.end)}))
    return due


@register("trajectories.my_families", order=15)
def my_families(ctx: HomeContext) -> WorkItem | None:
    today = ctx.today
    families = list(visible_families(user=ctx.user).filter(
        Q(assignments__user=ctx.user, assignments__start_date__lte=today)
        & (Q(assignments__end_date__isnull=True) | Q(assignments__end_date__gte=today))
    ).distinct().order_by("name", "pk"))
    if not families:
        return None
    due = _due(ctx, [f.pk for f in families])
    families.sort(key=lambda f: (not due[f.pk], min((d for d, _t in due[f.pk]), default=today), f.name, f.pk))
    rows = []
    for family in families[:ROWS]:
        items = sorted(due[family.pk])
        rows.append(WorkRow(
            label=family.name, url=reverse("families:detail", args=[family.pk]),
            detail="; ".join(text for _d, text in items) if items else _("nothing due in the coming two weeks"),
            badges=(family.reference,),
            urgency=(Urgency.OVERDUE if items and items[0][0] < today else Urgency.SOON if items else Urgency.INFO)))
    n_due = sum(1 for f in families if due[f.pk])
    return WorkItem(
        key="trajectories.my_families", title=_("My families"), url=reverse("families:list"), count=len(families),
        count_label=npgettext("count label", "family", "families", len(families)),
        summary=_("%(due)s of %(n)s with something due") % {"due": n_due, "n": len(families)},
        urgency=max((r.urgency for r in rows), key=list(Urgency).index, default=Urgency.INFO),
        rows=tuple(rows), more=max(len(families) - ROWS, 0), link_label=_("All families"),
        family_ids=tuple(f.pk for f in families[:ROWS]))


@register("trajectories.crisis", order=31)
def crisis_stays(ctx: HomeContext) -> WorkItem | None:
    centres = duty_centres(user=ctx.user, duty=Duty.TEAM_LEAD_WORK)
    if not centres:
        return None
    families = visible_families(user=ctx.user)
    watch = []
    for centre_id in centres:
        rules = services.settings_for(centre_id)
        watch += crisis_stays_to_watch(families=families, centre_id=centre_id, today=ctx.today,
                                       maximum=rules.crisis_max_days, margin=rules.crisis_warning_days)
    rows = []
    for stay in watch[:ROWS]:
        person = stay.episode.member.person
        if stay.past:
            detail = _("night %(days)s: past the maximum since %(date)s") % {
                "days": stay.days, "date": _date(stay.maximum_on)}
        else:
            detail = _("night %(days)s: maximum reached on %(date)s") % {"days": stay.days,
                                                                         "date": _date(stay.maximum_on)}
        rows.append(WorkRow(label=f"{stay.episode.trajectory.family.name} · {person.first_name or person.last_name}",
                            url=reverse("trajectories:detail", args=[stay.episode.trajectory_id]), detail=detail,
                            urgency=Urgency.OVERDUE if stay.past else Urgency.SOON))
    return WorkItem(
        key="trajectories.crisis", title=_("Crisis stays near or past the maximum"),
        url=reverse("stays:dashboard"), count=len(watch),
        urgency=Urgency.OVERDUE if any(s.past for s in watch) else (Urgency.SOON if watch else Urgency.INFO),
        rows=tuple(rows), more=max(len(watch) - ROWS, 0), link_label=_("Dashboard"),
        family_ids=tuple(s.episode.trajectory.family_id for s in watch[:ROWS]))


@register("trajectories.without_supporter", order=32)
def without_supporter(ctx: HomeContext) -> WorkItem | None:
    centres = duty_centres(user=ctx.user, duty=Duty.TEAM_LEAD_WORK)
    if not centres:
        return None
    families = visible_families(user=ctx.user)
    found, count = [], 0
    for centre_id in centres:
        qs = families_without_supporter(families=families, centre_id=centre_id, today=ctx.today)
        some = list(qs[:ROWS + 1])
        found += some
        count += qs.count()
    rows = tuple(WorkRow(label=f.name, url=reverse("families:detail", args=[f.pk]), badges=(f.reference,),
                         urgency=Urgency.TODO) for f in found[:ROWS])
    return WorkItem(
        key="trajectories.without_supporter", title=_("Families without a trajectory supporter"),
        url=reverse("stays:dashboard"), count=count, urgency=Urgency.TODO if found else Urgency.INFO,
        rows=rows, more=max(count - ROWS, 0), link_label=_("Dashboard"),
        family_ids=tuple(f.pk for f in found[:ROWS]))
