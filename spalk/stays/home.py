"""Start-screen items of stays (see spalk/home/registry.py): who is in the house tonight, occupancy today."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spalk.access.policy import Duty, duty_centres, visible_allocations
from spalk.core.templatetags.spalk import age
from spalk.home.registry import HomeContext, Urgency, WorkItem, WorkRow, register
from spalk.stays import occupancy
from spalk.stays.models import AllocationMember

ROWS = 30  # a house has some twenty units: the whole house fits on the card


def _person_line(stay: AllocationMember, today: datetime.date) -> str:
    person = stay.member.person
    name = person.first_name or person.last_name or _("unnamed")
    years = age(person, today)
    return f"{name} ({years})" if years else name


def _alerts(allocation, stays: list[AllocationMember], today: datetime.date) -> tuple[str, ...]:
    alerts = []
    for s in stays:
        if s.member.pregnant:
            alerts.append(_("%(name)s pregnant") % {"name": s.member.person.first_name or _("unnamed")})
    if any(s.member.person.birth_date and (today - s.member.person.birth_date).days < 365 for s in stays):
        alerts.append(_("baby"))
    if allocation.start == today:
        alerts.append(_("arrives today"))
    if allocation.end == today + datetime.timedelta(days=1):
        alerts.append(_("leaves tomorrow"))
    return tuple(alerts)


@register("stays.tonight", order=4)
def in_the_house_tonight(ctx: HomeContext) -> WorkItem | None:
    """Night staff (and counsellors of the house): every unit occupied tonight, its people, ages and alerts."""
    centres = duty_centres(user=ctx.user, duty=Duty.HOUSE_WORK)
    if not centres:
        return None
    today = ctx.today
    tonight = AllocationMember.objects.filter(period__contains=today).select_related("member__person").order_by(
        "member__role", "member__person__birth_date", "pk")
    allocations = list(visible_allocations(user=ctx.user).filter(unit__centre_id__in=centres, period__contains=today)
                       .select_related("unit", "family")
                       .prefetch_related(Prefetch("members", queryset=tonight, to_attr="tonight"))
                       .order_by("unit__name", "pk"))
    persons = sum(len(a.tonight) for a in allocations)
    rows = tuple(
        WorkRow(label=f"{a.unit.name} · {a.family.name}",
                url=reverse("families:detail", args=[a.family_id]),
                detail=", ".join(_person_line(s, today) for s in a.tonight),
                badges=_alerts(a, a.tonight, today))
        for a in allocations[:ROWS])
    return WorkItem(
        key="stays.tonight", title=_("In the house tonight"), url=reverse("stays:board"), count=persons,
        count_label=ngettext("person", "persons", persons),
        summary=ngettext("%(n)s family in %(units)s unit", "%(n)s families in %(units)s units",
                         len(allocations)) % {"n": len(allocations), "units": len({a.unit_id for a in allocations})},
        rows=rows, more=max(len(allocations) - ROWS, 0), link_label=_("Planning board"),
        family_ids=tuple(a.family_id for a in allocations), urgency=Urgency.INFO)


@register("stays.occupancy", order=10)
def occupancy_today(ctx: HomeContext) -> list[WorkItem]:
    """Directors: today's occupancy of each of their centres (figures only, no dossier content)."""
    from spalk.centres.models import Centre

    items = []
    tomorrow = ctx.today + datetime.timedelta(days=1)
    for centre in Centre.objects.filter(pk__in=duty_centres(user=ctx.user, duty=Duty.CENTRE_FIGURES))\
            .order_by("name"):
        day = occupancy.occupancy(centre_id=centre.pk, start=ctx.today, end=tomorrow).days[0]
        items.append(WorkItem(
            key=f"stays.occupancy.{centre.pk}", title=_("Occupancy today · %(centre)s") % {"centre": centre.name},
            url=reverse("stays:dashboard") + f"?centre={centre.pk}", count=day.persons,
            count_label=_("beds taken"),
            summary=_("%(taken)s of %(beds)s beds taken (%(rate)s %%); %(free)s units free") % {
                "taken": day.persons, "beds": day.beds_in_service,
                "rate": f"{day.rate:.1f}".replace(".", ","), "free": day.units_free},
            link_label=_("Dashboard")))
    return items
