"""Changes in rights ("Wijzigingen in rechten"): what the installation administrator changed to the accounts of a
centre's staff, listed to that centre's directors. Read from the audit trail, which already holds every change.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from spalk.accounts.models import Membership, Role, User
from spalk.audit.models import AuditAction, AuditEvent
from spalk.centres.models import Centre

ROWS = 200
# account events that change what someone may do or how they sign in
MEMBERSHIP_EVENTS = ("membership_added", "membership_ended", "membership_removed")
ACCOUNT_EVENTS = ("second_factor_reset", "password_link_created", "account_deactivated", "account_reactivated",
                  "staff_updated")


@dataclass(frozen=True)
class RightsChange:
    at: datetime.datetime
    by: str  # the installation administrator
    subject: str  # whose rights changed
    what: str  # in words
    centre: str = ""


def _describe(event: AuditEvent, centres: dict[int, str]) -> tuple[str, str]:
    kind = event.extra.get("event", "")
    role = event.extra.get("role")
    role_label = str(Role(role).label) if role in Role.values else ""
    centre = centres.get(event.centre_id or 0, "")
    if kind == "membership_added":
        return _("Role given: %(role)s") % {"role": role_label}, centre
    if kind in ("membership_ended", "membership_removed"):
        return _("Role ended: %(role)s") % {"role": role_label}, centre
    if kind == "second_factor_reset":
        return _("Second factor reset"), ""
    if kind == "password_link_created":
        return _("Link to choose a password created"), ""
    if kind == "account_deactivated":
        return _("Account deactivated"), ""
    if kind == "account_reactivated":
        return _("Account reactivated"), ""
    fields = ", ".join(event.fields or [])
    return _("Account changed (%(fields)s)") % {"fields": fields}, ""


def rights_changes(*, centre_ids: list[int], since: datetime.datetime) -> list[RightsChange]:
    """Changes by an installation administrator to staff of these centres since ``since``, newest first.

    Three queries whatever the number of rows (events, the people concerned, the centres).
    """
    if not centre_ids:
        return []
    staff_ids = Membership.objects.filter(centre_id__in=centre_ids).annotate(
        uid=Cast("user_id", CharField())).values("uid")
    events = list(
        AuditEvent.objects.filter(action=AuditAction.ACCOUNT, at__gte=since, actor__is_installation_admin=True)
        .filter(Q(extra__event__in=MEMBERSHIP_EVENTS, centre_id__in=centre_ids)
                | Q(extra__event__in=ACCOUNT_EVENTS, object_type="accounts.user", object_id__in=staff_ids))
        .order_by("-at")[:ROWS])

    def subject_id(event: AuditEvent) -> int | None:
        raw = event.extra.get("user") if event.extra.get("event") in MEMBERSHIP_EVENTS else event.object_id
        try:
            return int(raw)
        except (TypeError, ValueError):
            return None

    ids = {pk for pk in map(subject_id, events) if pk is not None}
    people = {u.pk: str(u) for u in User.objects.filter(pk__in=ids)}
    centres = dict(Centre.objects.filter(pk__in=centre_ids).values_list("pk", "name"))
    rows = []
    for event in events:
        what, centre = _describe(event, centres)
        rows.append(RightsChange(at=event.at, by=event.actor_label, subject=people.get(subject_id(event) or 0, "—"),
                                 what=what, centre=centre))
    return rows
