"""Start-screen items of intake (see spalk/home/registry.py).

Intake officers: new registrations, waiting-list follow-ups that are due, A-documents waiting for the ITP's
decision. Directors: the waiting list of their centres.
"""

from __future__ import annotations

from django.db.models import Count, Min
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spalk.access.policy import Action, Duty, duty_centres, visible_registrations
from spalk.home.registry import HomeContext, Urgency, WorkItem, WorkRow, register
from spalk.intake.models import ADocument, ADocumentStatus, Status, WaitingListEntry

ROWS = 5


def _date(value) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def _registrations(ctx: HomeContext, duty: Duty):
    centres = duty_centres(user=ctx.user, duty=duty)
    if not centres:
        return None
    return visible_registrations(user=ctx.user, action=Action.EDIT).filter(centre_id__in=centres)


@register("intake.new", order=20)
def new_registrations(ctx: HomeContext) -> WorkItem | None:
    registrations = _registrations(ctx, Duty.INTAKE_WORK)
    if registrations is None:
        return None
    new = list(registrations.filter(status=Status.NEW).order_by("received_on", "pk")[:ROWS + 1])
    count = registrations.filter(status=Status.NEW).count()
    return WorkItem(
        key="intake.new", title=_("New registrations"), url=reverse("intake:registration_list") + "?status=new",
        count=count, urgency=Urgency.TODO if count else Urgency.INFO,
        rows=tuple(WorkRow(label=r.family_name, url=reverse("intake:detail", args=[r.pk]),
                           detail=_("received on %(date)s · %(urgency)s") % {
                               "date": _date(r.received_on), "urgency": r.get_urgency_display()},
                           urgency=Urgency.SOON if r.urgency != "normal" else Urgency.TODO)
                   for r in new[:ROWS]),
        more=max(count - ROWS, 0), link_label=_("All new registrations"),
        family_ids=tuple(r.family_id for r in new[:ROWS] if r.family_id))


@register("intake.waiting_follow_up", order=21)
def waiting_follow_ups(ctx: HomeContext) -> WorkItem | None:
    registrations = _registrations(ctx, Duty.INTAKE_WORK)
    if registrations is None:
        return None
    due = (WaitingListEntry.objects.filter(registration__in=registrations, left_on__isnull=True,
                                           next_contact_due__lte=ctx.today)
           .select_related("registration").order_by("next_contact_due", "pk"))
    entries = list(due[:ROWS + 1])
    count = due.count()
    overdue = any(e.is_overdue(ctx.today) for e in entries)
    return WorkItem(
        key="intake.waiting_follow_up", title=_("Waiting-list follow-ups due"), url=reverse("intake:waiting_list"),
        count=count, urgency=Urgency.OVERDUE if overdue else (Urgency.SOON if count else Urgency.INFO),
        rows=tuple(WorkRow(label=e.registration.family_name, url=reverse("intake:detail", args=[e.registration_id]),
                           detail=_("contact due on %(date)s") % {"date": _date(e.next_contact_due)},
                           urgency=Urgency.OVERDUE if e.is_overdue(ctx.today) else Urgency.SOON)
                   for e in entries[:ROWS]),
        more=max(count - ROWS, 0), link_label=_("Waiting list"),
        family_ids=tuple(e.registration.family_id for e in entries[:ROWS] if e.registration.family_id))


@register("intake.a_documents", order=22)
def a_documents_waiting(ctx: HomeContext) -> WorkItem | None:
    registrations = _registrations(ctx, Duty.INTAKE_WORK)
    if registrations is None:
        return None
    waiting = (ADocument.objects.filter(registration__in=registrations, status=ADocumentStatus.SENT)
               .select_related("registration").order_by("sent_on", "pk"))
    docs = list(waiting[:ROWS + 1])
    count = waiting.count()
    return WorkItem(
        key="intake.a_documents", title=_("A-documents waiting for a decision"),
        url=reverse("intake:registration_list") + "?status=decision", count=count,
        urgency=Urgency.TODO if count else Urgency.INFO,
        rows=tuple(WorkRow(label=d.registration.family_name,
                           url=reverse("intake:a_document", args=[d.registration_id, d.pk]),
                           detail=_("sent to the ITP on %(date)s") % {"date": _date(d.sent_on)} if d.sent_on else "",
                           urgency=Urgency.TODO)
                   for d in docs[:ROWS]),
        more=max(count - ROWS, 0), link_label=_("Registrations"),
        family_ids=tuple(d.registration.family_id for d in docs[:ROWS] if d.registration.family_id))


@register("intake.waiting_list", order=12)
def waiting_list_summary(ctx: HomeContext) -> WorkItem | None:
    """Directors: how many families wait and since when (figures only)."""
    registrations = _registrations(ctx, Duty.CENTRE_FIGURES)
    if registrations is None:
        return None
    figures = WaitingListEntry.objects.filter(registration__in=registrations, left_on__isnull=True).aggregate(
        n=Count("pk"), longest=Min("since"))
    n = figures["n"]
    longest = _date(figures["longest"])
    summary = (ngettext("%(n)s family waits, the longest since %(date)s.",
                        "%(n)s families wait, the longest since %(date)s.", n) % {"n": n, "date": longest}
               if n else _("Nobody is waiting."))
    return WorkItem(key="intake.waiting_list", title=_("Waiting list"), url=reverse("intake:waiting_list"), count=n,
                    summary=summary, link_label=_("Waiting list"))
