"""Start-screen items of the client contribution (spalk/home/registry.py): reductions and waivers waiting for a
director's decision, and bank payments waiting for the finance administrator to assign them."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spalk.access.policy import finance_centres, reduction_approver_centres, visible_finance_records
from spalk.finance.models import Payment, Reduction, ReductionStatus
from spalk.home.registry import HomeContext, Urgency, WorkItem, WorkRow, register

ROWS = 5


@register("finance.reductions_to_decide", order=45)
def reductions_to_decide(ctx: HomeContext) -> WorkItem | None:
    centres = reduction_approver_centres(user=ctx.user)
    if not centres:
        return None
    qs = (visible_finance_records(Reduction, user=ctx.user, select=("family", "person"))
          .filter(status=ReductionStatus.REQUESTED, family__centre_id__in=centres).order_by("requested_at", "pk"))
    rows = list(qs[:ROWS])
    count = qs.count() if len(rows) == ROWS else len(rows)
    if not count:
        return None
    return WorkItem(
        key="finance.reductions_to_decide", title=_("Reductions to decide"), url=reverse("finance:families"),
        count=count, urgency=Urgency.TODO,
        summary=ngettext("%(count)s reduction or waiver waits for your decision.",
                         "%(count)s reductions or waivers wait for your decision.", count) % {"count": count},
        rows=tuple(WorkRow(label=r.family.name, url=reverse("finance:family", args=[r.family_id]),
                           detail=f"{r.person.full_name}: {r.percent.normalize():f} %", urgency=Urgency.TODO)
                   for r in rows),
        more=max(count - len(rows), 0), family_ids=tuple(r.family_id for r in rows))


@register("finance.payments_to_assign", order=46)
def payments_to_assign(ctx: HomeContext) -> WorkItem | None:
    centres = finance_centres(user=ctx.user, manage=True)
    if not centres:
        return None
    count = visible_finance_records(Payment, user=ctx.user, manage=True, family_field=None).filter(
        family__isnull=True).count()
    if not count:
        return None
    return WorkItem(
        key="finance.payments_to_assign", title=_("Payments to assign"), url=reverse("finance:bank"), count=count,
        urgency=Urgency.TODO,
        summary=ngettext("%(count)s payment from the bank matched no statement.",
                         "%(count)s payments from the bank matched no statement.", count) % {"count": count},
        link_label=_("Assign payments"))
