from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spalk.access.models import BreakGlassGrant, FamilyAssignment, FamilyShare, ended_now
from spalk.access.policy import break_glass_hours
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.core.errors import DomainError
from spalk.families.models import Family


def break_glass_open(*, actor: Any, family: Family, reason: str) -> BreakGlassGrant:
    """Grant time-limited access after a typed reason. The family must come from break_glass_candidates."""
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise DomainError(_("Describe why you need this dossier now (at least 10 characters). "
                            "Your team lead will see this reason."), field="reason")
    with transaction.atomic():
        grant = BreakGlassGrant.objects.create(
            family=family, user=actor, reason=reason,
            expires_at=timezone.now() + datetime.timedelta(hours=break_glass_hours()),
        )
        audit_record(actor=actor, action=AuditAction.BREAK_GLASS, target=family, reason=reason,
                     extra={"grant_id": grant.pk, "expires_at": grant.expires_at.isoformat()})
    return grant


def break_glass_review(*, actor: Any, grant: BreakGlassGrant) -> BreakGlassGrant:
    with transaction.atomic():
        grant.reviewed_by, grant.reviewed_at = actor, timezone.now()
        grant.save(update_fields=["reviewed_by", "reviewed_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, target=grant, family=grant.family,
                     fields=["reviewed_by", "reviewed_at"])
    return grant


def assignment_add(*, actor: Any, family: Family, user: Any, role: str,
                   start_date: datetime.date | None = None) -> FamilyAssignment:
    if not user.memberships.filter(centre_id=family.centre_id).exists():
        raise DomainError(_("Only staff of the family's centre can be part of its team."), field="user")
    with transaction.atomic():
        assignment = FamilyAssignment.objects.create(family=family, user=user, role=role,
                                                     start_date=start_date or timezone.localdate())
        audit_record(actor=actor, action=AuditAction.CREATE, target=assignment, family=family,
                     fields=["user", "role", "start_date"])
    return assignment


def assignment_end(*, actor: Any, assignment: FamilyAssignment, end_date: datetime.date | None = None
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
    return assignment


def share_add(*, actor: Any, family: Family, centre: Any, purpose: str,
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
    return share


def share_end(*, actor: Any, share: FamilyShare) -> FamilyShare:
    """End a share at this moment: the other centre loses access at once."""
    with transaction.atomic():
        fields = ended_now(share)
        share.save(update_fields=fields)
        audit_record(actor=actor, action=AuditAction.UPDATE, target=share, family=share.family, fields=fields)
    return share
