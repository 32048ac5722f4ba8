from __future__ import annotations

import datetime
import re

from django.db.models import Q, QuerySet
from django.utils import timezone

from spalk.audit.models import AuditAction, AuditEvent


def audit_event_list(*, centre_ids: list[int], date_from: datetime.date | None = None,
                     date_to: datetime.date | None = None, actor_id: int | None = None,
                     family_id: int | None = None, action: str = "") -> QuerySet[AuditEvent]:
    """Audit events concerning the given centres (or done by their staff), filtered."""
    from spalk.accounts.models import Membership

    # a list, not a subquery: PostgreSQL can then combine both branches with index bitmaps (make bench)
    staff = list(Membership.objects.filter(centre_id__in=centre_ids).values_list("user_id", flat=True).distinct())
    qs = AuditEvent.objects.filter(Q(centre_id__in=centre_ids) | Q(centre_id__isnull=True, actor_id__in=staff))
    # local calendar days as a range on "at" itself, so the (centre_id, -at) and (actor, -at) indexes apply
    if date_from:
        qs = qs.filter(at__gte=_start_of(date_from))
    if date_to:
        qs = qs.filter(at__lt=_start_of(date_to + datetime.timedelta(days=1)))
    if actor_id:
        qs = qs.filter(actor_id=actor_id)
    if family_id:
        qs = qs.filter(Q(family_id=family_id) | Q(extra__family_ids__contains=[family_id]))
    if action:
        qs = qs.filter(action=action)
    return qs.select_related("actor").order_by("-at", "-pk")


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day`` in the current time zone (what ``at__date`` compares with)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def family_access_summary(*, family_id: int) -> list[dict]:
    """Per person: how often and when they read or changed this family's dossier."""
    from django.db.models import Count, Max, Min

    rows = (AuditEvent.objects.filter(family_id=family_id).exclude(actor__isnull=True)
            .values("actor_id", "actor_label", "actor__first_name", "actor__last_name", "action")
            .annotate(n=Count("pk"), first=Min("at"), last=Max("at")).order_by("-last"))
    labels = dict(AuditAction.choices)
    return [{**row, "action_label": labels.get(row["action"], row["action"])} for row in rows]


def family_choice_label(family) -> str:
    """How a family is offered and typed in the audit filter: its name and dossier number."""
    return f"{family.name} ({family.reference})"


def auditable_families(*, user, centre_ids: list[int], search: str, limit: int = 10) -> list:
    """Families of the auditor's centres matching a typed name or dossier number, through the policy."""
    from spalk.access.policy import visible_families

    search = search.strip()
    if not search:
        return []
    qs = visible_families(user=user).filter(centre_id__in=centre_ids)
    match = re.search(r"\(([^()]+)\)\s*$", search)
    if match:
        exact = list(qs.filter(reference__iexact=match.group(1).strip())[:2])
        if len(exact) == 1:
            return exact
    by_reference = list(qs.filter(reference__iexact=search)[:2])
    if len(by_reference) == 1:
        return by_reference
    return list(qs.filter(Q(name__icontains=search) | Q(reference__icontains=search)).order_by("name")[:limit])


def staff_choice_label(member) -> str:
    """How a staff member is offered and typed in the audit filter: the name and the e-mail (unique)."""
    return f"{member} ({member.email})"


def auditable_staff(*, user, search: str, limit: int = 10) -> list:
    """Staff of the auditor's centres matching a typed name or e-mail, through the policy (``audit_staff``)."""
    from django.db.models import Value
    from django.db.models.functions import Concat

    from spalk.access.policy import audit_staff

    search = search.strip()
    if not search:
        return []
    qs = audit_staff(user=user)
    match = re.search(r"\(([^()]+@[^()]+)\)\s*$", search)
    if match:
        exact = list(qs.filter(email__iexact=match.group(1).strip())[:2])
        if len(exact) == 1:
            return exact
    named = qs.annotate(full=Concat("first_name", Value(" "), "last_name"))
    return list(named.filter(Q(full__icontains=search) | Q(email__icontains=search) | Q(last_name__icontains=search))
                .order_by("last_name", "first_name", "pk")[:limit])


def auditable_staff_member(*, user, actor_id: int):
    """The staff member an auditor filters on by id (a link), if they belong to the auditor's centres."""
    from spalk.access.policy import audit_staff

    return audit_staff(user=user).filter(pk=actor_id).first()


def auditable_family(*, user, centre_ids: list[int], family_id: int):
    """The family an auditor filters on by id (a link from a family page), if they may see it."""
    from spalk.access.policy import visible_families

    return visible_families(user=user).filter(centre_id__in=centre_ids, pk=family_id).first()
