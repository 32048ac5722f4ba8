"""Writes of the intake. Every write and its audit row share one transaction."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.centres.models import Centre
from spalk.core.errors import ConcurrentEditError, DomainError
from spalk.families import services as family_services
from spalk.families.models import Family, FamilyMember, Person
from spalk.intake import selectors
from spalk.intake.models import (
    ADocument,
    ADocumentModule,
    ADocumentStatus,
    Consent,
    Module,
    PriorityChange,
    Registration,
    RegistrationMember,
    RegistrationStep,
    Screening,
    Status,
    WaitingContact,
    WaitingListEntry,
    Weighing,
    follow_up_days,
)
from spalk.intake.screening import ANSWERS, ITEM_CODES
from spalk.partners.models import ContactPerson, Organisation

REGISTRATION_FIELDS = ["received_on", "channel", "referrer_organisation", "referrer_contact", "referrer_text",
                       "mandate", "family_name", "city", "phone", "question_family", "question_referrer", "care",
                       "urgency"]  # consent is recorded per member (RegistrationMember.consent)
MEMBER_FIELDS = ["role", "first_name", "last_name", "birth_date", "expected_birth_date", "national_number",
                 "relation", "pregnant", "consent"]
DECISIONS = frozenset({Status.WAITING_LIST, Status.ADMITTED, Status.REFERRED, Status.DECLINED, Status.WITHDRAWN})


def _sync_parents_consent(registration_id: int) -> None:
    """Keep Registration.parents_consent as a summary of the parents' own consent (the source of truth)."""
    parents = list(RegistrationMember.objects.filter(registration_id=registration_id, role="parent")
                   .values_list("consent", flat=True))
    summary = bool(parents) and all(c == Consent.GIVEN for c in parents)
    Registration.objects.filter(pk=registration_id).exclude(parents_consent=summary).update(parents_consent=summary)
    from spalk.network.intake_sync import sync_registration

    sync_registration(registration_id)  # the same consent as a ConsentRecord: one kind of consent in spalk


def _stamp_consent(member: RegistrationMember) -> None:
    """The day consent was given goes with it: recorded today when it becomes "given", cleared otherwise."""
    if member.consent == Consent.GIVEN:
        member.consent_on = member.consent_on or timezone.localdate()
    else:
        member.consent_on = None


def _check_referrer(centre: Centre, data: dict[str, Any]) -> None:
    org: Organisation | None = data.get("referrer_organisation")
    contact: ContactPerson | None = data.get("referrer_contact")
    if org is not None and org.centre_id != centre.pk:
        raise DomainError(_("Choose an organisation from this centre's partner directory."),
                          field="referrer_organisation")
    if contact is not None and (org is None or contact.organisation_id != org.pk):
        raise DomainError(_("This person does not work at the chosen referring organisation."),
                          field="referrer_contact")


def _check_modules(modules: Iterable[Module], day: datetime.date) -> list[Module]:
    modules = list(modules)
    for module in modules:
        if not module.is_valid_on(day):
            raise DomainError(_("Module %(code)s is not valid on the date of the registration.")
                              % {"code": module.code}, field="requested_modules")
    return modules


def registration_create(*, actor: Any, centre: Centre, data: dict[str, Any],
                        modules: Iterable[Module] = ()) -> Registration:
    with transaction.atomic():
        _check_referrer(centre, data)
        registration = Registration(centre=centre, created_by=actor if getattr(actor, "pk", None) else None,
                                    **{k: data[k] for k in REGISTRATION_FIELDS if k in data and data[k] is not None})
        registration.full_clean(exclude=["family", "referred_to", "created_by"])
        registration.save()
        registration.requested_modules.set(_check_modules(modules, registration.received_on))
        RegistrationStep.objects.create(registration=registration, to_status=Status.NEW, by=registration.created_by)
        audit_record(actor=actor, action=AuditAction.CREATE, target=registration,
                     fields=[k for k in REGISTRATION_FIELDS if data.get(k)] + (["requested_modules"] if modules
                                                                               else []))
    return registration


def registration_update(*, actor: Any, registration: Registration, data: dict[str, Any], version: int,
                        modules: Iterable[Module] | None = None) -> Registration:
    """Update with optimistic locking: ``version`` is the one the person saw when opening the form."""
    with transaction.atomic():
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        if locked.version != version:
            raise ConcurrentEditError()
        if locked.is_final:
            raise DomainError(_("This registration is closed. Its data can no longer be changed."))
        _check_referrer(locked.centre, {**{k: getattr(locked, k) for k in ("referrer_organisation",
                                                                          "referrer_contact")}, **data})
        changed = [k for k in REGISTRATION_FIELDS if k in data and getattr(locked, k) != data[k]]
        for k in changed:
            setattr(locked, k, data[k] if data[k] is not None else "")
        if modules is not None:
            new = {m.pk for m in _check_modules(modules, data.get("received_on") or locked.received_on)}
            if new != set(locked.requested_modules.values_list("pk", flat=True)):
                locked.requested_modules.set(new)
                changed.append("requested_modules")
        if not changed:
            return locked
        locked.full_clean(exclude=["family", "referred_to", "created_by"])
        locked.version = F("version") + 1
        locked.save()
        locked.refresh_from_db()
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, fields=changed)
    return locked


def _check_member(registration: Registration, data: dict[str, Any]) -> None:
    role = data.get("role")
    if role == "unborn":
        if data.get("birth_date"):
            raise DomainError(_("An unborn child has no birth date yet. Give the expected birth date."),
                              field="birth_date")
        if not data.get("expected_birth_date"):
            raise DomainError(_("Give the expected birth date of the unborn child."), field="expected_birth_date")
    if data.get("birth_date") and data["birth_date"] > timezone.localdate():
        raise DomainError(_("The birth date lies in the future. For an unborn child use the role "
                            "'unborn child' and the expected birth date."), field="birth_date")
    if data.get("pregnant") and role != "parent":
        raise DomainError(_("Only a parent can be marked as pregnant."), field="pregnant")


def registration_member_add(*, actor: Any, registration: Registration, data: dict[str, Any]) -> RegistrationMember:
    with transaction.atomic():
        if registration.is_final:
            raise DomainError(_("This registration is closed. Its data can no longer be changed."))
        _check_member(registration, data)
        member = RegistrationMember(registration=registration,
                                    **{k: data[k] for k in MEMBER_FIELDS if data.get(k) is not None})
        _stamp_consent(member)
        member.full_clean(exclude=["registration", "person"])
        member.save()
        audit_record(actor=actor, action=AuditAction.CREATE, target=member,
                     fields=[k for k in MEMBER_FIELDS if data.get(k)])
        Registration.objects.filter(pk=registration.pk).update(version=F("version") + 1)
        _sync_parents_consent(registration.pk)
    return member


def registration_member_update(*, actor: Any, member: RegistrationMember, data: dict[str, Any]) -> RegistrationMember:
    with transaction.atomic():
        locked = RegistrationMember.objects.select_for_update().select_related("registration").get(pk=member.pk)
        if locked.registration.is_final:
            raise DomainError(_("This registration is closed. Its data can no longer be changed."))
        _check_member(locked.registration, {**{k: getattr(locked, k) for k in MEMBER_FIELDS}, **data})
        changed = [k for k in MEMBER_FIELDS if k in data and getattr(locked, k) != data[k]]
        for k in changed:
            setattr(locked, k, data[k] if data[k] is not None or k.endswith("date") else "")
        if changed:
            _stamp_consent(locked)
            locked.full_clean(exclude=["registration", "person"])
            locked.save()
            audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, fields=changed)
            _sync_parents_consent(locked.registration_id)
    return locked


def registration_member_link(*, actor: Any, member: RegistrationMember, person: Person) -> RegistrationMember:
    """Link a provisional member to a known person of the same centre (a likely duplicate the worker confirmed).

    When the registration has no family yet and the person belongs to a family of the centre, the
    registration is linked to that family too.
    """
    with transaction.atomic():
        locked = RegistrationMember.objects.select_for_update().select_related("registration").get(pk=member.pk)
        registration = locked.registration
        if person.centre_id != registration.centre_id:
            raise DomainError(_("This person belongs to another centre's dossier."), field="person")
        locked.person = person
        locked.save(update_fields=["person"])
        fields = ["person"]
        if registration.family_id is None:
            family_id = (FamilyMember.objects.filter(person=person, family__centre_id=registration.centre_id)
                         .order_by("pk").values_list("family_id", flat=True).first())
            if family_id:
                Registration.objects.filter(pk=registration.pk).update(family_id=family_id, version=F("version") + 1)
                registration.family_id = family_id
                fields.append("registration.family")
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, person=person, fields=fields)
        _sync_parents_consent(registration.pk)  # the consent record's giver is this person now
    return locked


def registration_family_link(*, actor: Any, registration: Registration, family: Family) -> Registration:
    with transaction.atomic():
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        if family.centre_id != locked.centre_id:
            raise DomainError(_("This family belongs to another centre's dossier."), field="family")
        locked.family = family
        locked.version = F("version") + 1
        locked.save(update_fields=["family", "version", "updated_at"])
        locked.refresh_from_db()
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, fields=["family"])
        _sync_parents_consent(locked.pk)  # the intake's consent record follows the registration to its family
    return locked


def _admit(*, actor: Any, registration: Registration) -> Family:
    """Create the family (or complete the linked one) through the families services."""
    family = registration.family
    if family is None:
        family = family_services.family_create(actor=actor, centre=registration.centre, data={
            "name": registration.family_name, "city": registration.city, "phone": registration.phone})
    existing = set(FamilyMember.objects.filter(family=family).values_list("person_id", flat=True))
    for member in registration.members.select_related("person").order_by("pk"):
        if member.person_id and member.person_id in existing:
            continue
        person_data = {"first_name": member.first_name, "last_name": member.last_name,
                       "birth_date": member.birth_date, "expected_birth_date": member.expected_birth_date,
                       "national_number": member.national_number}
        created = family_services.member_add(actor=actor, family=family, person_data=person_data,
                                             role=member.role, relation=member.relation, pregnant=member.pregnant,
                                             person=member.person)
        if member.person_id is None:
            RegistrationMember.objects.filter(pk=member.pk).update(person=created.person)
    return family


def registration_transition(*, actor: Any, registration: Registration, to_status: str, reason: str = "",
                            referred_to: Organisation | None = None, referral_note: str = "") -> Registration:
    """Move a registration one step in the workflow (models.TRANSITIONS). Every decision needs a reason."""
    with transaction.atomic():
        locked = (Registration.objects.select_for_update(of=("self",)).select_related("centre", "family")
                  .get(pk=registration.pk))
        if to_status not in locked.next_statuses:
            raise DomainError(_("This step is not possible from status '%(status)s'.")
                              % {"status": locked.get_status_display()}, field="to_status")
        reason = (reason or "").strip()
        if to_status in DECISIONS and not reason:
            raise DomainError(_("Give the reason of this decision; it is kept with the registration."),
                              field="reason")
        if to_status == Status.DECISION and not locked.screenings.exists():
            raise DomainError(_("Fill in the screening before the team decides."), field="to_status")
        if to_status == Status.ADMITTED and selectors.admission_blocking_a_document(registration=locked):
            raise DomainError(_("The family cannot be admitted yet: the A-document this registration needs is "
                                "still a draft. Complete it and send it to the Intersectorale Toegangspoort "
                                "first."), field="to_status", code="a_document_draft")
        if to_status in (Status.REFERRED, Status.DECLINED):
            if referred_to is None and not referral_note.strip():
                raise DomainError(_("Suggest where the family can go: choose a partner or describe the "
                                    "referral."), field="referred_to")
            if referred_to is not None and referred_to.centre_id != locked.centre_id:
                raise DomainError(_("Choose an organisation from this centre's partner directory."),
                                  field="referred_to")
            locked.referred_to = referred_to
            locked.referral_note = referral_note.strip()
        fields = ["status"]
        today = timezone.localdate()
        if to_status in DECISIONS:
            locked.decision_reason = reason
            fields.append("decision_reason")
        if to_status == Status.WAITING_LIST:
            WaitingListEntry.objects.update_or_create(registration=locked, defaults={
                "centre_id": locked.centre_id, "since": today, "left_on": None,
                "next_contact_due": today + datetime.timedelta(days=follow_up_days())})
        elif locked.status == Status.WAITING_LIST:
            WaitingListEntry.objects.filter(registration=locked).update(left_on=today)
        if to_status == Status.ADMITTED:
            locked.family = _admit(actor=actor, registration=locked)
            fields.append("family")
        if to_status in (Status.REFERRED, Status.DECLINED):
            fields += ["referred_to", "referral_note"]
        step = RegistrationStep.objects.create(registration=locked, from_status=locked.status, to_status=to_status,
                                               by=actor if getattr(actor, "pk", None) else None, reason=reason)
        locked.status = to_status
        locked.version = F("version") + 1
        locked.save()
        locked.refresh_from_db()
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, fields=fields,
                     extra={"step": step.pk, "to": to_status})
        if to_status == Status.ADMITTED:
            _sync_parents_consent(locked.pk)  # members are persons of the family now: so are the consent's givers
    return locked


def screening_save(*, actor: Any, registration: Registration, answers: dict[str, dict], weighing: str,
                   weighing_note: str = "", weighed_on: datetime.date | None = None) -> Screening:
    """Save a new version of the screening; earlier versions stay as they were."""
    clean: dict[str, dict] = {}
    for code, value in answers.items():
        if code not in ITEM_CODES:
            raise DomainError(_("Unknown screening item."), field=code)
        answer = (value or {}).get("answer", "unknown")
        if answer not in ANSWERS:
            raise DomainError(_("Answer yes, no or unknown."), field=code)
        clean[code] = {"answer": answer, "note": ((value or {}).get("note") or "").strip()[:2000]}
    if weighing not in Weighing.values:
        raise DomainError(_("Choose the team's weighing."), field="weighing")
    if weighing != Weighing.NOT_YET and not weighing_note.strip():
        raise DomainError(_("Write down the team's reasoning with its weighing."), field="weighing_note")
    with transaction.atomic():
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        if locked.is_final:
            raise DomainError(_("This registration is closed. Its data can no longer be changed."))
        last = locked.screenings.order_by("-number").values_list("number", flat=True).first() or 0
        screening = Screening.objects.create(registration=locked, number=last + 1, answers=clean, weighing=weighing,
                                             weighing_note=weighing_note.strip(), weighed_on=weighed_on,
                                             created_by=actor if getattr(actor, "pk", None) else None)
        audit_record(actor=actor, action=AuditAction.CREATE, target=screening,
                     fields=["answers", "weighing", "weighing_note", "weighed_on"], extra={"version": last + 1})
    return screening


# --- A-document ------------------------------------------------------------------------------------

A_DOCUMENT_FIELDS = ["question", "motivation", "urgency", "contact_name", "contact_phone", "contact_email"]


def _set_lines(adoc: ADocument, lines: list[tuple[Module, int]]) -> None:
    if not lines:
        raise DomainError(_("Choose at least one module to request."), field="modules")
    for module, term in lines:
        if module.directly_accessible:
            raise DomainError(_("Module %(code)s is directly accessible and needs no A-document.")
                              % {"code": module.code}, field="modules")
        if not 1 <= term <= 24:
            raise DomainError(_("Give a term between 1 and 24 months."), field="modules")
    adoc.lines.all().delete()
    ADocumentModule.objects.bulk_create([ADocumentModule(a_document=adoc, module=m, term_months=t) for m, t in lines])


def a_document_create(*, actor: Any, registration: Registration, data: dict[str, Any],
                      lines: list[tuple[Module, int]]) -> ADocument:
    with transaction.atomic():
        if registration.a_documents.filter(status__in=[ADocumentStatus.DRAFT, ADocumentStatus.SENT]).exists():
            raise DomainError(_("There is already an A-document in progress for this registration."))
        adoc = ADocument(registration=registration, created_by=actor if getattr(actor, "pk", None) else None,
                         **{k: data.get(k) or "" for k in A_DOCUMENT_FIELDS})
        adoc.urgency = data.get("urgency") or registration.urgency
        adoc.full_clean(exclude=["registration", "created_by"])
        adoc.save()
        _set_lines(adoc, lines)
        audit_record(actor=actor, action=AuditAction.CREATE, target=adoc,
                     fields=[k for k in A_DOCUMENT_FIELDS if data.get(k)] + ["modules"])
    return adoc


def a_document_update(*, actor: Any, adoc: ADocument, data: dict[str, Any], lines: list[tuple[Module, int]],
                      version: int) -> ADocument:
    with transaction.atomic():
        locked = ADocument.objects.select_for_update().select_related("registration").get(pk=adoc.pk)
        if locked.version != version:
            raise ConcurrentEditError()
        if locked.status != ADocumentStatus.DRAFT:
            raise DomainError(_("Only a draft A-document can be changed. This one was already sent."))
        changed = [k for k in A_DOCUMENT_FIELDS if k in data and getattr(locked, k) != (data[k] or "")]
        for k in changed:
            setattr(locked, k, data[k] or "")
        old_lines = set(locked.lines.values_list("module_id", "term_months"))
        if old_lines != {(m.pk, t) for m, t in lines}:
            _set_lines(locked, lines)
            changed.append("modules")
        if changed:
            locked.full_clean(exclude=["registration", "created_by"])
            locked.version = F("version") + 1
            locked.save()
            locked.refresh_from_db()
            audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, fields=changed)
    return locked


def _consent_label(member: RegistrationMember, on: datetime.date) -> str:
    if member.consent_basis_on(on) == "parent":
        who = _("parent")
    else:
        who = _("minor aged %(age)s") % {"age": member.age_on(on)}
    return f"{member.full_name} ({who}: {member.get_consent_display()})"


def _check_consents(registration: Registration, on: datetime.date) -> None:
    """Parents and each minor aged 12 or more on the day of sending must have given consent (BRIEF.md §4)."""
    if not registration.members.filter(role="parent").exists():
        raise DomainError(_("No parent is recorded in this registration. Add the parents and record their "
                            "consent before sending the A-document."), field="status")
    unknown_age = [m.full_name for m in registration.members.filter(role="child", birth_date__isnull=True)]
    if unknown_age:
        raise DomainError(_("The birth date of %(who)s is unknown, so spalk cannot tell whether their consent is "
                            "needed. Complete it before sending the A-document.") % {"who": ", ".join(unknown_age)},
                          field="status")
    missing = selectors.missing_consents(registration=registration, on=on)
    if missing:
        raise DomainError(_("The A-document cannot be sent yet: consent is missing from %(who)s. Record their "
                            "consent first.") % {"who": ", ".join(_consent_label(m, on) for m in missing)},
                          field="status")


def a_document_set_status(*, actor: Any, adoc: ADocument, status: str, on: datetime.date,
                          modules_granted: Iterable[Module] = (), granted_from: datetime.date | None = None,
                          granted_until: datetime.date | None = None, itp_reference: str = "",
                          refusal_reason: str = "") -> ADocument:
    """draft → sent → indication received (granted) or refused."""
    with transaction.atomic():
        locked = ADocument.objects.select_for_update().select_related("registration").get(pk=adoc.pk)
        if status not in locked.next_statuses:
            raise DomainError(_("This step is not possible for an A-document with status '%(status)s'.")
                              % {"status": locked.get_status_display()}, field="status")
        fields = ["status"]
        if status == ADocumentStatus.SENT:
            _check_consents(locked.registration, on)
            locked.sent_on = on
            fields.append("sent_on")
        else:
            locked.decided_on = on
            locked.itp_reference = itp_reference.strip()
            fields += ["decided_on", "itp_reference"]
            if status == ADocumentStatus.GRANTED:
                granted = list(modules_granted)
                if not granted:
                    raise DomainError(_("Choose the modules the ITP granted."), field="modules_granted")
                if granted_from is None:
                    raise DomainError(_("Give the date from which the indication is valid."), field="granted_from")
                if granted_until is not None and granted_until < granted_from:
                    raise DomainError(_("The indication cannot end before it starts."), field="granted_until")
                locked.granted_from, locked.granted_until = granted_from, granted_until
                locked.modules_granted.set(granted)
                fields += ["modules_granted", "granted_from", "granted_until"]
            else:
                if not refusal_reason.strip():
                    raise DomainError(_("Give the reason of the refusal as the ITP wrote it."),
                                      field="refusal_reason")
                locked.refusal_reason = refusal_reason.strip()
                fields.append("refusal_reason")
        locked.status = status
        locked.version = F("version") + 1
        locked.save()
        locked.refresh_from_db()
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, fields=fields)
    return locked


def indication_for(*, family: Family, module_code: str, on_date: datetime.date) -> ADocument | None:
    """The positive ITP indication for ``module_code`` valid for ``family`` on ``on_date``, or None.

    For other apps (trajectories): a stay module that is not directly accessible must not start without one.
    """
    return (ADocument.objects.filter(registration__family=family, status=ADocumentStatus.GRANTED,
                                     modules_granted__code=module_code, granted_from__lte=on_date)
            .exclude(granted_until__lt=on_date).order_by("-decided_on", "-pk").first())


# --- Waiting list ----------------------------------------------------------------------------------


def waiting_priority_set(*, actor: Any, entry: WaitingListEntry, priority: int, reason: str) -> WaitingListEntry:
    """The team lead adjusts the order of the list; the reason is kept and audited."""
    if not reason.strip():
        raise DomainError(_("Give the reason of this change of priority."), field="priority_reason")
    if not -5 <= priority <= 5:
        raise DomainError(_("Choose a priority between -5 and 5."), field="priority")
    with transaction.atomic():
        locked = WaitingListEntry.objects.select_for_update().select_related("registration").get(pk=entry.pk)
        if locked.left_on is not None:
            raise DomainError(_("This family is no longer on the waiting list."))
        change = PriorityChange.objects.create(entry=locked, from_priority=locked.priority, to_priority=priority,
                                               reason=reason.strip(),
                                               by=actor if getattr(actor, "pk", None) else None)
        locked.priority, locked.priority_reason = priority, reason.strip()
        locked.save(update_fields=["priority", "priority_reason"])
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, fields=["priority", "priority_reason"],
                     reason=reason.strip(), extra={"priority_change": change.pk, "from": change.from_priority,
                                                   "to": priority})
    return locked


def waiting_contact_add(*, actor: Any, entry: WaitingListEntry, on: datetime.date, kind: str, note: str = "",
                        next_contact_due: datetime.date | None = None) -> WaitingContact:
    if on > timezone.localdate():
        raise DomainError(_("A contact cannot lie in the future."), field="on")
    with transaction.atomic():
        locked = WaitingListEntry.objects.select_for_update().select_related("registration").get(pk=entry.pk)
        if locked.left_on is not None:
            raise DomainError(_("This family is no longer on the waiting list."))
        contact = WaitingContact(entry=locked, on=on, kind=kind, note=note.strip(),
                                 by=actor if getattr(actor, "pk", None) else None)
        contact.full_clean(exclude=["entry", "by"])
        contact.save()
        due = next_contact_due or on + datetime.timedelta(days=follow_up_days())
        if due < on:
            raise DomainError(_("The next contact cannot lie before this one."), field="next_contact_due")
        locked.next_contact_due = due
        locked.save(update_fields=["next_contact_due"])
        audit_record(actor=actor, action=AuditAction.CREATE, target=contact, fields=["on", "kind", "note"])
    return contact


# --- Module catalogue --------------------------------------------------------------------------------

MODULE_FIELDS = ["code", "name", "kind", "frequency", "directly_accessible", "family_admission", "valid_from",
                 "valid_until", "sort_order"]


def module_save(*, actor: Any, module: Module | None, data: dict[str, Any]) -> Module:
    """Create a module (``module`` None) or change one. Sector data, no dossier content; audited anyway."""
    with transaction.atomic():
        target = Module.objects.select_for_update().get(pk=module.pk) if module else Module()
        changed = [k for k in MODULE_FIELDS if k in data and getattr(target, k, None) != data[k]]
        for k in changed:
            setattr(target, k, data[k] if data[k] is not None or k == "valid_until" else "")
        target.full_clean()
        target.save()
        audit_record(actor=actor, action=AuditAction.UPDATE if module else AuditAction.CREATE, target=target,
                     fields=changed)
    return target


def registration_from_family(*, actor: Any, registration: Registration, family: Family) -> Registration:
    """Link a new registration to a known family and copy its current members as linked provisional members."""
    with transaction.atomic():
        registration = registration_family_link(actor=actor, registration=registration, family=family)
        members = FamilyMember.objects.filter(family=family, end_date__isnull=True).select_related("person")
        rows = [RegistrationMember(registration=registration, role=m.role, first_name=m.person.first_name,
                                   last_name=m.person.last_name, birth_date=m.person.birth_date,
                                   expected_birth_date=m.person.expected_birth_date,
                                   national_number=m.person.national_number, relation=m.relation,
                                   pregnant=m.pregnant, person=m.person) for m in members]
        RegistrationMember.objects.bulk_create(rows)
        _sync_parents_consent(registration.pk)
        audit_record(actor=actor, action=AuditAction.CREATE, target=registration, family=family,
                     fields=["members"], extra={"copied_members": len(rows)})
    return registration
