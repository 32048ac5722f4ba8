"""Policy: health coordination records (issue 13). Health data is special-category data (GDPR art. 9).

- The health coordinator and the team lead read and write every health record of a family they may see by the
  family rules of ``core`` (the team lead: every family of the centre and those shared with it; the health
  coordinator: the families they are assigned to; break the glass counts for them too).
- Counsellors, context counsellors, case leads and child workers who may see the family read only the records
  marked ``shared_with_team``; nothing else of the family's health (not even that it exists).
- Night staff, directors, intake and administrative staff see no health record; a person without access gets 404.
- A family member (portal) reads the health records of their own family except what carries the withholding
  mark (``visible_content``).
- Medication given in the living group: whoever may read a shared medication and may edit the family (the
  counsellors of the house) logs its doses; the health coordinator and the team lead log every medication.
- Every record a view or API handler shows passes ``access_*`` or ``visible_*`` here, so the request's ledger
  records the read (spalk.audit.reads).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from spalk.access.policy.content import visible_content
from spalk.access.policy.core import (
    Action,
    Principal,
    _cached,
    _family_q,
    _permission_denied,
    principal_for,
)
from spalk.accounts.models import Role
from spalk.audit.reads import note_access, note_denied
from spalk.families.models import Family, FamilyMember, Person

__all__ = [
    "HEALTH_READERS",
    "HEALTH_WORK_ROLES",
    "SHARED_HEALTH_READERS",
    "HealthAccess",
    "access_gordon_assessment",
    "access_health_person",
    "access_health_record",
    "access_medication",
    "access_pregnancy",
    "can_log_medication",
    "can_see_health",
    "health_families",
    "health_work_centres",
    "shared_health_families",
    "visible_health",
    "visible_medication_log",
]

HEALTH_READERS: frozenset[str] = frozenset({Role.HEALTH_COORDINATOR, Role.TEAM_LEAD})
SHARED_HEALTH_READERS: frozenset[str] = frozenset({Role.COUNSELLOR, Role.CONTEXT_COUNSELLOR, Role.CASE_LEAD,
                                                  Role.CHILD_WORKER})
# who gets the pregnancy due-date alerts and the health work on the start screen
HEALTH_WORK_ROLES: frozenset[str] = frozenset({Role.HEALTH_COORDINATOR})


def _only(principal: Principal, roles: frozenset[str], *, portal: bool) -> Principal:
    """The principal with only ``roles`` (the family rules then apply to those roles alone)."""
    kept = {c: r & roles for c, r in principal.roles_by_centre.items() if r & roles}
    return replace(principal, roles_by_centre=kept, portal_person_id=principal.portal_person_id if portal else None)


def health_families(*, user, action: Action = Action.VIEW) -> QuerySet[Family]:
    """Families whose every health record this user reads (or, with Action.EDIT, writes)."""
    principal = principal_for(user)
    if principal.user_id is None:
        return Family.objects.none()
    restricted = _only(principal, HEALTH_READERS, portal=action is Action.VIEW)
    return Family.objects.filter(_family_q(restricted, action, timezone.localdate()))


def shared_health_families(*, user, action: Action = Action.VIEW) -> QuerySet[Family]:
    """Families whose health records marked ``shared_with_team`` this user reads (or writes medication doses)."""
    principal = principal_for(user)
    if principal.user_id is None:
        return Family.objects.none()
    restricted = _only(principal, SHARED_HEALTH_READERS, portal=False)
    return Family.objects.filter(_family_q(restricted, action, timezone.localdate()))


def visible_health(model, *, user, family: Family | None = None, full: bool | None = None) -> QuerySet:
    """Health records of ``model`` this user may read: the start of every health list.

    ``family``/``full``: a family already reached through ``access_health_person`` and whether its health is
    fully visible; the list is then limited to it without repeating the family subqueries.
    """
    if family is not None and full is not None:
        qs = model.objects.filter(family=family)
        if not full:
            qs = qs.filter(shared_with_team=True)
    else:
        qs = model.objects.filter(Q(family__in=health_families(user=user))
                                  | Q(family__in=shared_health_families(user=user), shared_with_team=True))
        if family is not None:
            qs = qs.filter(family=family)
    return visible_content(qs, user=user)


def visible_medication_log(*, user, medications: QuerySet | None = None) -> QuerySet:
    """Administration lines of medications this user may read."""
    from spalk.health.models import Medication, MedicationAdministration

    allowed = medications if medications is not None else visible_health(Medication, user=user)
    return MedicationAdministration.objects.filter(medication__in=allowed)


@dataclass
class HealthAccess:
    person: Person
    family: Family
    full: bool  # every record (health coordinator, team lead) or only the shared ones
    may_edit: bool  # add and change health records

    @property
    def family_id(self) -> int:
        return self.family.pk


def _pk(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def access_health_person(*, user, person_id: int | str, action: Action = Action.VIEW) -> HealthAccess:
    """The person's health as this user may see it, or Http404 (no such person, or no health access at all);
    PermissionDenied for Action.EDIT when the user reads only what is shared."""
    pk = _pk(person_id)
    memberships = list(FamilyMember.objects.filter(person_id=pk).select_related("family", "family__centre",
                                                                               "person").order_by("pk"))
    family_ids = [m.family_id for m in memberships]
    full_ids = set(health_families(user=user).filter(pk__in=family_ids).values_list("pk", flat=True)) \
        if family_ids else set()
    shared_ids = set(shared_health_families(user=user).filter(pk__in=family_ids).values_list("pk", flat=True)) \
        if family_ids and not full_ids else set()
    chosen = next((m for m in memberships if m.family_id in full_ids), None) or next(
        (m for m in memberships if m.family_id in shared_ids), None)
    if chosen is None:
        note_denied(user=user, object_type="families.person", object_id=pk)
        raise Http404
    note_access(user=user, target=chosen.person)
    full = chosen.family_id in full_ids
    may_edit = full and health_families(user=user, action=Action.EDIT).filter(pk=chosen.family_id).exists()
    if action is not Action.VIEW and not may_edit:
        raise _permission_denied()
    return HealthAccess(person=chosen.person, family=chosen.family, full=full, may_edit=may_edit)


def access_health_record(model, *, user, record_id: int | str, action: Action = Action.VIEW,
                         select: tuple[str, ...] = ()):
    """One health record, or Http404 (missing, not shared with this user, withheld from this family member);
    PermissionDenied for Action.EDIT unless the user writes the family's health records."""
    pk = _pk(record_id)
    record = visible_health(model, user=user).select_related("family", "family__centre", "person", *select) \
        .filter(pk=pk).first()
    if record is None:
        note_denied(user=user, object_type=model._meta.label_lower, object_id=pk)
        raise Http404
    note_access(user=user, target=record)
    if action is not Action.VIEW and not health_families(user=user, action=Action.EDIT).filter(
            pk=record.family_id).exists():
        raise _permission_denied()
    return record


def access_pregnancy(*, user, pregnancy_id: int | str, action: Action = Action.VIEW):
    from spalk.health.models import Pregnancy

    return access_health_record(Pregnancy, user=user, record_id=pregnancy_id, action=action, select=("unborn",))


def access_medication(*, user, medication_id: int | str, action: Action = Action.VIEW):
    from spalk.health.models import Medication

    return access_health_record(Medication, user=user, record_id=medication_id, action=action)


def access_gordon_assessment(*, user, assessment_id: int | str, action: Action = Action.VIEW):
    from spalk.health.models import GordonAssessment

    return access_health_record(GordonAssessment, user=user, record_id=assessment_id, action=action)


def can_log_medication(*, user, medication) -> bool:
    """For a medication already accessed: may this user log a dose (health roles; counsellors who may edit the
    family, for a medication shared with them)?"""
    def compute() -> bool:
        if health_families(user=user, action=Action.EDIT).filter(pk=medication.family_id).exists():
            return True
        return medication.shared_with_team and shared_health_families(user=user, action=Action.EDIT).filter(
            pk=medication.family_id).exists()

    return _cached(("can", user.pk, medication.family_id, "log_medication", medication.pk), compute)


def can_see_health(*, user, family: Family) -> bool:
    """For a family already accessed: does this user see any of its health (the link on the family page)?"""
    def compute() -> bool:
        return Family.objects.filter(pk=family.pk).filter(
            Q(pk__in=health_families(user=user)) | Q(pk__in=shared_health_families(user=user))).exists()

    return _cached(("can", user.pk, family.pk, "see_health"), compute)


def health_work_centres(*, user) -> list[int]:
    """Centres in which this user does health work (start-screen alerts: births due, doses overdue)."""
    return principal_for(user).centres_with(HEALTH_WORK_ROLES)
