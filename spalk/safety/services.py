"""Writes of the safety plan, safety persons, contact restrictions and Signs of Safety mappings.

Callers pass records that passed the policy (``spalk.access.policy.safety``, Action.EDIT). Every write and its
``audit_record`` share one transaction; editable records carry a ``version`` (optimistic locking).
Kindreflex writes are in ``spalk.safety.kindreflex``.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spalk.access.withholding import WithholdReason, withholding_apply
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.core.errors import ConcurrentEditError, DomainError, raise_if_any
from spalk.core.phones import clean_phone
from spalk.families.models import Family, FamilyMember, MemberRole, Person
from spalk.safety.models import (
    ContactRestriction,
    EntryKind,
    MappingEntry,
    MappingEntryRevision,
    MappingReview,
    RestrictionSource,
    SafetyMapping,
    SafetyPerson,
    SafetyPlan,
    SafetyRule,
    ScalingScore,
    ScalingScoreRevision,
)

CONCRETE_KINDS = {EntryKind.WORRY, EntryKind.DANGER, EntryKind.GOAL}
MIN_WORDS = 4


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _withhold(record: Any, *, actor: Any, data: dict[str, Any]) -> list[str]:
    if "withheld_from_family" not in data:
        return []
    return withholding_apply(record, actor=actor, withheld=bool(data["withheld_from_family"]),
                             reason=data.get("withheld_reason") or "", now=timezone.now())


def _full_clean(record: Any, *, exclude: list[str]) -> None:
    try:
        record.full_clean(exclude=exclude)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DomainError(messages[0], field=None if field == "__all__" else field) from None


def _locked(model: Any, record: Any, version: int | None) -> Any:
    locked = model.objects.select_for_update().select_related("family").get(pk=record.pk)
    if version is not None and locked.version != version:
        raise ConcurrentEditError()
    return locked


def _child_of(family: Family, child: Person | None) -> None:
    if child is None:
        return
    if not FamilyMember.objects.filter(family=family, person=child,
                                       role__in=[MemberRole.CHILD, MemberRole.UNBORN]).exists():
        raise DomainError(_("Choose a child of this family."), field="child")


def _rules(text_or_list: Any) -> list[str]:
    lines = text_or_list.splitlines() if isinstance(text_or_list, str) else list(text_or_list or [])
    return [line.strip(" -•\t") for line in lines if line.strip(" -•\t")]


# --- Safety plan -------------------------------------------------------------------------------------------------

PLAN_FIELDS = ["agreed_on", "review_on", "note"]


def _plan_checks(data: dict[str, Any]) -> None:
    errors = []
    agreed, review = data.get("agreed_on"), data.get("review_on")
    if agreed and review and review < agreed:
        errors.append(DomainError(_("The review comes after the day the plan was agreed on."), field="review_on"))
    if "rules" in data and not _rules(data["rules"]):
        errors.append(DomainError(_("Write at least one rule of the plan, for example: \"Grandma picks Noor up "
                                    "from school on Mondays and Thursdays.\""), field="rules"))
    raise_if_any(errors)


def safety_plan_create(*, actor: Any, family: Family, data: dict[str, Any]) -> SafetyPlan:
    _plan_checks({**data, "rules": data.get("rules", "")})
    with transaction.atomic():
        Family.objects.select_for_update().filter(pk=family.pk).first()
        if SafetyPlan.objects.filter(family=family, ended_on__isnull=True).exists():
            raise DomainError(_("This family already has a current safety plan. Change that plan, or end it first."))
        plan = SafetyPlan(family=family, created_by=_actor(actor), mapping=data.get("mapping"),
                          **{k: data[k] for k in PLAN_FIELDS if k in data})
        _withhold(plan, actor=actor, data=data)
        _full_clean(plan, exclude=["family", "created_by", "mapping", "withheld_by"])
        plan.save()
        SafetyRule.objects.bulk_create([SafetyRule(plan=plan, text=t, order=i)
                                        for i, t in enumerate(_rules(data.get("rules")))])
        audit_record(actor=actor, action=AuditAction.CREATE, target=plan, family=family,
                     fields=[*PLAN_FIELDS, "rules"])
    return plan


def safety_plan_update(*, actor: Any, plan: SafetyPlan, data: dict[str, Any], version: int) -> SafetyPlan:
    with transaction.atomic():
        locked = _locked(SafetyPlan, plan, version)
        if locked.ended_on is not None:
            raise DomainError(_("This safety plan has ended. Make a new plan instead."))
        _plan_checks({k: getattr(locked, k) for k in PLAN_FIELDS} | data)
        changed = [k for k in PLAN_FIELDS if k in data and data[k] != getattr(locked, k)]
        for k in changed:
            setattr(locked, k, data[k])
        changed += _withhold(locked, actor=actor, data=data)
        if "rules" in data:
            new = _rules(data["rules"])
            if new != [r.text for r in locked.rules.all()]:
                locked.rules.all().delete()
                SafetyRule.objects.bulk_create([SafetyRule(plan=locked, text=t, order=i) for i, t in enumerate(new)])
                changed.append("rules")
        locked.version += 1
        _full_clean(locked, exclude=["family", "created_by", "mapping", "withheld_by"])
        locked.save()
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.family, fields=changed)
    return locked


def safety_plan_end(*, actor: Any, plan: SafetyPlan, ended_on: datetime.date, version: int) -> SafetyPlan:
    with transaction.atomic():
        locked = _locked(SafetyPlan, plan, version)
        if locked.ended_on is not None:
            raise DomainError(_("This safety plan has already ended."))
        if ended_on < locked.agreed_on:
            raise DomainError(_("A plan ends on or after the day it was agreed on."), field="ended_on")
        locked.ended_on = ended_on
        locked.version += 1
        locked.save(update_fields=["ended_on", "version", "updated_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.family, fields=["ended_on"])
    return locked


PERSON_FIELDS = ["name", "relation", "phone", "does", "reachable"]


def person_phone(value: str) -> str:
    """A safety person's number as E.164 (required: a safety person one cannot call is no safety person)."""
    return clean_phone(value, required=_("Type the phone number of this safety person, for example 0470 12 34 56."))


def _person_data(data: dict[str, Any]) -> dict[str, Any]:
    out = {k: data[k] for k in PERSON_FIELDS if k in data}
    if "phone" in out:
        try:
            out["phone"] = person_phone(out["phone"])
        except ValidationError as error:
            raise DomainError(error.messages[0], field="phone") from None
    return out


def safety_person_add(*, actor: Any, plan: SafetyPlan, data: dict[str, Any]) -> SafetyPerson:
    values = _person_data(data)
    with transaction.atomic():
        locked = SafetyPlan.objects.select_for_update().get(pk=plan.pk)
        if locked.ended_on is not None:
            raise DomainError(_("This safety plan has ended. Make a new plan instead."))
        person = SafetyPerson(plan=locked, family_id=locked.family_id, order=locked.persons.count(), **values)
        _full_clean(person, exclude=["plan", "family"])
        person.save()
        audit_record(actor=actor, action=AuditAction.CREATE, target=person, family=plan.family, fields=PERSON_FIELDS)
    return person


def safety_person_update(*, actor: Any, person: SafetyPerson, data: dict[str, Any], version: int) -> SafetyPerson:
    values = _person_data(data)
    with transaction.atomic():
        locked = SafetyPerson.objects.select_for_update().select_related("plan__family").get(pk=person.pk)
        if locked.version != version:
            raise ConcurrentEditError()
        if locked.plan.ended_on is not None or locked.ended_on is not None:
            raise DomainError(_("This safety person is no longer on a current plan."))
        changed = [k for k, v in values.items() if v != getattr(locked, k)]
        for k in changed:
            setattr(locked, k, values[k])
        if data.get("ended_on"):
            locked.ended_on = data["ended_on"]
            changed.append("ended_on")
        locked.version += 1
        _full_clean(locked, exclude=["plan", "family"])
        locked.save()
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.plan.family, fields=changed)
    return locked


# --- Contact restrictions ----------------------------------------------------------------------------------------

RESTRICTION_FIELDS = ["child", "restricted_name", "relation", "recognise", "kind", "valid_from", "valid_until",
                      "source", "source_reference", "if_seen"]


def restriction_checks(data: dict[str, Any]) -> list[DomainError]:
    """The rules of a contact restriction that can be checked on its fields alone."""
    errors = []
    start, until = data.get("valid_from"), data.get("valid_until")
    if start and until and until < start:
        errors.append(DomainError(_("The end date comes on or after the start date (%(date)s).")
                                  % {"date": f"{start:%d/%m/%Y}"}, field="valid_until"))
    if data.get("source") == RestrictionSource.COURT_ORDER and not (data.get("source_reference") or "").strip():
        errors.append(DomainError(_("Name the court order: which court, the date and the number, for example "
                                    "\"Jeugdrechtbank Brugge, 12/11/2026, 26/1234\"."), field="source_reference"))
    return errors


def restriction_create(*, actor: Any, family: Family, data: dict[str, Any]) -> ContactRestriction:
    raise_if_any(restriction_checks(data))
    _child_of(family, data.get("child"))
    with transaction.atomic():
        restriction = ContactRestriction(family=family, created_by=_actor(actor),
                                         **{k: data[k] for k in RESTRICTION_FIELDS if k in data})
        _withhold(restriction, actor=actor, data=data)
        _full_clean(restriction, exclude=["family", "created_by", "child", "withheld_by"])
        restriction.save()
        audit_record(actor=actor, action=AuditAction.CREATE, target=restriction, family=family,
                     fields=[k for k in RESTRICTION_FIELDS if k in data])
    return restriction


def restriction_update(*, actor: Any, restriction: ContactRestriction, data: dict[str, Any],
                       version: int) -> ContactRestriction:
    with transaction.atomic():
        locked = _locked(ContactRestriction, restriction, version)
        raise_if_any(restriction_checks({k: getattr(locked, k) for k in RESTRICTION_FIELDS} | data))
        if "child" in data:
            _child_of(locked.family, data["child"])
        changed = [k for k in RESTRICTION_FIELDS if k in data and data[k] != getattr(locked, k)]
        for k in changed:
            setattr(locked, k, data[k])
        changed += _withhold(locked, actor=actor, data=data)
        locked.version += 1
        _full_clean(locked, exclude=["family", "created_by", "child", "withheld_by"])
        locked.save()
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.family, fields=changed)
    return locked


def restriction_end(*, actor: Any, restriction: ContactRestriction, on: datetime.date,
                    version: int) -> ContactRestriction:
    """The restriction no longer applies after ``on`` (its last day)."""
    with transaction.atomic():
        locked = _locked(ContactRestriction, restriction, version)
        if locked.valid_until is not None and locked.valid_until <= on:
            raise DomainError(_("This restriction already ends on %(date)s.")
                              % {"date": f"{locked.valid_until:%d/%m/%Y}"})
        if on < locked.valid_from:
            raise DomainError(_("The end date comes on or after the start date (%(date)s).")
                              % {"date": f"{locked.valid_from:%d/%m/%Y}"}, field="valid_until")
        locked.valid_until = on
        locked.version += 1
        locked.save(update_fields=["valid_until", "version", "updated_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.family,
                     fields=["valid_until"])
    return locked


# --- Signs of Safety ---------------------------------------------------------------------------------------------

MAPPING_FIELDS = ["child", "title", "mapped_on", "scale_question", "next_review_on"]


def _mapping_checks(data: dict[str, Any]) -> None:
    mapped, review = data.get("mapped_on"), data.get("next_review_on")
    if mapped and review and review < mapped:
        raise DomainError(_("The review comes after the mapping."), field="next_review_on")


def concrete_enough(text: str) -> bool:
    return len(text.split()) >= MIN_WORDS


def _no_blank_question(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if not (k == "scale_question" and not (v or "").strip())}


def mapping_create(*, actor: Any, family: Family, data: dict[str, Any]) -> SafetyMapping:
    data = _no_blank_question(data)
    _mapping_checks(data)
    _child_of(family, data.get("child"))
    with transaction.atomic():
        mapping = SafetyMapping(family=family, created_by=_actor(actor),
                                **{k: data[k] for k in MAPPING_FIELDS if k in data and data[k] is not None})
        _withhold(mapping, actor=actor, data=data)
        _full_clean(mapping, exclude=["family", "created_by", "child", "withheld_by"])
        mapping.save()
        audit_record(actor=actor, action=AuditAction.CREATE, target=mapping, family=family,
                     fields=[k for k in MAPPING_FIELDS if k in data])
    return mapping


def mapping_update(*, actor: Any, mapping: SafetyMapping, data: dict[str, Any], version: int) -> SafetyMapping:
    data = _no_blank_question(data)
    with transaction.atomic():
        locked = _locked(SafetyMapping, mapping, version)
        _open(locked)
        _mapping_checks({k: getattr(locked, k) for k in MAPPING_FIELDS} | data)
        if "child" in data:
            _child_of(locked.family, data["child"])
        changed = [k for k in MAPPING_FIELDS if k in data and data[k] != getattr(locked, k)]
        for k in changed:
            setattr(locked, k, data[k])
        changed += _withhold(locked, actor=actor, data=data)
        locked.version += 1
        _full_clean(locked, exclude=["family", "created_by", "child", "withheld_by"])
        locked.save()
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.family, fields=changed)
    return locked


def _open(mapping: SafetyMapping) -> None:
    if mapping.closed_on is not None:
        raise DomainError(_("This mapping is closed. Start a new mapping to continue."))


def _entry_checks(kind: str, text: str) -> None:
    if kind not in EntryKind.values:
        raise DomainError(_("Choose a column."), field="kind")
    if not text:
        raise DomainError(_("Write what you want to add."), field="text")
    if kind in CONCRETE_KINDS and not concrete_enough(text):
        raise DomainError(_("Make it concrete: what happened, when and how often? For example \"Noor had no lunch "
                            "with her at school three times this week\", not \"I am worried\"."), field="text")


def mapping_entry_add(*, actor: Any, mapping: SafetyMapping, kind: str, text: str,
                      today: datetime.date | None = None, withheld: bool = False,
                      withheld_reason: str = "") -> MappingEntry:
    text = (text or "").strip()
    _entry_checks(kind, text)
    if withheld and withheld_reason not in WithholdReason.values:
        raise DomainError(_("Choose why this is withheld from the family."), field="withheld_reason")
    with transaction.atomic():
        locked = SafetyMapping.objects.select_for_update().select_related("family").get(pk=mapping.pk)
        _open(locked)
        entry = MappingEntry(mapping=locked, kind=kind, text=text, added_on=today or timezone.localdate(),
                             added_by=_actor(actor))
        withholding_apply(entry, actor=_actor(actor), withheld=withheld, reason=withheld_reason, now=timezone.now())
        entry.save()
        audit_record(actor=actor, action=AuditAction.CREATE, target=entry, family=locked.family,
                     fields=["kind", "text", *(["withheld_from_family", "withheld_reason"] if withheld else [])])
    return entry


def _reason(reason: str, *, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        message = (_("Say why you correct this.") if what == "correct"
                   else _("Say why this was recorded by mistake."))
        raise DomainError(message, field="reason")
    return reason[:300]


def _locked_row(model: Any, row: Any, version: int) -> Any:
    locked = model.objects.select_for_update().select_related("mapping__family").get(pk=row.pk)
    if locked.version != version:
        raise ConcurrentEditError()
    if locked.removed_at is not None:
        raise DomainError(_("This was removed as recorded by mistake. It changes no more."))
    _open(locked.mapping)
    return locked


def mapping_entry_correct(*, actor: Any, entry: MappingEntry, version: int, reason: str, text: str,
                          kind: str | None = None) -> MappingEntry:
    """Correct an entry: the earlier text is kept as a revision (shown as an earlier version), never overwritten.
    The concrete-wording rule applies to the corrected text as it does to a new one."""
    reason = _reason(reason, what="correct")
    text = (text or "").strip()
    with transaction.atomic():
        locked = _locked_row(MappingEntry, entry, version)
        kind = kind or locked.kind
        _entry_checks(kind, text)
        changed = [f for f, new in (("kind", kind), ("text", text)) if getattr(locked, f) != new]
        if not changed:
            raise DomainError(_("Nothing changed. Change the text or the column."), field="text")
        MappingEntryRevision.objects.create(entry=locked, number=locked.corrections + 1, kind=locked.kind,
                                            text=locked.text, corrected_by=_actor(actor), corrected_at=timezone.now(),
                                            reason=reason)
        locked.kind, locked.text = kind, text
        locked.corrections += 1
        locked.version += 1
        locked.save(update_fields=["kind", "text", "corrections", "version", "updated_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.mapping.family,
                     fields=changed, reason=reason)
    return locked


def mapping_entry_remove(*, actor: Any, entry: MappingEntry, version: int, reason: str) -> MappingEntry:
    """Remove an entry recorded by mistake: it is kept, shown struck through with the reason, and leaves the
    columns."""
    reason = _reason(reason, what="remove")
    with transaction.atomic():
        locked = _locked_row(MappingEntry, entry, version)
        locked.removed_at, locked.removed_by, locked.removed_reason = timezone.now(), _actor(actor), reason
        locked.version += 1
        locked.save(update_fields=["removed_at", "removed_by", "removed_reason", "version", "updated_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.mapping.family,
                     fields=["removed_at", "removed_reason"], reason=reason)
    return locked


def mapping_entry_withhold(*, actor: Any, entry: MappingEntry, version: int, withheld: bool,
                           reason: str) -> MappingEntry:
    """Set or clear the shared "withheld from the family" mark on one entry (a worry a third party reported in
    confidence). The mark decides who reads the entry, not what it says, so a removed entry or a closed mapping can
    be marked too."""
    if withheld and reason not in WithholdReason.values:
        raise DomainError(_("Choose why this is withheld from the family."), field="withheld_reason")
    with transaction.atomic():
        locked = MappingEntry.objects.select_for_update().select_related("mapping__family").get(pk=entry.pk)
        if locked.version != version:
            raise ConcurrentEditError()
        changed = withholding_apply(locked, actor=_actor(actor), withheld=withheld, reason=reason,
                                    now=timezone.now())
        if not changed:
            return locked
        locked.version += 1
        locked.save(update_fields=[*changed, "withheld_by", "withheld_at", "version", "updated_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.mapping.family,
                     fields=changed)
    return locked


def _scores(raw: Any) -> list[tuple[str, int]]:
    out = []
    for participant, score in raw or []:
        participant = (participant or "").strip()
        if not participant:
            continue
        if score is None or not 0 <= int(score) <= 10:
            raise DomainError(_("A score lies between 0 and 10."), field="scores")
        out.append((participant, int(score)))
    return out


def scaling_add(*, actor: Any, mapping: SafetyMapping, participant: str, score: int, scored_on: datetime.date,
                why: str = "") -> ScalingScore:
    rows = _scores([(participant, score)])
    if not rows:
        raise DomainError(_("Say whose score this is, for example \"Sarah (mother)\"."), field="participant")
    participant, score = rows[0]
    with transaction.atomic():
        locked = SafetyMapping.objects.select_for_update().select_related("family").get(pk=mapping.pk)
        _open(locked)
        row = ScalingScore.objects.create(mapping=locked, participant=participant, score=score, scored_on=scored_on,
                                          why=why, recorded_by=_actor(actor))
        audit_record(actor=actor, action=AuditAction.CREATE, target=row, family=locked.family,
                     fields=["participant", "score", "scored_on", "why"])
    return row


def scaling_correct(*, actor: Any, score_row: ScalingScore, version: int, reason: str, score: int,
                    participant: str | None = None, scored_on: datetime.date | None = None,
                    why: str | None = None) -> ScalingScore:
    """Correct a score (a wrong number, the wrong person or day): the earlier score is kept as a revision."""
    reason = _reason(reason, what="correct")
    rows = _scores([(participant if participant is not None else score_row.participant, score)])
    if not rows:
        raise DomainError(_("Say whose score this is, for example \"Sarah (mother)\"."), field="participant")
    with transaction.atomic():
        locked = _locked_row(ScalingScore, score_row, version)
        new = {"participant": rows[0][0], "score": rows[0][1], "scored_on": scored_on or locked.scored_on,
               "why": (why if why is not None else locked.why).strip()}
        changed = [f for f, v in new.items() if getattr(locked, f) != v]
        if not changed:
            raise DomainError(_("Nothing changed. Change the score, the person or the day."), field="score")
        ScalingScoreRevision.objects.create(score_row=locked, number=locked.corrections + 1,
                                            participant=locked.participant, score=locked.score,
                                            scored_on=locked.scored_on, why=locked.why, corrected_by=_actor(actor),
                                            corrected_at=timezone.now(), reason=reason)
        for f, v in new.items():
            setattr(locked, f, v)
        locked.corrections += 1
        locked.version += 1
        locked.save(update_fields=[*new, "corrections", "version", "updated_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.mapping.family,
                     fields=changed, reason=reason)
    return locked


def scaling_remove(*, actor: Any, score_row: ScalingScore, version: int, reason: str) -> ScalingScore:
    """Remove a score recorded by mistake: kept and shown struck through, no longer in the chart."""
    reason = _reason(reason, what="remove")
    with transaction.atomic():
        locked = _locked_row(ScalingScore, score_row, version)
        locked.removed_at, locked.removed_by, locked.removed_reason = timezone.now(), _actor(actor), reason
        locked.version += 1
        locked.save(update_fields=["removed_at", "removed_by", "removed_reason", "version", "updated_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.mapping.family,
                     fields=["removed_at", "removed_reason"], reason=reason)
    return locked


def mapping_review(*, actor: Any, mapping: SafetyMapping, reviewed_on: datetime.date, summary: str,
                   next_review_on: datetime.date | None, scores: Sequence[tuple[str, int | None]] = (),
                   version: int) -> MappingReview:
    """A review at the set date: what changed, everyone's score today, and the next date (none closes nothing:
    a mapping without a next date must be closed explicitly)."""
    errors = []
    if not (summary or "").strip():
        errors.append(DomainError(_("Write what changed since the last review."), field="summary"))
    if next_review_on is not None and next_review_on <= reviewed_on:
        errors.append(DomainError(_("The next review comes after this one."), field="next_review_on"))
    if next_review_on is None:
        errors.append(DomainError(_("Set the date of the next review."), field="next_review_on"))
    raise_if_any(errors)
    rows = _scores(scores)
    with transaction.atomic():
        locked = _locked(SafetyMapping, mapping, version)
        _open(locked)
        review = MappingReview.objects.create(mapping=locked, reviewed_on=reviewed_on, summary=summary.strip(),
                                              next_review_on=next_review_on, reviewed_by=_actor(actor))
        ScalingScore.objects.bulk_create([ScalingScore(mapping=locked, participant=p, score=s, scored_on=reviewed_on,
                                                       recorded_by=_actor(actor)) for p, s in rows])
        locked.next_review_on = next_review_on
        locked.version += 1
        locked.save(update_fields=["next_review_on", "version", "updated_at"])
        audit_record(actor=actor, action=AuditAction.CREATE, target=review, family=locked.family,
                     fields=["reviewed_on", "summary", "next_review_on", *(["scores"] if rows else [])])
    return review


def mapping_close(*, actor: Any, mapping: SafetyMapping, closed_on: datetime.date, version: int) -> SafetyMapping:
    with transaction.atomic():
        locked = _locked(SafetyMapping, mapping, version)
        _open(locked)
        if closed_on < locked.mapped_on:
            raise DomainError(_("A mapping closes on or after the day it was made."), field="closed_on")
        locked.closed_on = closed_on
        locked.version += 1
        locked.save(update_fields=["closed_on", "version", "updated_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.family,
                     fields=["closed_on"])
    return locked
