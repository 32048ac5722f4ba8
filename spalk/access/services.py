from __future__ import annotations

import datetime
import re

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spalk.access.models import (
    BreakGlassCategory,
    BreakGlassGrant,
    FamilyAssignment,
    FamilyShare,
    ended_now,
    in_force_q,
)
from spalk.access.policy import break_glass_hours, forget_rights
from spalk.accounts.models import User
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.centres.models import Centre
from spalk.core.errors import DomainError
from spalk.families.models import Family

# a reason "in words": at least this many words of two letters or more, not all the same
REASON_MIN_WORDS = 4
REASON_MIN_DISTINCT = 3


def _check_break_glass_reason(category: str, reason: str) -> str:
    if category not in BreakGlassCategory.values:
        raise DomainError(_("Choose why you need this dossier."), field="category")
    reason = (reason or "").strip()
    words = [w.lower() for w in re.findall(r"[^\W\d_]{2,}", reason)]
    if len(words) < REASON_MIN_WORDS or len(set(words)) < REASON_MIN_DISTINCT:
        raise DomainError(_("Describe in a sentence why you need this dossier now, for example: \"The mother "
                            "asks for help at night and her counsellor cannot be reached.\" Your team lead "
                            "will see this reason."), field="reason")
    return reason


def break_glass_open(*, actor: User, family: Family, category: str, reason: str) -> BreakGlassGrant:
    """Grant time-limited access after a category and a reason in words.

    The family must come from ``break_glass_candidates`` (its own centre only). One open grant per person and
    family: a second one while the first still runs is refused (also by the database, for a race).
    """
    reason = _check_break_glass_reason(category, reason)
    already = _("You already have access to this dossier until %(time)s.")
    with transaction.atomic():
        current = BreakGlassGrant.objects.open().filter(user=actor, family=family).first()
        if current is not None:
            raise DomainError(already % {"time": f"{timezone.localtime(current.expires_at):%H:%M}"})
        now = timezone.now()
        try:
            with transaction.atomic():
                grant = BreakGlassGrant.objects.create(
                    family=family, user=actor, category=category, reason=reason, created_at=now,
                    expires_at=now + datetime.timedelta(hours=break_glass_hours()))
        except IntegrityError:
            raise DomainError(_("You already have access to this dossier.")) from None
        audit_record(actor=actor, action=AuditAction.BREAK_GLASS, target=family, reason=reason,
                     extra={"grant_id": grant.pk, "category": category, "expires_at": grant.expires_at.isoformat()})
        forget_rights()
    return grant


def break_glass_end(*, actor: User, grant: BreakGlassGrant) -> BreakGlassGrant:
    """End a grant at once (team lead or director of the family's centre: the caller checked that)."""
    with transaction.atomic():
        locked = BreakGlassGrant.objects.select_for_update().get(pk=grant.pk)
        if not locked.is_open:
            raise DomainError(_("This access has already ended."))
        locked.ended_at, locked.ended_by = timezone.now(), actor
        locked.save(update_fields=["ended_at", "ended_by"])
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.family,
                     fields=["ended_at", "ended_by"], extra={"event": "break_glass_ended", "user": locked.user_id})
        forget_rights()
    return locked


def break_glass_review(*, actor: User, grant: BreakGlassGrant) -> BreakGlassGrant:
    with transaction.atomic():
        grant.reviewed_by, grant.reviewed_at = actor, timezone.now()
        grant.save(update_fields=["reviewed_by", "reviewed_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, target=grant, family=grant.family,
                     fields=["reviewed_by", "reviewed_at"])
    return grant


def assignment_add(*, actor: User, family: Family, user: User, role: str,
                   start_date: datetime.date | None = None) -> FamilyAssignment:
    if not user.memberships.filter(in_force_q(today=timezone.localdate()), centre_id=family.centre_id).exists():
        raise DomainError(_("Only staff of the family's centre can be part of its team."), field="user")
    with transaction.atomic():
        assignment = FamilyAssignment.objects.create(family=family, user=user, role=role,
                                                     start_date=start_date or timezone.localdate())
        audit_record(actor=actor, action=AuditAction.CREATE, target=assignment, family=family,
                     fields=["user", "role", "start_date"])
        forget_rights()
    return assignment


def assignment_end(*, actor: User, assignment: FamilyAssignment, end_date: datetime.date | None = None
                   ) -> FamilyAssignment:
    """End an assignment. Without a date (or with today or earlier) it ends at this moment, not at midnight."""
    today = timezone.localdate()
    end = end_date or today
    if end < assignment.start_date:
        raise DomainError(_("The end date lies before the start of this assignment."), field="end_date")
    with transaction.atomic():
        if end <= today:
            assignment.end_date = end
            fields = ended_now(assignment)
        else:
            assignment.end_date, fields = end, ["end_date"]
        assignment.save(update_fields=fields)
        audit_record(actor=actor, action=AuditAction.UPDATE, target=assignment, family=assignment.family,
                     fields=fields)
        forget_rights()
    return assignment


def share_add(*, actor: User, family: Family, centre: Centre, purpose: str,
              end_date: datetime.date | None) -> FamilyShare:
    if centre.pk == family.centre_id:
        raise DomainError(_("The family already belongs to this centre."), field="centre")
    if not purpose.strip():
        raise DomainError(_("Say for what purpose the family is shared."), field="purpose")
    with transaction.atomic():
        share = FamilyShare.objects.create(family=family, centre=centre, purpose=purpose.strip(),
                                           end_date=end_date, granted_by=actor)
        audit_record(actor=actor, action=AuditAction.CREATE, target=share, family=family,
                     fields=["centre", "purpose", "end_date"])
        forget_rights()
    return share


def share_end(*, actor: User, share: FamilyShare) -> FamilyShare:
    """End a share at this moment: the other centre loses access at once."""
    with transaction.atomic():
        fields = ended_now(share)
        share.save(update_fields=fields)
        audit_record(actor=actor, action=AuditAction.UPDATE, target=share, family=share.family, fields=fields)
        forget_rights()
    return share
