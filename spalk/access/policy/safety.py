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
  family itself, who may see the family, get a 403 for it (need to know; docs/safety.md); whoever may not see the
  family gets a 404, as for every record.
- a family member (portal) reads the Signs of Safety mapping of its own family (the mapping is made with the family:
  its columns, danger statements, safety goals and scores, in the family's words) — never a mapping or an entry
  that carries the withholding mark, never what was removed as recorded by mistake, never a Kindreflex procedure
  (the professional's own protocol). ``visible_safety_mappings``, ``visible_mapping_entries`` and
  ``visible_scaling_scores`` are the selectors a family-facing view uses; they apply the mark.
- the start-screen items: open Kindreflex procedures for team leads (``Duty.TEAM_LEAD_WORK``) of the family's
  centre; Signs of Safety reviews due for the family's assigned workers and team leads.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
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
    "access_mapping_entry",
    "access_safety_mapping",
    "access_safety_person",
    "access_safety_plan",
    "access_scaling_score",
    "can_do_safety_work",
    "kindreflex_watch_centres",
    "require_safety_work",
    "safety_work_families",
    "visible_contact_restrictions",
    "visible_kindreflex_procedures",
    "visible_mapping_entries",
    "visible_safety_mappings",
    "visible_safety_persons",
    "visible_safety_plans",
    "visible_scaling_scores",
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


def require_safety_work(*, user, family: Family) -> None:
    """For a family already accessed: PermissionDenied (403) unless this user does its safety work."""
    if not can_do_safety_work(user=user, family=family):
        raise PermissionDenied


def can_do_safety_work(*, user, family: Family) -> bool:
    """For a family already accessed: does this user see its mappings and Kindreflex procedures?"""
    if principal_for(user).portal_person_id and not principal_for(user).roles_by_centre:
        return False
    return _cached(("can", user.pk, family.pk, "safety_work"), lambda: can(user=user, family=family,
                                                                             action=SAFETY_WORK))


def _work_bound(qs, *, user, pk_value, select: tuple[str, ...] = (), family_field: str = "family"):
    try:
        pk = int(pk_value)
    except (TypeError, ValueError):
        raise Http404 from None
    obj = qs.filter(**{f"{family_field}__in": safety_work_families(user=user)}).select_related(
        family_field, f"{family_field}__centre", *select).filter(pk=pk).first()
    if obj is None:
        note_denied(user=user, object_type=qs.model._meta.label_lower, object_id=pk)
        if qs.filter(pk=pk, **{f"{family_field}__in": visible_families(user=user)}).exists():
            raise PermissionDenied  # the family is theirs to see, its safety work is not
        raise Http404
    note_access(user=user, target=obj)
    return obj


def _portal_only(user) -> bool:
    principal = principal_for(user)
    return bool(principal.portal_person_id) and not principal.roles_by_centre


def visible_safety_mappings(*, user, family: Family | None = None) -> QuerySet:
    """Signs of Safety mappings (of ``family`` when given, already accessed): all of them for whoever does the
    safety work; for a family member those of its own family that are not withheld from it; else none."""
    from spalk.safety.models import SafetyMapping

    if _portal_only(user):
        own = _scoped(SafetyMapping, user=user, family=family, action=Action.VIEW)
        return visible_content(own, user=user)
    if family is not None and not can_do_safety_work(user=user, family=family):
        return SafetyMapping.objects.none()
    return _scoped(SafetyMapping, user=user, family=family, action=SAFETY_WORK)


def visible_mapping_entries(*, user, mapping=None) -> QuerySet:
    """Entries of the mappings this user reads (of ``mapping`` when given, already accessed). Staff doing the
    safety work see every entry, removed and withheld ones included (the screens show them as such); a family
    member sees neither an entry withheld from the family nor one removed as recorded by mistake."""
    from spalk.safety.models import MappingEntry

    mappings = visible_safety_mappings(user=user)
    qs = MappingEntry.objects.filter(mapping__in=mappings)
    if mapping is not None:
        qs = qs.filter(mapping=mapping)
    if _portal_only(user):
        return visible_content(qs, user=user, family_field="mapping__family").filter(removed_at__isnull=True)
    return qs


def visible_scaling_scores(*, user, mapping=None) -> QuerySet:
    """Scaling scores of the mappings this user reads; a family member does not see a score removed as a mistake."""
    from spalk.safety.models import ScalingScore

    qs = ScalingScore.objects.filter(mapping__in=visible_safety_mappings(user=user))
    if mapping is not None:
        qs = qs.filter(mapping=mapping)
    if _portal_only(user):
        return qs.filter(removed_at__isnull=True)
    return qs


def access_mapping_entry(*, user, entry_id: int | str, action: Action = Action.VIEW):
    """One entry of a mapping, for whoever does the family's safety work; Http404 otherwise."""
    from spalk.safety.models import MappingEntry

    return _work_bound(MappingEntry.objects.all(), user=user, pk_value=entry_id, family_field="mapping__family",
                       select=("mapping",))


def access_scaling_score(*, user, score_id: int | str, action: Action = Action.VIEW):
    from spalk.safety.models import ScalingScore

    return _work_bound(ScalingScore.objects.all(), user=user, pk_value=score_id, family_field="mapping__family",
                       select=("mapping",))


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


