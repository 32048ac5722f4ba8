"""Consent records and the one rule every share with a partner passes: a valid consent or legal basis, within its
scope and period, not withdrawn.

The rule is in ``share_problems`` (pure: it reads the record, its givers and the family's members); ``share_create``
applies it again under a row lock on the consent, so that a withdrawal that lands first always wins.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.core.errors import ConcurrentEditError, DomainError, DomainErrors
from spalk.families.models import FamilyMember, MemberRole, Person
from spalk.network import artefacts
from spalk.network.models import (
    SCOPE_COVERS,
    Answer,
    Basis,
    Capacity,
    ConsentGiver,
    ConsentRecord,
    Scope,
    Share,
    ShareKind,
)

RECORD_FIELDS = ["basis", "basis_note", "scope", "scope_note", "organisation", "contact", "recipient_text",
                 "purpose", "valid_from", "valid_until"]
EDITABLE_FIELDS = ["scope_note", "purpose", "valid_until", "recipient_text"]


@dataclass
class GiverInput:
    person: Person
    answer: str = Answer.GIVEN
    answered_on: datetime.date | None = None


@dataclass
class RecordInput:
    basis: str
    scope: str
    purpose: str
    valid_from: datetime.date
    valid_until: datetime.date | None = None
    basis_note: str = ""
    scope_note: str = ""
    organisation: Any = None
    contact: Any = None
    recipient_text: str = ""
    givers: list[GiverInput] = field(default_factory=list)


def _capacity(person: Person, family_id: int | None, on: datetime.date) -> str:
    role = (FamilyMember.objects.filter(family_id=family_id, person=person).values_list("role", flat=True).first()
            if family_id else None)
    if role == MemberRole.PARENT:
        return Capacity.PARENT
    age = person.age_on(on)
    if role == MemberRole.CHILD and age is not None and 12 <= age < 18:
        return Capacity.MINOR_12
    return Capacity.OTHER


def _check_record(data: RecordInput, *, family) -> None:
    errors: list[DomainError] = []
    if not data.purpose.strip():
        errors.append(DomainError(_("Write why this is shared."), field="purpose"))
    if data.valid_until and data.valid_until < data.valid_from:
        errors.append(DomainError(_("The end date lies before the start date."), field="valid_until"))
    if data.organisation is None and not data.recipient_text.strip():
        errors.append(DomainError(_("Choose the organisation, or write who receives the information."),
                                  field="organisation"))
    if data.organisation is not None and data.organisation.centre_id not in (None, family.centre_id):
        errors.append(DomainError(_("Choose an organisation from this centre's directory or the sector list."),
                                  field="organisation"))
    if data.contact is not None and data.contact.organisation_id != getattr(data.organisation, "pk", None):
        errors.append(DomainError(_("This person does not work at the chosen organisation."), field="contact"))
    if data.basis == Basis.CONSENT:
        if not any(g.answer == Answer.GIVEN for g in data.givers):
            errors.append(DomainError(_("Record who gave consent: each parent, and a minor of 12 or more for "
                                        "what concerns them."), field="givers"))
        member_ids = set(FamilyMember.objects.filter(family=family).values_list("person_id", flat=True))
        if any(g.person.pk not in member_ids for g in data.givers):
            errors.append(DomainError(_("Only members of this family can give consent here."), field="givers"))
    elif not data.basis_note.strip():
        errors.append(DomainError(_("Write down the legal basis: which mandate or duty, its reference and "
                                    "date."), field="basis_note"))
    if errors:
        raise DomainErrors(errors) if len(errors) > 1 else errors[0]


def consent_record_create(*, actor: Any, family, data: RecordInput) -> ConsentRecord:
    _check_record(data, family=family)
    with transaction.atomic():
        record = ConsentRecord(centre_id=family.centre_id, family=family, created_by=actor,
                               **{k: getattr(data, k) for k in RECORD_FIELDS})
        if record.basis != Basis.CONSENT:
            data.givers = []
        record.full_clean(exclude=["registration", "created_by", "withdrawn_by"])
        record.save()
        today = timezone.localdate()
        ConsentGiver.objects.bulk_create([ConsentGiver(
            record=record, person=g.person, name=g.person.full_name, answer=g.answer,
            capacity=_capacity(g.person, family.pk, g.answered_on or today), answered_on=g.answered_on or today)
            for g in data.givers])
        audit_record(actor=actor, action=AuditAction.CREATE, target=record, family=family,
                     fields=[k for k in RECORD_FIELDS if getattr(data, k)] + (["givers"] if data.givers else []),
                     extra={"basis": record.basis, "scope": record.scope})
    return record


def consent_record_update(*, actor: Any, record: ConsentRecord, data: dict[str, Any], version: int | None
                          ) -> ConsentRecord:
    """Change what may still change on a record (purpose, detail of the scope, end date, recipient text)."""
    with transaction.atomic():
        locked = ConsentRecord.objects.select_for_update().get(pk=record.pk)
        if version is not None and version != locked.version:
            raise ConcurrentEditError()
        if locked.withdrawn_at is not None:
            raise DomainError(_("This consent was withdrawn. Record a new one if the family agrees again."))
        changed = [k for k in EDITABLE_FIELDS if k in data and getattr(locked, k) != data[k]]
        for k in changed:
            setattr(locked, k, data[k])
        if locked.valid_until and locked.valid_until < locked.valid_from:
            raise DomainError(_("The end date lies before the start date."), field="valid_until")
        if changed:
            locked.version += 1
            locked.save(update_fields=[*changed, "version", "updated_at"])
            audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.family,
                         fields=changed)
    return locked


def consent_withdraw(*, actor: Any, record: ConsentRecord, note: str = "", version: int | None = None
                     ) -> ConsentRecord:
    """Withdrawal takes effect at once: from this moment no share is possible under the record."""
    with transaction.atomic():
        locked = ConsentRecord.objects.select_for_update().get(pk=record.pk)
        if version is not None and version != locked.version:
            raise ConcurrentEditError()
        if locked.withdrawn_at is not None:
            raise DomainError(_("This consent was already withdrawn."))
        if locked.scope == Scope.REGISTRATION:
            raise DomainError(_("The consent for the registration changes in the intake: change the member's "
                                "consent there."), field="scope")
        locked.withdrawn_at, locked.withdrawn_by, locked.withdrawal_note = timezone.now(), actor, note
        locked.version += 1
        locked.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_note", "version", "updated_at"])
        locked.givers.filter(answer=Answer.GIVEN).update(answer=Answer.WITHDRAWN)
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.family,
                     fields=["withdrawn_at", "withdrawal_note"], extra={"withdrawn": True})
    return locked


# --- The rule ---------------------------------------------------------------------------------------------------


def family_parents(family_id: int) -> list[Person]:
    return [m.person for m in FamilyMember.objects.filter(
        family_id=family_id, role=MemberRole.PARENT, end_date__isnull=True).select_related("person")]


def record_problems(record: ConsentRecord, *, on: datetime.date, parents: list[Person] | None = None) -> list[str]:
    """Why a record does not allow sharing on ``on`` (empty: it does). ``parents``: the family's current parents
    when the caller has them already (lists), else they are read."""
    problems: list[str] = []
    if record.withdrawn_at is not None:
        problems.append(_("The consent was withdrawn on %(date)s.")
                        % {"date": f"{timezone.localtime(record.withdrawn_at):%d/%m/%Y}"})
    if record.valid_from > on:
        problems.append(_("The consent applies only from %(date)s.") % {"date": f"{record.valid_from:%d/%m/%Y}"})
    if record.valid_until is not None and record.valid_until < on:
        problems.append(_("The consent ended on %(date)s.") % {"date": f"{record.valid_until:%d/%m/%Y}"})
    if record.basis == Basis.CONSENT:
        givers = list(record.givers.all())
        if any(g.answer != Answer.GIVEN for g in givers) and record.withdrawn_at is None:
            problems.append(_("Not everyone on the record gave consent."))
        if record.family_id:
            given = {g.person_id for g in givers if g.answer == Answer.GIVEN}
            if parents is None:
                parents = family_parents(record.family_id)
            missing = [p.full_name for p in parents if p.pk not in given]
            if missing:
                problems.append(_("Consent of every parent is needed; missing: %(who)s.")
                                % {"who": ", ".join(missing)})
        if not givers:
            problems.append(_("Nobody gave consent on this record."))
    elif not record.basis_note.strip():
        problems.append(_("The legal basis is not written on the record."))
    return problems


def share_problems(*, record: ConsentRecord, family, kind: str, organisation, concerns: list[Person],
                   on: datetime.date) -> list[str]:
    """Why this share is refused (empty: it is allowed): the record's validity, then scope, recipient, persons."""
    if record.family_id != family.pk:
        return [_("This consent belongs to another family.")]
    problems = record_problems(record, on=on)
    if kind not in SCOPE_COVERS.get(record.scope, frozenset()):
        problems.append(_("The consent covers %(scope)s, not a %(kind)s.")
                        % {"scope": record.get_scope_display(), "kind": ShareKind(kind).label})
    if record.organisation_id and organisation is not None and organisation.pk != record.organisation_id:
        problems.append(_("The consent is for sharing with %(org)s, not with %(other)s.")
                        % {"org": record.organisation.name if record.organisation else "—",
                           "other": organisation.name})
    if record.basis == Basis.CONSENT:
        given = {g.person_id for g in record.givers.all() if g.answer == Answer.GIVEN}
        for person in concerns:
            age = person.age_on(on)
            if age is not None and 12 <= age < 18 and person.pk not in given:
                problems.append(_("%(name)s is 12 or older: their own consent is needed for what concerns "
                                  "them.") % {"name": person.full_name})
    return problems


@dataclass
class ShareInput:
    kind: str
    consent: ConsentRecord
    report: Any = None
    note: Any = None
    summary: str = ""
    concerns: list[Person] = field(default_factory=list)


def _share_title(data: ShareInput) -> str:
    if data.kind == ShareKind.REPORT and data.report is not None:
        return str(data.report.title)
    if data.kind == ShareKind.NOTE and data.note is not None:
        return _("Logbook note of %(date)s") % {"date": f"{timezone.localtime(data.note.moment):%d/%m/%Y}"}
    return _("Summary")


def share_create(*, actor: Any, family, data: ShareInput) -> Share:
    """Share a report, a note or a summary with the record's partner; refused without a valid consent or basis.
    What is shared is frozen on the share (``spalk.network.artefacts``) for the worker to send."""
    if data.kind == ShareKind.REPORT and (data.report is None or data.report.family_id != family.pk):
        raise DomainError(_("Choose a report of this family."), field="report")
    if data.kind == ShareKind.REPORT and not (data.report.is_issued and data.report.pdf_sha256):
        raise DomainError(_("Only an issued report can be shared: issue it first, so that the partner receives "
                            "the frozen PDF."), field="report")
    if data.kind == ShareKind.NOTE and (data.note is None or data.note.family_id != family.pk):
        raise DomainError(_("Choose a logbook note of this family."), field="note")
    if data.kind == ShareKind.SUMMARY and not data.summary.strip():
        raise DomainError(_("Write the summary you share."), field="summary")
    with transaction.atomic():
        record = (ConsentRecord.objects.select_for_update(of=("self",)).select_related("organisation", "contact")
                  .get(pk=data.consent.pk))
        problems = share_problems(record=record, family=family, kind=data.kind, organisation=record.organisation,
                                  concerns=data.concerns, on=timezone.localdate())
        if problems:
            raise DomainError(_("This cannot be shared: %(why)s") % {"why": " ".join(problems)}, field="consent",
                              code="no_consent")
        share = Share.objects.create(
            centre_id=family.centre_id, family=family, consent=record, kind=data.kind, report=data.report,
            note=data.note, summary=data.summary if data.kind == ShareKind.SUMMARY else "",
            organisation=record.organisation, contact=record.contact, recipient_label=record.recipient_label,
            title=_share_title(data), shared_by=actor)
        if data.concerns:
            share.concerns.set(data.concerns)
        artefacts.freeze(share=share, record=record, actor=actor, note=data.note, summary=data.summary,
                         concerns=data.concerns)
        # a CREATE, written in the share's transaction: a read action (export) would wait in the request's
        # ledger and be dropped with the form's redirect (spalk.audit.reads)
        audit_record(actor=actor, action=AuditAction.CREATE, target=share, family=family,
                     fields=["kind", "consent", "artefact"], extra={
                         "shared_with_partner": True,
                         "consent_id": record.pk, "kind": data.kind, "organisation_id": record.organisation_id,
                         "report_id": getattr(data.report, "pk", None), "note_id": getattr(data.note, "pk", None),
                         "artefact_sha256": share.artefact_sha256})
    return share


def valid_records(records: list[ConsentRecord], *, kind: str | None = None, on: datetime.date,
                  parents: list[Person] | None = None) -> list[ConsentRecord]:
    """The records (prefetched givers) that allow a share of ``kind`` today, for choice lists."""
    return [r for r in records if r.scope != Scope.REGISTRATION and not record_problems(r, on=on, parents=parents)
            and (kind is None or kind in SCOPE_COVERS.get(r.scope, frozenset()))]
