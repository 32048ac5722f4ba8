"""Writes of trajectory supporters (trajectondersteuners): assignment, end and intensity over time.

Each family has one family supporter at a time, a child may have their own, several scopes may run at once;
every change is kept (Supporter rows are ended, never overwritten) and a supporter gets a FamilyAssignment,
which is what the access policy reads.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from spalk.access.models import AssignmentRole, FamilyAssignment
from spalk.access.policy import forget_rights
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.core.errors import DomainError
from spalk.families.models import Family, FamilyMember, MemberRole, Person
from spalk.stays.services import fmt
from spalk.trajectories.models import Supporter, SupporterIntensity, SupporterScope, Trajectory


def _assignment_end_date(start: datetime.date, end: datetime.date) -> datetime.date:
    """FamilyAssignment ends are inclusive; a supporter's end is the first day no longer supporting."""
    return max(start, end - datetime.timedelta(days=1))


def _end_supporter(supporter: Supporter, end: datetime.date, reason: str) -> None:
    supporter.end_date = max(end, supporter.start_date)
    supporter.end_reason = reason
    supporter.save(update_fields=["end_date", "end_reason"])
    assignment = supporter.access_assignment if supporter.access_assignment_id else None
    if assignment is not None:
        # a supporter who stops today or earlier loses access at once, not at midnight
        ended_at = timezone.now() if supporter.end_date <= timezone.localdate() else None
        FamilyAssignment.objects.filter(pk=assignment.pk).update(
            end_date=_assignment_end_date(assignment.start_date, supporter.end_date), ended_at=ended_at)
        forget_rights()


def own_supporter_possible(member: FamilyMember, *, on: datetime.date) -> bool:
    """A child, and a parent who is still a minor (a teenage mother is a minor client with her own rights),
    may have a trajectory supporter of their own."""
    if member.role == MemberRole.CHILD:
        return True
    age = member.person.age_on(on)
    return member.role == MemberRole.PARENT and age is not None and age < 18


def supporter_assign(*, actor: Any, family: Family, user: Any, start_date: datetime.date,
                     scope: str = SupporterScope.FAMILY, person: Person | None = None, agreement: str = "agreed",
                     agreement_note: str = "", contacts_per_month: int | None = None,
                     change_reason: str = "") -> Supporter:
    """Make ``user`` a trajectory supporter. The current family (or child) TO, if any, ends on ``start_date``.

    The supporter joins the family's team (a FamilyAssignment), so access follows the assignment.
    """
    if not user.memberships.filter(centre_id=family.centre_id).exists():
        raise DomainError(_("Only staff of the family's centre can be its trajectory supporter."), field="user")
    if scope == SupporterScope.CHILD:
        member = FamilyMember.objects.filter(family=family, person=person).select_related("person").first() \
            if person is not None else None
        if member is None or not own_supporter_possible(member, on=start_date):
            raise DomainError(_("Choose the child or the minor parent this supporter is for."), field="person")
    else:
        person = None
    with transaction.atomic():
        Family.objects.select_for_update().filter(pk=family.pk).first()
        trajectory = Trajectory.objects.filter(family=family, centre_id=family.centre_id).order_by(
            F("closed_on").desc(nulls_first=True)).first()
        previous = None
        if scope != SupporterScope.CONTEXT:
            current = Supporter.objects.select_related("access_assignment").filter(
                family=family, scope=scope, person=person).filter(
                Q(end_date__isnull=True) | Q(end_date__gt=start_date)).order_by("-start_date").first()
            if current is not None:
                if current.user_id == user.pk:
                    raise DomainError(_("This person already is the trajectory supporter."), field="user")
                if current.start_date > start_date:
                    raise DomainError(_("The current supporter only starts on %(date)s; choose a later date.")
                                      % {"date": fmt(current.start_date)}, field="start_date")
                _end_supporter(current, start_date, change_reason or _("replaced"))
                previous = current
        access = FamilyAssignment.objects.create(family=family, user=user, role=AssignmentRole.TRAJECTORY_SUPPORTER,
                                                 start_date=start_date)
        forget_rights()
        supporter = Supporter.objects.create(
            family=family, trajectory=trajectory, user=user, scope=scope, person=person, agreement=agreement,
            agreement_note=agreement_note, start_date=start_date, access_assignment=access,
            created_by=actor if getattr(actor, "pk", None) else None)
        if contacts_per_month is not None:
            SupporterIntensity.objects.create(supporter=supporter, valid_from=start_date,
                                              contacts_per_month=contacts_per_month,
                                              created_by=actor if getattr(actor, "pk", None) else None)
        audit_record(actor=actor, action=AuditAction.CREATE, target=supporter, family=family, person=person,
                     fields=["user", "scope", "agreement", "start_date"],
                     extra={"replaces": previous.pk if previous else None})
    return supporter


def supporter_end(*, actor: Any, supporter: Supporter, end_date: datetime.date, reason: str) -> Supporter:
    if not (reason or "").strip():
        raise DomainError(_("Give the reason why this supporter stops."), field="reason")
    with transaction.atomic():
        locked = Supporter.objects.select_for_update(of=("self",)).select_related("access_assignment", "family").get(
            pk=supporter.pk)
        if locked.end_date is not None and locked.end_date <= end_date:
            raise DomainError(_("This supporter has already stopped."), field="end_date")
        if end_date < locked.start_date:
            raise DomainError(_("The end lies before the start (%(date)s).") % {"date": fmt(locked.start_date)},
                              field="end_date")
        _end_supporter(locked, end_date, reason.strip())
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.family,
                     fields=["end_date", "end_reason"])
    return locked


def intensity_set(*, actor: Any, supporter: Supporter, valid_from: datetime.date, contacts_per_month: int,
                  note: str = "") -> SupporterIntensity:
    with transaction.atomic():
        row, _created = SupporterIntensity.objects.update_or_create(
            supporter=supporter, valid_from=valid_from,
            defaults={"contacts_per_month": contacts_per_month, "note": note,
                      "created_by": actor if getattr(actor, "pk", None) else None})
        audit_record(actor=actor, action=AuditAction.UPDATE, target=row, family=supporter.family,
                     fields=["contacts_per_month", "note"], extra={"supporter_id": supporter.pk})
    return row
