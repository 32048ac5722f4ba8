"""Policy: child safety (issue 13) — safety plans and safety persons, contact restrictions, Signs of Safety
mappings and Kindreflex procedures.

Two tiers, both reached through the family that owns the record:
- what keeps a child safe tonight — the safety plan with its rules, the safety persons and the contact
  restrictions — is read by everyone who may see the family, night staff in residence and administrative staff
  included (a night shift must find it in two clicks); a family member (portal) reads it without what carries the
  withholding mark. Writing it: whoever may edit the family (so not night staff, not administrative staff);
- the safety work behind it — Signs of Safety mappings (worries, danger statements, scaling) and Kindreflex
  procedures (niet-pluis feelings, consultations with the VK or OCJ, reports) — is read and written only by those
  who may edit the family: the centre's directors, team leads and intake officers, the workers assigned to the
  family, counsellors of the centre where it lives, break the glass. Night staff, administrative staff and the
  family itself get a 404 for it (need to know; docs/safety.md).
- the start-screen items: open Kindreflex procedures for team leads (``Duty.TEAM_LEAD_WORK``) of the family's
  centre; Signs of Safety reviews due for the family's assigned workers and team leads.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from spalk.access.policy.content import visible_content
from spalk.access.policy.core import (
    Action,
    Duty,
    _cached,
    _family_bound,
    can,
    duty_centres,
    principal_for,
    visible_families,
)
from spalk.audit.reads import note_access, note_denied
from spalk.families.models import Family

__all__ = [
    "access_contact_restriction",
    "access_kindreflex_procedure",
    "access_safety_mapping",
    "access_safety_person",
    "access_safety_plan",
    "can_do_safety_work",
    "kindreflex_watch_centres",
    "safety_work_families",
    "visible_contact_restrictions",
    "visible_kindreflex_procedures",
    "visible_safety_mappings",
    "visible_safety_persons",
    "visible_safety_plans",
]

SAFETY_WORK = Action.EDIT  # the family right that opens the safety work (mappings, Kindreflex)


def _scoped(model, *, user, family: Family | None, action: Action) -> QuerySet:
    if family is not None:  # a family the caller obtained through access_family
        return model.objects.filter(family=family)
    return model.objects.filter(family__in=visible_families(user=user, action=action))


def visible_safety_plans(*, user, family: Family | None = None) -> QuerySet:
    """Safety plans this user may read (of ``family`` when given, already accessed)."""
    from spalk.safety.models import SafetyPlan

    return visible_content(_scoped(SafetyPlan, user=user, family=family, action=Action.VIEW), user=user)


def visible_safety_persons(*, user, family: Family | None = None) -> QuerySet:
    """Safety persons of the plans this user may read."""
    from spalk.safety.models import SafetyPerson

    plans = visible_safety_plans(user=user, family=family)
    return SafetyPerson.objects.filter(plan__in=plans)


def visible_contact_restrictions(*, user, family: Family | None = None) -> QuerySet:
    from spalk.safety.models import ContactRestriction

    return visible_content(_scoped(ContactRestriction, user=user, family=family, action=Action.VIEW), user=user)


def access_safety_plan(*, user, plan_id: int | str, action: Action = Action.VIEW):
    """A safety plan, or Http404 (missing, not yours, withheld from this family member); 403 when read-only."""
    from spalk.safety.models import SafetyPlan

    return _family_bound(visible_content(SafetyPlan.objects.all(), user=user), user=user, pk_value=plan_id,
                         action=action)


def access_safety_person(*, user, safety_person_id: int | str, action: Action = Action.VIEW):
    from spalk.safety.models import SafetyPerson, SafetyPlan

    plans = visible_content(SafetyPlan.objects.all(), user=user)
    return _family_bound(SafetyPerson.objects.filter(plan__in=plans), user=user, pk_value=safety_person_id,
                         action=action, select=("plan",))


def access_contact_restriction(*, user, restriction_id: int | str, action: Action = Action.VIEW):
    from spalk.safety.models import ContactRestriction

    return _family_bound(visible_content(ContactRestriction.objects.all(), user=user), user=user,
                         pk_value=restriction_id, action=action, select=("child",))


# --- the safety work: Signs of Safety and Kindreflex ----------------------------------------------------------

def safety_work_families(*, user) -> QuerySet[Family]:
    """Families whose safety work (mappings, Kindreflex) this user reads and writes."""
    return visible_families(user=user, action=SAFETY_WORK)


def can_do_safety_work(*, user, family: Family) -> bool:
    """For a family already accessed: does this user see its mappings and Kindreflex procedures?"""
    if principal_for(user).portal_person_id and not principal_for(user).roles_by_centre:
        return False
    return _cached(("can", user.pk, family.pk, "safety_work"), lambda: can(user=user, family=family,
                                                                             action=SAFETY_WORK))


def _work_bound(qs, *, user, pk_value, select: tuple[str, ...] = ()):
    try:
        pk = int(pk_value)
    except (TypeError, ValueError):
        raise Http404 from None
    obj = qs.filter(family__in=safety_work_families(user=user)).select_related(
        "family", "family__centre", *select).filter(pk=pk).first()
    if obj is None:
        note_denied(user=user, object_type=qs.model._meta.label_lower, object_id=pk)
        raise Http404
    note_access(user=user, target=obj)
    return obj


def visible_safety_mappings(*, user, family: Family | None = None) -> QuerySet:
    """Signs of Safety mappings (of ``family`` when given, already accessed; empty without the safety-work right)."""
    from spalk.safety.models import SafetyMapping

    if family is not None and not can_do_safety_work(user=user, family=family):
        return SafetyMapping.objects.none()
    return _scoped(SafetyMapping, user=user, family=family, action=SAFETY_WORK)


def access_safety_mapping(*, user, mapping_id: int | str, action: Action = Action.VIEW):
    from spalk.safety.models import SafetyMapping

    return _work_bound(SafetyMapping.objects.all(), user=user, pk_value=mapping_id, select=("child",))


def visible_kindreflex_procedures(*, user, family: Family | None = None) -> QuerySet:
    from spalk.safety.models import KindreflexProcedure

    if family is not None and not can_do_safety_work(user=user, family=family):
        return KindreflexProcedure.objects.none()
    return _scoped(KindreflexProcedure, user=user, family=family, action=SAFETY_WORK)


def access_kindreflex_procedure(*, user, procedure_id: int | str, action: Action = Action.VIEW):
    from spalk.safety.models import KindreflexProcedure

    return _work_bound(KindreflexProcedure.objects.all(), user=user, pk_value=procedure_id, select=("child",))


def kindreflex_watch_centres(*, user) -> list[int]:
    """Centres whose open Kindreflex procedures this user follows on the start screen (team leads)."""
    return duty_centres(user=user, duty=Duty.TEAM_LEAD_WORK)


