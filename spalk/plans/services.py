"""Writes of the handelingsplan: versions, goals, actions, signing and revision.

Callers pass objects that already went through the policy (``access_trajectory``/``access_plan``/``access_goal``
with ``Action.EDIT``). Every write locks the plan row (``SELECT … FOR UPDATE``), refuses a change to a signed
version (``PlanFrozenError``, the API's 409), compares the version the person saw (``ConcurrentEditError``),
and writes its audit row in the same transaction.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from spalk.access.withholding import WithholdReason, withholding_apply
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.core.errors import ConcurrentEditError, DomainError, raise_if_any
from spalk.families.models import FamilyMember, MemberRole, Person
from spalk.methods.models import Method
from spalk.plans.models import (
    Decision,
    Goal,
    GoalAction,
    GoalStatus,
    LifeDomain,
    Plan,
    PlanSignatory,
    PlanStatus,
    SignatureMedium,
    ViewSource,
)

MAX_TEXT = 10_000
OWN_VIEW_FROM_AGE = 12  # from 12 on a child gives their view in their own words (BRIEF.md §7)


class PlanFrozenError(ConcurrentEditError):
    """A change to a signed version: the API answers 409, the screen says to start a new version."""

    def __init__(self) -> None:
        super().__init__(_("This version of the plan is signed and can no longer be changed. "
                           "Start a new version to change it."))
        self.code = "frozen"


@dataclass
class ActionInput:
    who: str
    what: str
    due_on: datetime.date | None = None
    done_on: datetime.date | None = None
    methods: list[Method] = field(default_factory=list)


@dataclass
class GoalInput:
    life_domain: str
    family_words: str = ""
    worker_words: str = ""
    person: Person | None = None
    parent_view: str = ""
    child_view: str = ""
    child_view_source: str = ""
    status: str = GoalStatus.OPEN
    methods: list[Method] | None = None
    actions: list[ActionInput] | None = None  # None: leave the actions as they are
    withheld: bool | None = None  # the shared withholding mark (None: leave it as it is)
    withheld_reason: str = ""


@dataclass
class SignatoryInput:
    person: Person | None = None
    user: Any = None
    capacity: str = ""


def _locked(plan: Plan) -> Plan:
    locked = Plan.objects.select_for_update().select_related("trajectory", "family").get(pk=plan.pk)
    if locked.is_signed:
        raise PlanFrozenError()
    return locked


def _bump(plan: Plan, fields: list[str]) -> None:
    plan.row_version += 1
    plan.save(update_fields=[*fields, "row_version", "updated_at"])


def plan_create(*, actor: Any, trajectory: Any) -> Plan:
    """The first version of the trajectory's plan, a draft without goals."""
    if not trajectory.is_open:
        raise DomainError(_("This trajectory is closed. Reopen it first to make a plan."), field="trajectory_id")
    with transaction.atomic():
        if Plan.objects.select_for_update().filter(trajectory=trajectory).exists():
            raise DomainError(_("This trajectory already has a plan. Open it, or start a new version from the "
                                "signed plan."), field="trajectory_id", code="exists")
        plan = Plan.objects.create(trajectory=trajectory, family=trajectory.family, version=1, created_by=actor)
        audit_record(actor=actor, action=AuditAction.CREATE, target=plan, family=trajectory.family,
                     fields=["version", "status"])
    return plan


def plan_update(*, actor: Any, plan: Plan, row_version: int | None, agreements: str | None = None,
                discussed_on: datetime.date | None = None) -> Plan:
    """Change the plan's own fields (general agreements, the day it was discussed with the family)."""
    with transaction.atomic():
        locked = _locked(plan)
        if row_version is not None and row_version != locked.row_version:
            raise ConcurrentEditError()
        changed = []
        if agreements is not None and agreements != locked.agreements:
            if len(agreements) > MAX_TEXT:
                raise DomainError(_("This text is too long."), field="agreements")
            locked.agreements = agreements
            changed.append("agreements")
        if discussed_on is not None and discussed_on != locked.discussed_on:
            if discussed_on > timezone.localdate():
                raise DomainError(_("The plan cannot have been discussed on a day still to come."),
                                  field="discussed_on")
            locked.discussed_on = discussed_on
            changed.append("discussed_on")
        if changed:
            _bump(locked, changed)
            audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.family, fields=changed)
    return locked


def _age(person: Person, on: datetime.date) -> int | None:
    return person.age_on(on)


def goal_problems(*, plan: Plan, data: GoalInput, today: datetime.date) -> list[DomainError]:
    """Every rule a goal breaks, so that a person fixes them at once."""
    problems = []
    if data.life_domain not in LifeDomain.values:
        problems.append(DomainError(_("Choose a life domain."), field="life_domain"))
    if not data.family_words.strip() and not data.worker_words.strip():
        problems.append(DomainError(_("Write the goal: in the family's own words, in your formulation, or both."),
                                    field="family_words"))
    for name in ("family_words", "worker_words", "parent_view", "child_view"):
        if len(getattr(data, name)) > MAX_TEXT:
            problems.append(DomainError(_("This text is too long."), field=name))
    if data.status not in GoalStatus.values:
        problems.append(DomainError(_("Choose a status."), field="status"))
    if data.person is not None and not FamilyMember.objects.filter(family_id=plan.family_id,
                                                                   person=data.person).exists():
        problems.append(DomainError(_("Choose a member of this family, or the whole family."), field="person_id"))
    if data.child_view.strip():
        if data.child_view_source not in ViewSource.values:
            problems.append(DomainError(_("Say whether the child's view is in the child's own words or written "
                                          "down by the worker."), field="child_view_source"))
        elif data.child_view_source == ViewSource.CHILD and data.person is not None:
            age = _age(data.person, today)
            if age is not None and age < OWN_VIEW_FROM_AGE:
                problems.append(DomainError(
                    _("A child under 12 gives their view through the worker: mark it as 'through the worker'."),
                    field="child_view_source"))
    if any(not m.is_active for m in data.methods or []):
        problems.append(DomainError(_("This method is no longer in use; choose another one."), field="methods"))
    if data.withheld and data.withheld_reason not in WithholdReason.values:
        problems.append(DomainError(_("Choose why this is withheld from the family."), field="withheld_reason"))
    for action in data.actions or []:
        if not action.who.strip() or not action.what.strip():
            problems.append(DomainError(_("Every action says who does what."), field="actions"))
            break
    return problems


def _apply_goal(goal: Goal, data: GoalInput, *, actor: Any = None) -> list[str]:
    changed = []
    if data.withheld is not None:
        changed += withholding_apply(goal, actor=actor, withheld=data.withheld, reason=data.withheld_reason,
                                     now=timezone.now())
    values = {"life_domain": data.life_domain, "family_words": data.family_words.strip(),
              "worker_words": data.worker_words.strip(), "parent_view": data.parent_view.strip(),
              "child_view": data.child_view.strip(),
              "child_view_source": data.child_view_source if data.child_view.strip() else "",
              "status": data.status, "person_id": data.person.pk if data.person else None}
    for name, value in values.items():
        if getattr(goal, name) != value:
            setattr(goal, name, value)
            changed.append(name.removesuffix("_id"))
    return changed


def _set_actions(goal: Goal, actions: list[ActionInput]) -> None:
    goal.actions.all().delete()
    for i, a in enumerate(actions):
        row = GoalAction.objects.create(goal=goal, who=a.who.strip(), what=a.what.strip(), due_on=a.due_on,
                                        done_on=a.done_on, order=i)
        if a.methods:
            row.methods.set(a.methods)


def goal_add(*, actor: Any, plan: Plan, data: GoalInput) -> Goal:
    """Add a goal to a draft version (409 on a signed one)."""
    with transaction.atomic():
        locked = _locked(plan)
        raise_if_any(goal_problems(plan=locked, data=data, today=timezone.localdate()))
        order = (locked.goals.aggregate(m=Max("order"))["m"] or 0) + 1
        goal = Goal(plan=locked, family=locked.family, order=order)
        fields = _apply_goal(goal, data, actor=actor)
        goal.save()
        if data.methods:
            goal.methods.set(data.methods)
            fields.append("methods")
        if data.actions:
            _set_actions(goal, data.actions)
            fields.append("actions")
        _bump(locked, [])
        audit_record(actor=actor, action=AuditAction.CREATE, target=goal, family=locked.family,
                     person=data.person, fields=fields)
    return goal


def goal_update(*, actor: Any, goal: Goal, data: GoalInput, row_version: int | None) -> Goal:
    """Change a goal of a draft version; ``row_version`` is the goal's version the person saw."""
    with transaction.atomic():
        locked_plan = _locked(goal.plan)
        locked = Goal.objects.select_for_update().get(pk=goal.pk)
        if row_version is not None and row_version != locked.row_version:
            raise ConcurrentEditError()
        raise_if_any(goal_problems(plan=locked_plan, data=data, today=timezone.localdate()))
        changed = _apply_goal(locked, data, actor=actor)
        if data.methods is not None and {m.pk for m in data.methods} != set(
                locked.methods.values_list("pk", flat=True)):
            locked.methods.set(data.methods)
            changed.append("methods")
        if data.actions is not None:
            _set_actions(locked, data.actions)
            changed.append("actions")
        if changed:
            locked.row_version += 1
            locked.save()
            _bump(locked_plan, [])
            audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked_plan.family,
                         person=locked.person, fields=changed)
    return locked


def goal_remove(*, actor: Any, goal: Goal) -> None:
    """Remove a goal from a draft version (a signed version keeps all its goals)."""
    with transaction.atomic():
        locked_plan = _locked(goal.plan)
        if goal.evaluations.exists():
            raise DomainError(_("This goal has evaluations and stays in the plan; set its status to stopped."))
        goal.actions.all().delete()
        goal.methods.clear()
        audit_record(actor=actor, action=AuditAction.DELETE, target=goal, family=locked_plan.family)
        Goal.objects.filter(pk=goal.pk).delete()
        _bump(locked_plan, [])


def plan_sign_problems(*, plan: Plan, signed_on: datetime.date | None,
                       signatories: list[SignatoryInput]) -> list[DomainError]:
    problems = []
    if not plan.goals.exists():
        problems.append(DomainError(_("A plan without goals cannot be signed. Add the goals first."),
                                    field="goals", code="no_goals"))
    if signed_on is None:
        problems.append(DomainError(_("Fill in the day the plan was signed."), field="signed_on"))
    elif signed_on > timezone.localdate():
        problems.append(DomainError(_("The day of signing cannot be in the future."), field="signed_on"))
    elif signed_on < plan.trajectory.admitted_on:
        problems.append(DomainError(_("The plan cannot be signed before the admission."), field="signed_on"))
    if not signatories:
        problems.append(DomainError(_("Say who signed: family members and staff."), field="signatories"))
    member_ids = set(FamilyMember.objects.filter(family_id=plan.family_id).values_list("person_id", flat=True))
    if any(s.person is not None and s.person.pk not in member_ids for s in signatories):
        problems.append(DomainError(_("Only members of this family sign for the family."), field="signatories"))
    from spalk.accounts.models import Membership

    staff_ids = {s.user.pk for s in signatories if s.user is not None}
    known = set(Membership.objects.filter(centre_id=plan.family.centre_id, user_id__in=staff_ids)
                .values_list("user_id", flat=True))
    if staff_ids - known:
        problems.append(DomainError(_("Only staff of the family's centre sign for the centre."), field="signatories"))
    if signatories and not any(s.person is not None for s in signatories):
        problems.append(DomainError(_("The plan is made with the family: at least one family member signs."),
                                    field="signatories"))
    keys = [("p", s.person.pk) if s.person else ("u", s.user.pk) for s in signatories]
    if len(keys) != len(set(keys)):
        problems.append(DomainError(_("Each person signs once."), field="signatories"))
    return problems


def _capacity(person: Person, members: dict[int, FamilyMember]) -> str:
    member = members.get(person.pk)
    if member is None:
        return ""
    return member.relation or str(member.get_role_display())


def plan_sign(*, actor: Any, plan: Plan, signed_on: datetime.date | None, signatories: list[SignatoryInput],
              row_version: int | None = None, medium: str = SignatureMedium.PAPER) -> Plan:
    """Record that the plan was discussed and signed; the version is frozen from then on."""
    with transaction.atomic():
        locked = _locked(plan)
        if row_version is not None and row_version != locked.row_version:
            raise ConcurrentEditError()
        raise_if_any(plan_sign_problems(plan=locked, signed_on=signed_on, signatories=signatories))
        members = {m.person_id: m for m in FamilyMember.objects.filter(family_id=locked.family_id)}
        for i, s in enumerate(signatories):
            if s.person is not None:
                PlanSignatory.objects.create(plan=locked, person=s.person, name=s.person.full_name,
                                             capacity=s.capacity or _capacity(s.person, members), order=i)
            else:
                PlanSignatory.objects.create(plan=locked, user=s.user, name=_staff_name(s.user),
                                             capacity=s.capacity or _("staff"), order=i)
        locked.status = PlanStatus.SIGNED
        locked.signed_on = signed_on
        locked.signature_medium = medium
        locked.signed_recorded_by = actor
        if locked.discussed_on is None:
            locked.discussed_on = signed_on
        _bump(locked, ["status", "signed_on", "signature_medium", "signed_recorded_by", "discussed_on"])
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.family,
                     fields=["status", "signed_on", "signatories"])
    return locked


def _staff_name(user: Any) -> str:
    full = getattr(user, "get_full_name", lambda: "")()
    return full or user.email


# the status a goal carries into the next version after the decision of its last evaluation
_STATUS_AFTER: dict[str, str] = {Decision.REACHED: GoalStatus.REACHED, Decision.STOPPED: GoalStatus.STOPPED,
                 Decision.CONTINUE: GoalStatus.IN_PROGRESS, Decision.ADJUST: GoalStatus.IN_PROGRESS}


def plan_revise(*, actor: Any, plan: Plan) -> Plan:
    """Start version n + 1 as a draft copy of the newest signed version; the signed one stays as it was."""
    with transaction.atomic():
        locked = Plan.objects.select_for_update().select_related("family", "trajectory").get(pk=plan.pk)
        if not locked.is_signed:
            raise DomainError(_("This version is still a draft: change it directly, no new version is needed."),
                              code="draft")
        if Plan.objects.filter(trajectory_id=locked.trajectory_id, version__gt=locked.version).exists():
            raise ConcurrentEditError(_("A newer version of this plan already exists. Open that version."))
        if not locked.trajectory.is_open:
            raise DomainError(_("This trajectory is closed. Reopen it first to change the plan."))
        try:
            with transaction.atomic():
                new = Plan.objects.create(trajectory=locked.trajectory, family=locked.family,
                                          version=locked.version + 1, previous=locked, agreements=locked.agreements,
                                          created_by=actor)
        except IntegrityError:
            raise ConcurrentEditError(_("A newer version of this plan already exists. Open that version.")) from None
        _copy_goals(source=locked, target=new)
        audit_record(actor=actor, action=AuditAction.CREATE, target=new, family=locked.family,
                     fields=["version", "goals"], extra={"copied_from_plan": locked.pk})
    return new


def _copy_goals(*, source: Plan, target: Plan) -> None:
    from spalk.plans.selectors import last_decisions

    goals = list(source.goals.prefetch_related("methods", "actions__methods"))
    decisions = last_decisions(lineages=[g.lineage for g in goals])
    for g in goals:
        status = _STATUS_AFTER.get(decisions.get(g.lineage, ""), g.status)
        copy = Goal.objects.create(
            plan=target, family=g.family, lineage=g.lineage, copied_from=g, person_id=g.person_id,
            life_domain=g.life_domain, family_words=g.family_words, worker_words=g.worker_words,
            parent_view=g.parent_view, child_view=g.child_view, child_view_source=g.child_view_source,
            status=status, order=g.order, withheld_from_family=g.withheld_from_family,
            withheld_reason=g.withheld_reason, withheld_by_id=g.withheld_by_id, withheld_at=g.withheld_at)
        copy.methods.set(list(g.methods.all()))
        for a in g.actions.all():
            row = GoalAction.objects.create(goal=copy, who=a.who, what=a.what, due_on=a.due_on, done_on=a.done_on,
                                            order=a.order)
            row.methods.set(list(a.methods.all()))


def family_signatory_candidates(*, family_id: int) -> list[FamilyMember]:
    """Members who may sign (or consent) for the family: parents and children aged 12 or more on the day."""
    today = timezone.localdate()
    out = []
    for m in FamilyMember.objects.filter(family_id=family_id).select_related("person"):
        own_say = m.role == MemberRole.CHILD and (m.person.age_on(today) or 0) >= OWN_VIEW_FROM_AGE
        if m.role == MemberRole.PARENT or own_say:
            out.append(m)
    return out


def methods_by_ids(ids: list[int]) -> list[Method]:
    """Catalogue methods by id (sector data); an unknown id is a Dutch 422."""
    wanted = set(ids)
    found = list(Method.objects.filter(pk__in=wanted))
    if len(found) != len(wanted):
        raise DomainError(_("Choose methods of the catalogue."), field="method_ids")
    return found


def family_person(*, plan: Plan, person_id: int | None) -> Person | None:
    """A person of the plan's family (None for the whole family); anyone else is a Dutch 422, never a leak."""
    if person_id is None:
        return None
    member = FamilyMember.objects.filter(family_id=plan.family_id, person_id=person_id).select_related(
        "person").first()
    if member is None:
        raise DomainError(_("Choose a member of this family, or the whole family."), field="person_id")
    return member.person


def signatories_from_ids(*, plan: Plan, items: list[tuple[int | None, int | None]]) -> list[SignatoryInput]:
    """(person_id, user_id) pairs → signatories: family members of the plan, staff of the family's centre."""
    from spalk.accounts.models import Membership

    out = []
    for person_id, user_id in items:
        if person_id is not None:
            member = FamilyMember.objects.filter(family_id=plan.family_id, person_id=person_id).select_related(
                "person").first()
            if member is None:
                raise DomainError(_("Only members of this family sign for the family."), field="signatories")
            out.append(SignatoryInput(person=member.person))
        elif user_id is not None:
            membership = Membership.objects.filter(centre_id=plan.family.centre_id, user_id=user_id).select_related(
                "user").first()
            if membership is None:
                raise DomainError(_("Only staff of the family's centre sign for the centre."), field="signatories")
            out.append(SignatoryInput(user=membership.user))
    return out


SETTINGS_FIELDS = ["first_plan_within_days", "evaluation_every_months", "report_every_months", "due_soon_days"]


def plan_settings_for(centre_id: int):
    from spalk.plans.models import PlanSettings

    return PlanSettings.objects.filter(centre_id=centre_id).first() or PlanSettings(centre_id=centre_id)


def plan_settings_update(*, actor: Any, centre: Any, data: dict[str, Any], version: int | None):
    """Change a centre's plan rhythm (first plan, evaluations, reports); optimistic locking on ``version``."""
    from spalk.plans.models import PlanSettings

    with transaction.atomic():
        obj, _created = PlanSettings.objects.select_for_update().get_or_create(centre=centre)
        if version is not None and obj.version != version:
            raise ConcurrentEditError()
        changed = [k for k in SETTINGS_FIELDS if k in data and getattr(obj, k) != data[k]]
        if not changed:
            return obj
        for k in changed:
            setattr(obj, k, data[k])
        if obj.first_plan_within_days < 1 or obj.evaluation_every_months < 1 or obj.report_every_months < 1:
            raise DomainError(_("Use a period of at least one day or one month."))
        obj.version += 1
        obj.save()
        audit_record(actor=actor, action=AuditAction.UPDATE, target=obj, fields=changed,
                     extra={"centre_id": centre.pk})
    return obj
