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
- Night staff (issue 13): the living group is staffed at night and children in residence get their doses then. Night
  staff see the medications shared with the team of the *children* of families living today in a unit of their own
  centre (the family's own centre: residence-bound like their other rights, never through a share) and log a dose
  (given, or not given with the reason) — nothing else of health: other health pages of a family they see answer
  403, a family outside residence 404.
- A family one may see but whose health one may not (the director, intake, administrative staff, night staff)
  gets 403 on its health pages; 404 when the family is not theirs at all (STYLE §2).
- Correcting: marking a record as entered in error or withheld from the family is for those who write the family's
  health; a line of the administration log also for the person who logged it, while they may still log doses.
- Every record a view or API handler shows passes ``access_*`` or ``visible_*`` here, so the request's ledger
  records the read (spalk.audit.reads).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from spalk.access.policy.content import visible_content
from spalk.access.policy.core import (
    Action,
    Principal,
    _cached,
    _family_q,
    _permission_denied,
    families_of_centre,
    family_rule,
    in_residence_q,
    principal_for,
    visible_families,
)
from spalk.accounts.models import Role
from spalk.audit.reads import note_access, note_denied
from spalk.families.models import Family, FamilyMember, MemberRole, Person

__all__ = [
    "HEALTH_READERS",
    "HEALTH_WORK_ROLES",
    "SHARED_HEALTH_READERS",
    "HealthAccess",
    "access_gordon_assessment",
    "access_health_person",
    "access_health_record",
    "access_medication",
    "access_medication_administration",
    "access_pregnancy",
    "can_edit_health",
    "can_log_medication",
    "can_see_health",
    "health_families",
    "health_work_centres",
    "night_medication_families",
    "shared_health_families",
    "visible_health",
    "visible_medication_log",
]

HEALTH_READERS: frozenset[str] = frozenset({Role.HEALTH_COORDINATOR, Role.TEAM_LEAD})
SHARED_HEALTH_READERS: frozenset[str] = frozenset({Role.COUNSELLOR, Role.CONTEXT_COUNSELLOR, Role.CASE_LEAD,
                                                  Role.CHILD_WORKER})
# who gets the pregnancy due-date alerts and the health work on the start screen
HEALTH_WORK_ROLES: frozenset[str] = frozenset({Role.HEALTH_COORDINATOR})
# who gives the doses of children in residence at night: the medication schedule and the log, nothing else
NIGHT_MEDICATION_ROLES: frozenset[str] = frozenset({Role.NIGHT_STAFF})


def _only(principal: Principal, roles: frozenset[str], *, portal: bool) -> Principal:
    """The principal with only ``roles`` (the family rules then apply to those roles alone)."""
    kept = {c: r & roles for c, r in principal.roles_by_centre.items() if r & roles}
    return replace(principal, roles_by_centre=kept, portal_person_id=principal.portal_person_id if portal else None)


def health_families(*, user, action: Action = Action.VIEW, centre_id: int | None = None) -> QuerySet[Family]:
    """Families whose every health record this user reads (or, with Action.EDIT, writes); ``centre_id``: those
    owned by that centre, read once per request (``families_of_centre``)."""
    principal = principal_for(user)
    if principal.user_id is None:
        return Family.objects.none()
    restricted = _only(principal, HEALTH_READERS, portal=action is Action.VIEW)
    if centre_id is not None:
        return families_of_centre(restricted, action, centre_id)
    return Family.objects.filter(_family_q(restricted, action, timezone.localdate()))


def shared_health_families(*, user, action: Action = Action.VIEW,
                           centre_id: int | None = None) -> QuerySet[Family]:
    """Families whose health records marked ``shared_with_team`` this user reads (or writes medication doses);
    ``centre_id`` as for ``health_families``."""
    principal = principal_for(user)
    if principal.user_id is None:
        return Family.objects.none()
    restricted = _only(principal, SHARED_HEALTH_READERS, portal=False)
    if centre_id is not None:
        return families_of_centre(restricted, action, centre_id)
    return Family.objects.filter(_family_q(restricted, action, timezone.localdate()))


def _health_rule(*, user, action: Action = Action.VIEW, shared: bool = False) -> Q:
    """The rule of ``health_families`` (or, ``shared``, of ``shared_health_families``) as a condition for a
    top-level query on Family, from the compiled-rule cache (core.family_rule): for checks on families already
    known. Never use it in a subquery; lists start from ``health_families``."""
    principal = principal_for(user)
    if principal.user_id is None:
        return Q(pk__in=[])
    restricted = (_only(principal, SHARED_HEALTH_READERS, portal=False) if shared
                  else _only(principal, HEALTH_READERS, portal=action is Action.VIEW))
    return family_rule(restricted, action)


def _health_checked(*, user, action: Action = Action.VIEW, shared: bool = False) -> QuerySet[Family]:
    return Family.objects.filter(_health_rule(user=user, action=action, shared=shared))


def night_medication_families(*, user, centre_id: int | None = None) -> QuerySet[Family]:
    """Families of the user's own centres living today in a unit of those centres, for their night staff;
    ``centre_id``: of that centre only."""
    principal = principal_for(user)
    centres = principal.centres_with(NIGHT_MEDICATION_ROLES) if principal.user_id is not None else []
    if centre_id is not None:
        centres = [centre_id] if centre_id in centres else []
    if not centres:
        return Family.objects.none()
    return Family.objects.filter(Q(centre_id__in=centres) & in_residence_q(timezone.localdate(), centre_ids=centres))


def _child_of_family_q() -> Q:
    return Q(Exists(FamilyMember.objects.filter(family_id=OuterRef("family_id"), person_id=OuterRef("person_id"),
                                                role=MemberRole.CHILD)))


def _night_medication_q(user, centre_id: int | None = None) -> Q:
    """Q on Medication: shared medications of children in residence, for the night staff of the house."""
    families = night_medication_families(user=user, centre_id=centre_id)
    return Q(family__in=families, shared_with_team=True) & _child_of_family_q()


def visible_health(model, *, user, family: Family | None = None, full: bool | None = None,
                   centre_id: int | None = None) -> QuerySet:
    """Health records of ``model`` this user may read: the start of every health list.

    ``family``/``full``: a family already reached through ``access_health_person`` and whether its health is
    fully visible; the list is then limited to it without repeating the family subqueries. ``centre_id``: only
    records of that centre's families, their rules read once per request (the handover's medication doses).
    """
    if family is not None and full is not None:
        qs = model.objects.filter(family=family)
        if not full:
            qs = qs.filter(shared_with_team=True)
    else:
        q = (Q(family__in=health_families(user=user, centre_id=centre_id))
             | Q(family__in=shared_health_families(user=user, centre_id=centre_id), shared_with_team=True))
        if model._meta.label_lower == "health.medication" and principal_for(user).centres_with(
                NIGHT_MEDICATION_ROLES):
            q |= _night_medication_q(user, centre_id)
        qs = model.objects.filter(q)
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
    full_ids = set(_health_checked(user=user).filter(pk__in=family_ids).values_list("pk", flat=True)) \
        if family_ids else set()
    shared_ids = set(_health_checked(user=user, shared=True).filter(pk__in=family_ids).values_list("pk", flat=True)) \
        if family_ids and not full_ids else set()
    chosen = next((m for m in memberships if m.family_id in full_ids), None) or next(
        (m for m in memberships if m.family_id in shared_ids), None)
    if chosen is None:
        note_denied(user=user, object_type="families.person", object_id=pk)
        _forbid_when_family_visible(user=user, family_ids=family_ids)
        raise Http404
    note_access(user=user, target=chosen.person)
    full = chosen.family_id in full_ids
    may_edit = full and _health_checked(user=user, action=Action.EDIT).filter(pk=chosen.family_id).exists()
    if action is not Action.VIEW and not may_edit:
        raise _permission_denied()
    return HealthAccess(person=chosen.person, family=chosen.family, full=full, may_edit=may_edit)


def _forbid_when_family_visible(*, user, family_ids: list[int]) -> None:
    """403 (not 404) when the user sees one of these families but none of its health (STYLE §2)."""
    if not family_ids:
        return
    families = visible_families(user=user).filter(pk__in=family_ids)
    seen = list(families.values_list("pk", flat=True))
    if seen and not (_health_checked(user=user).filter(pk__in=seen).exists()
                     or _health_checked(user=user, shared=True).filter(pk__in=seen).exists()):
        raise _permission_denied()


def access_health_record(model, *, user, record_id: int | str, action: Action = Action.VIEW,
                         select: tuple[str, ...] = ()):
    """One health record, or Http404 (missing, not shared with this user, withheld from this family member);
    PermissionDenied for Action.EDIT unless the user writes the family's health records, and for a record of a
    family the user sees but whose health they do not."""
    pk = _pk(record_id)
    record = visible_health(model, user=user).select_related("family", "family__centre", "person", *select) \
        .filter(pk=pk).first()
    if record is None:
        note_denied(user=user, object_type=model._meta.label_lower, object_id=pk)
        family_id = model.objects.filter(pk=pk).values_list("family_id", flat=True).first()
        _forbid_when_family_visible(user=user, family_ids=[family_id] if family_id else [])
        raise Http404
    note_access(user=user, target=record)
    if action is not Action.VIEW and not _health_checked(user=user, action=Action.EDIT).filter(
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


def access_medication_administration(*, user, administration_id: int | str, action: Action = Action.VIEW):
    """One line of the administration log through its medication; for Action.EDIT (marking it entered in error)
    the health roles of the family, or the person who logged it while they may log doses of the medication."""
    from spalk.health.models import MedicationAdministration

    pk = _pk(administration_id)
    line = visible_medication_log(user=user).select_related(
        "medication", "medication__family", "medication__person", "family", "person", "given_by").filter(pk=pk) \
        .first()
    if line is None:
        note_denied(user=user, object_type="health.medicationadministration", object_id=pk)
        family_id = MedicationAdministration.objects.filter(pk=pk).values_list("family_id", flat=True).first()
        _forbid_when_family_visible(user=user, family_ids=[family_id] if family_id else [])
        raise Http404
    note_access(user=user, target=line)
    if action is not Action.VIEW:
        writer = _health_checked(user=user, action=Action.EDIT).filter(pk=line.family_id).exists()
        own = line.given_by_id == user.pk and can_log_medication(user=user, medication=line.medication)
        if not (writer or own):
            raise _permission_denied()
    return line


def can_log_medication(*, user, medication) -> bool:
    """For a medication already accessed: may this user log a dose (health roles; counsellors who may edit the
    family, for a medication shared with them; night staff for the shared medication of a child in residence)?"""
    def compute() -> bool:
        if _health_checked(user=user, action=Action.EDIT).filter(pk=medication.family_id).exists():
            return True
        if not medication.shared_with_team:
            return False
        if _health_checked(user=user, action=Action.EDIT, shared=True).filter(pk=medication.family_id).exists():
            return True
        from spalk.health.models import Medication

        return Medication.objects.filter(pk=medication.pk).filter(_night_medication_q(user)).exists()

    return _cached(("can", user.pk, medication.family_id, "log_medication", medication.pk), compute)


def can_edit_health(*, user, family: Family) -> bool:
    """For a family already accessed: does this user write its health records (change, stop, correct)?"""
    def compute() -> bool:
        return _health_checked(user=user, action=Action.EDIT).filter(pk=family.pk).exists()

    return _cached(("can", user.pk, family.pk, "edit_health"), compute)


def can_see_health(*, user, family: Family) -> bool:
    """For a family already accessed: does this user see any of its health (the link on the family page)?"""
    def compute() -> bool:
        return Family.objects.filter(pk=family.pk).filter(
            _health_rule(user=user) | _health_rule(user=user, shared=True)).exists()

    return _cached(("can", user.pk, family.pk, "see_health"), compute)


def health_work_centres(*, user) -> list[int]:
    """Centres in which this user does health work (start-screen alerts: births due, doses overdue)."""
    return principal_for(user).centres_with(HEALTH_WORK_ROLES)
