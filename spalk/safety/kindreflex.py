"""The Kindreflex as a guided procedure per child: the six steps, their questions and the rules between them.

The steps and their questions follow the public generic step plan of the Kindreflex (kindreflex.be, "Aan de
slag"; developed by LUCAS KU Leuven, rolled out by the VECK) and, for step 5, seed 003 ("Herstel de
veiligheid"). docs/safety.md cites the sources and writes down every interpretation.

Rules (each has a test in spalk/safety/tests/test_kindreflex.py):
- steps are first recorded in order: step n only after step n - 1; a recorded step can be updated while the
  procedure is open (step 5 keeps the progress up to date);
- step 2 is never done alone: a colleague of the centre (not the person recording) or a named expert; whether
  there is a "niet-pluis" feeling is always recorded, and its reasons when there is one;
- step 5 needs concrete worries and the network, and at least one named safety person (with a phone number) in
  the family's current safety plan;
- step 6 says whether the child is referred or reported (VK, OCJ, police in acute danger); referring needs a
  partner from the directory among the partners involved;
- closing needs the three standard steps (1–3) and a closing note; "no concern" is refused while a niet-pluis
  feeling of step 2 was not looked into in step 4; "safety restored" needs step 5; "referred"/"reported" need
  step 6 with that decision; a closed procedure changes no more.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.core.errors import ConcurrentEditError, DomainError, raise_if_any
from spalk.families.models import Family, FamilyMember, MemberRole, Person
from spalk.safety.models import (
    CloseReason,
    KindreflexConsultation,
    KindreflexProcedure,
    KindreflexStep,
    ProcedureStatus,
    SafetyPerson,
    StepSixDecision,
)


@dataclass(frozen=True)
class Question:
    key: str
    label: str | Promise
    help: str | Promise = ""
    required: bool = False


@dataclass(frozen=True)
class StepDefinition:
    number: int
    title: str | Promise
    purpose: str | Promise
    questions: tuple[Question, ...]
    standard: bool  # steps 1–3 are taken with every client; 4–6 only when needed

    @property
    def keys(self) -> list[str]:
        return [q.key for q in self.questions]


STEPS: dict[int, StepDefinition] = {s.number: s for s in (
    StepDefinition(1, gettext_lazy("Talk about the children and parenthood"), gettext_lazy(
        "Say that children and parenthood are a standard part of the work. Write down the children, their birth "
        "dates and where they live."), (
        Question("children", gettext_lazy("Which children does the client care for, or expect?"),
                 gettext_lazy("Names and birth dates, for example \"Noor, 14/03/2024; expecting a baby in June\"."),
                 True),
        Question("living", gettext_lazy("Where do the children live? Permanently with the client?")),
        Question("childcare",
                 gettext_lazy("Is care for the children arranged while the client is away or in residence?")),
        Question("parenthood", gettext_lazy("How does the client talk about being a parent?")),
    ), True),
    StepDefinition(2, gettext_lazy("Gauge safety at home and the children's well-being"), gettext_lazy(
        "Always together with a colleague or an expert: your own norms and values can make a judgement "
        "subjective. Write down a niet-pluis feeling and its reasons."), (
        Question("safety_home", gettext_lazy("How safe is it at home for the children? What did you see or hear?"),
                 gettext_lazy("Concrete: \"the door of the studio was locked from the outside twice\", "
                              "not \"unsafe\"."),
                 True),
        Question("wellbeing", gettext_lazy("How are the children doing?"),
                 gettext_lazy("What you observed: sleep, eating, contact, development.")),
    ), True),
    StepDefinition(3, gettext_lazy("Support the client as a parent"), gettext_lazy(
        "Ask about the children regularly, discuss the impact on them, support their resilience, involve the "
        "children and the context. Write down how you supported the client as a parent."), (
        Question("impact", gettext_lazy("Which impact of the situation on the children did you discuss?")),
        Question("resilience", gettext_lazy("How did you help the client support the children's resilience?")),
        Question("children_involved", gettext_lazy("How were the children involved and supported?")),
        Question("context",
                 gettext_lazy("Who from the context did you involve (partner, grandparents, neighbour, friend)?")),
        Question("how_supported", gettext_lazy("How did you support the client as a parent?"), "", True),
    ), True),
    StepDefinition(4, gettext_lazy("Look further into concern and the parents' willingness"), gettext_lazy(
        "Gather extra information to judge whether there is concern (verontrusting), and whether the parents are "
        "willing to work on it."), (
        Question("extra_information", gettext_lazy("Which extra information did you gather, and from whom?")),
        Question("concern", gettext_lazy("Is there concern? Describe concretely what happens, when and how often."),
                 gettext_lazy("For example \"Noor had no lunch with her at school three times this week\"."), True),
        Question("willingness",
                 gettext_lazy("Are the parents willing to work on the children's safety? What did they say?"),
                 "", True),
    ), False),
    StepDefinition(5, gettext_lazy("Restore safety"), gettext_lazy(
        "Work with the client and the whole family on safety; install help for the children where needed; consult "
        "the VK or the OCJ (anonymously if needed). Record the progress."), (
        Question("exceptions", gettext_lazy("Exceptions: when is it safe, and what is different then?"),
                 gettext_lazy("No family is unsafe always and everywhere. "
                              "\"On Sundays with grandma, dinner is on time.\"")),
        Question("details", gettext_lazy("Details: when does it go well, and what makes it work then?"),
                 gettext_lazy("\"On days she sleeps before midnight she is at the school gate at 15:30.\"")),
        Question("concrete_worries", gettext_lazy("Concrete worries: what exactly happens, how often?"),
                 gettext_lazy("\"The children had no food with them for school three times this week\" is "
                              "concrete; \"I am worried\" is not."), True),
        Question("parent_wants",
                 gettext_lazy("What does the parent want to change? What do they need, and who can help?")),
        Question("network", gettext_lazy("Network: which agreements with family, neighbours or friends?"),
                 gettext_lazy("Who keeps an eye on the children, who steps in when the parent is "
                              "ill, tense or away? Name the safety persons in the family's safety plan."), True),
        Question("own_limits",
                 gettext_lazy("Your own limits: is this within what you can do? Who helps or takes over?")),
        Question("progress", gettext_lazy("Progress: what changed since the last conversation?")),
    ), False),
    StepDefinition(6, gettext_lazy("Refer or report"), gettext_lazy(
        "When safety cannot be restored with the parents: refer on, or report to the VK or the OCJ; call the "
        "police in acute danger."), (
        Question("why_not_restored", gettext_lazy("Why can safety not be restored with the parents?"), "", True),
        Question("to_whom", gettext_lazy("To whom do you refer or report, and what was agreed?"), "", True),
        Question("parents_informed", gettext_lazy("Were the parents told? What did they say?")),
    ), False),
)}


def _open(procedure: KindreflexProcedure) -> None:
    if not procedure.is_open:
        raise DomainError(_("This procedure is closed. Start a new procedure if there is new concern."))


def _lock(procedure: KindreflexProcedure, version: int | None) -> KindreflexProcedure:
    locked = KindreflexProcedure.objects.select_for_update().select_related("family", "child").get(pk=procedure.pk)
    if version is not None and locked.version != version:
        raise ConcurrentEditError()
    _open(locked)
    return locked


def next_step(recorded: Iterable[int]) -> int | None:
    """The step to record next: the one after the highest recorded, none after step 6."""
    done = set(recorded)
    n = max(done, default=0) + 1
    return n if n <= 6 else None


def procedure_start(*, actor: Any, family: Family, child: Person, started_on: datetime.date) -> KindreflexProcedure:
    if not FamilyMember.objects.filter(family=family, person=child,
                                       role__in=[MemberRole.CHILD, MemberRole.UNBORN]).exists():
        raise DomainError(_("Choose a child of this family."), field="child")
    if started_on > timezone.localdate():
        raise DomainError(_("A procedure cannot start in the future."), field="started_on")
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=child.pk).first()
        if KindreflexProcedure.objects.filter(child=child, status=ProcedureStatus.OPEN).exists():
            raise DomainError(_("%(name)s already has an open Kindreflex procedure. Continue that one.")
                              % {"name": child.first_name or child.full_name}, field="child")
        procedure = KindreflexProcedure.objects.create(family=family, child=child, started_on=started_on,
                                                       created_by=actor if getattr(actor, "pk", None) else None)
        audit_record(actor=actor, action=AuditAction.CREATE, target=procedure, family=family, person=child,
                     fields=["child", "started_on"])
    return procedure


def step_checks(*, procedure: KindreflexProcedure, number: int, data: dict[str, Any], actor: Any,
                recorded: set[int]) -> list[DomainError]:
    """Every rule of recording step ``number`` with ``data``, at once."""
    errors: list[DomainError] = []
    step = STEPS.get(number)
    if step is None:
        return [DomainError(_("The Kindreflex has six steps."))]
    if number not in recorded and number > 1 and number - 1 not in recorded:
        errors.append(DomainError(_("Record step %(previous)s first: the steps follow each other.")
                                  % {"previous": number - 1}))
    answers = data.get("answers") or {}
    for q in step.questions:
        if q.required and not (answers.get(q.key) or "").strip():
            errors.append(DomainError(_("Answer this question: %(question)s") % {"question": q.label}, field=q.key))
    if not (data.get("decision") or "").strip():
        errors.append(DomainError(_("Write what you decided in this step, and what happens next."), field="decision"))
    if number == 2:
        colleague, expert = data.get("colleague"), (data.get("expert") or "").strip()
        if colleague is None and not expert:
            errors.append(DomainError(_("Step 2 is always taken with a colleague or an expert. Choose the colleague "
                                        "or name the expert you consulted."), field="colleague"))
        elif colleague is not None and getattr(colleague, "pk", None) == getattr(actor, "pk", None):
            errors.append(DomainError(_("Choose a colleague other than yourself, or name the expert."),
                                      field="colleague"))
        feeling = data.get("not_right_feeling")
        if feeling is None:
            errors.append(DomainError(_("Say whether you have a niet-pluis feeling about the home situation."),
                                      field="not_right_feeling"))
        elif feeling and not (data.get("not_right_reasons") or "").strip():
            errors.append(DomainError(_("Write down the reasons for the niet-pluis feeling: what did you see or "
                                        "hear?"), field="not_right_reasons"))
    if number == 5 and not SafetyPerson.objects.filter(plan__family_id=procedure.family_id,
                                                       plan__ended_on__isnull=True, ended_on__isnull=True).exists():
        errors.append(DomainError(_("Name at least one safety person (with a phone number) in the family's safety "
                                    "plan first."), field="network"))
    if number == 6:
        decision = data.get("step_six_decision") or ""
        if decision not in StepSixDecision.values:
            errors.append(DomainError(_("Choose whether you refer or report."), field="step_six_decision"))
        elif decision == StepSixDecision.REFER and not procedure.partners.exists():
            errors.append(DomainError(_("Choose the partner you refer to among the partners involved first."),
                                      field="step_six_decision"))
    return errors


STEP_FIELDS = ["answers", "decision", "colleague", "expert", "not_right_feeling", "not_right_reasons",
               "step_six_decision"]


def step_record(*, actor: Any, procedure: KindreflexProcedure, number: int, data: dict[str, Any],
                version: int, today: datetime.date | None = None) -> KindreflexStep:
    """Record (or update) step ``number``: its answers and decision. ``version``: the procedure's."""
    with transaction.atomic():
        locked = _lock(procedure, version)
        existing = {s.number: s for s in locked.steps.all()}
        raise_if_any(step_checks(procedure=locked, number=number, data=data, actor=actor, recorded=set(existing)))
        step = STEPS[number]
        values = {
            "answers": {k: (data.get("answers") or {}).get(k, "").strip() for k in step.keys},
            "decision": data["decision"].strip(),
            "colleague": data.get("colleague") if number == 2 else None,
            "expert": (data.get("expert") or "").strip() if number == 2 else "",
            "not_right_feeling": data.get("not_right_feeling") if number == 2 else None,
            "not_right_reasons": (data.get("not_right_reasons") or "").strip() if number == 2 else "",
            "step_six_decision": data.get("step_six_decision") or "" if number == 6 else "",
        }
        row = existing.get(number)
        if row is None:
            row = KindreflexStep.objects.create(procedure=locked, number=number, recorded_on=today or
                                                timezone.localdate(), recorded_by=actor if getattr(actor, "pk", None)
                                                else None, **values)
            created, changed = True, [k for k in STEP_FIELDS if values[k] not in ("", None, {})]
        else:
            created, changed = False, [k for k in STEP_FIELDS if getattr(row, k) != values[k]]
            for k in changed:
                setattr(row, k, values[k])
            row.save()
        locked.version += 1
        locked.save(update_fields=["version", "updated_at"])
        # a step is part of its procedure: the audit row names the procedure, the step and the fields recorded
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.family,
                     person=locked.child, fields=[f"step_{number}.{k}" for k in changed],
                     extra={"step": number, "step_created": created})
    return row


def consultation_log(*, actor: Any, procedure: KindreflexProcedure, data: dict[str, Any]) -> KindreflexConsultation:
    errors = []
    for key, message in (("question", _("Write what you asked.")), ("advice", _("Write what they advised."))):
        if not (data.get(key) or "").strip():
            errors.append(DomainError(message, field=key))
    organisation = data.get("organisation")
    if organisation is not None and organisation.centre_id != procedure.family.centre_id:
        errors.append(DomainError(_("Choose an organisation of this centre's partner directory."),
                                  field="organisation"))
    if data.get("consulted_on") and data["consulted_on"] > timezone.localdate():
        errors.append(DomainError(_("A consultation cannot be in the future."), field="consulted_on"))
    raise_if_any(errors)
    with transaction.atomic():
        locked = _lock(procedure, None)
        row = KindreflexConsultation.objects.create(
            procedure=locked, service=data["service"], organisation=organisation,
            anonymous=bool(data.get("anonymous")), consulted_on=data["consulted_on"],
            question=data["question"].strip(), advice=data["advice"].strip(),
            recorded_by=actor if getattr(actor, "pk", None) else None)
        audit_record(actor=actor, action=AuditAction.CREATE, target=row, family=locked.family, person=locked.child,
                     fields=["service", "organisation", "anonymous", "consulted_on", "question", "advice"])
    return row


def partners_set(*, actor: Any, procedure: KindreflexProcedure, organisations: list[Any],
                 version: int) -> KindreflexProcedure:
    """The partners involved, picked from the family's centre's partner directory."""
    with transaction.atomic():
        locked = _lock(procedure, version)
        if any(o.centre_id != locked.family.centre_id for o in organisations):
            raise DomainError(_("Choose organisations of this centre's partner directory."), field="partners")
        locked.partners.set(organisations)
        locked.version += 1
        locked.save(update_fields=["version", "updated_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.family,
                     person=locked.child, fields=["partners"])
    return locked


def close_checks(*, steps: dict[int, KindreflexStep], reason: str, note: str) -> list[DomainError]:
    errors: list[DomainError] = []
    missing = [n for n in (1, 2, 3) if n not in steps]
    if missing:
        errors.append(DomainError(_("Steps 1, 2 and 3 are taken with every client. Record step %(step)s first.")
                                  % {"step": missing[0]}, field="close_reason"))
    if reason not in CloseReason.values:
        errors.append(DomainError(_("Choose why the procedure is closed."), field="close_reason"))
    elif reason == CloseReason.NO_CONCERN:
        if 2 in steps and steps[2].not_right_feeling and 4 not in steps:
            errors.append(DomainError(_("There was a niet-pluis feeling in step 2. Look further into it in step 4 "
                                        "before closing without concern."), field="close_reason"))
    elif reason == CloseReason.SAFETY_RESTORED and 5 not in steps:
        errors.append(DomainError(_("Record step 5 (restore safety) first."), field="close_reason"))
    elif reason in (CloseReason.REFERRED, CloseReason.REPORTED):
        decision = steps[6].step_six_decision if 6 in steps else ""
        wanted = {StepSixDecision.REFER} if reason == CloseReason.REFERRED else {
            StepSixDecision.REPORT_VK, StepSixDecision.REPORT_OCJ, StepSixDecision.POLICE}
        if decision not in wanted:
            errors.append(DomainError(_("Record step 6 with this decision first."), field="close_reason"))
    if not (note or "").strip():
        errors.append(DomainError(_("Write a closing note: what was decided, and who follows up."),
                                  field="close_note"))
    return errors


def procedure_close(*, actor: Any, procedure: KindreflexProcedure, reason: str, note: str,
                    closed_on: datetime.date, version: int) -> KindreflexProcedure:
    with transaction.atomic():
        locked = _lock(procedure, version)
        steps = {s.number: s for s in locked.steps.all()}
        errors = close_checks(steps=steps, reason=reason, note=note)
        if closed_on < locked.started_on:
            errors.append(DomainError(_("A procedure closes on or after the day it started."), field="closed_on"))
        raise_if_any(errors)
        locked.status, locked.closed_on = ProcedureStatus.CLOSED, closed_on
        locked.close_reason, locked.close_note = reason, note.strip()
        locked.version += 1
        locked.save()
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.family,
                     person=locked.child, fields=["status", "closed_on", "close_reason", "close_note"])
    return locked
