"""Start-screen items of health coordination (see spalk/home/registry.py): births due soon or overdue for the health
coordinator (pregnancies they follow), through the health policy; no health content beyond the date."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spalk.access.policy import health_work_centres
from spalk.health.gestation import gestational_age
from spalk.health.selectors import due_pregnancies
from spalk.home.registry import HomeContext, Urgency, WorkItem, WorkRow, register

DUE_WITHIN_DAYS = 28
MAX_ROWS = 8


@register("health.births_due", order=12)
def births_due_item(ctx: HomeContext) -> WorkItem | None:
    if not health_work_centres(user=ctx.user):
        return None
    pregnancies = due_pregnancies(user=ctx.user, today=ctx.today, within_days=DUE_WITHIN_DAYS)
    if not pregnancies:
        return None
    rows = []
    for p in pregnancies[:MAX_ROWS]:
        days = (p.expected_date - ctx.today).days
        when = (_("expected in %(days)s days") % {"days": days}) if days > 0 else (
            _("expected today") if days == 0 else _("%(days)s days past the expected date") % {"days": -days})
        urgency = Urgency.OVERDUE if days < 0 else (Urgency.SOON if days <= 14 else Urgency.TODO)
        rows.append(WorkRow(label=f"{p.person.full_name} · {p.family.name}",
                            url=reverse("health:pregnancy", args=[p.pk]),
                            detail=f"{when} ({p.expected_date:%d/%m/%Y}, "
                                   f"{gestational_age(expected_date=p.expected_date, on=ctx.today)})",
                            urgency=urgency))
    overdue = any(p.expected_date < ctx.today for p in pregnancies)
    first = pregnancies[0]
    return WorkItem(
        key="health.births_due", title=_("Births due"), count=len(pregnancies),
        count_label=ngettext("pregnancy", "pregnancies", len(pregnancies)),
        url=reverse("health:person", args=[first.person_id]),
        urgency=Urgency.OVERDUE if overdue else Urgency.SOON,
        summary=ngettext("%(count)s pregnancy you follow is due within four weeks.",
                         "%(count)s pregnancies you follow are due within four weeks.", len(pregnancies))
        % {"count": len(pregnancies)},
        rows=tuple(rows), more=max(0, len(pregnancies) - MAX_ROWS), link_label=_("Open the first"),
        family_ids=tuple(sorted({p.family_id for p in pregnancies})))
