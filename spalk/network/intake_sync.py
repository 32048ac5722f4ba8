"""The consent given at intake as a ConsentRecord, so that spalk has one kind of consent.

The intake records consent per member (``RegistrationMember.consent``: its screens, the API and the A-document rule
read it). Every change to it passes ``spalk.intake.services._sync_parents_consent``, which calls
``sync_registration``: one record per registration (scope ``registration``, recipient the Intersectorale
Toegangspoort), a giver per member who answered. A member who gave consent and no longer does becomes
``withdrawn`` on the record. The data migration ``network/0003`` did the same for registrations made before.
"""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.translation import gettext

from spalk.network.models import Answer, Basis, Capacity, ConsentGiver, ConsentRecord, Scope


def intake_purpose() -> str:
    with translation.override("nl"):
        return gettext("Registration and A-document: the request for an indication to the Intersectorale "
                       "Toegangspoort (ITP).")


def intake_recipient() -> str:
    return "Intersectorale Toegangspoort (ITP)"


def capacity_of(basis: str) -> str:
    return {"parent": Capacity.PARENT, "minor_12": Capacity.MINOR_12}.get(basis, Capacity.OTHER)


def answer_for(consent: str, previous: str | None) -> str | None:
    """The giver's answer for a member's intake consent value (None: no giver)."""
    if consent == "given":
        return Answer.GIVEN
    if previous in (Answer.GIVEN, Answer.WITHDRAWN):
        return Answer.WITHDRAWN
    if consent == "refused":
        return Answer.REFUSED
    return None


def sync_registration(registration_id: int) -> ConsentRecord | None:
    from spalk.intake.models import Registration

    registration = Registration.objects.get(pk=registration_id)
    members = list(registration.members.all())
    record = ConsentRecord.objects.filter(registration=registration, scope=Scope.REGISTRATION).first()
    if record is None and not any(m.consent in ("given", "refused") for m in members):
        return None
    today = timezone.localdate()
    if record is None:
        record = ConsentRecord.objects.create(
            centre_id=registration.centre_id, family_id=registration.family_id, registration=registration,
            basis=Basis.CONSENT, scope=Scope.REGISTRATION, recipient_text=intake_recipient(),
            purpose=intake_purpose(), valid_from=registration.received_on, created_by=registration.created_by)
    elif record.family_id != registration.family_id:
        record.family_id = registration.family_id
        record.save(update_fields=["family", "updated_at"])
    givers = {g.registration_member_id: g for g in record.givers.all()}
    for m in members:
        giver = givers.get(m.pk)
        answer = answer_for(m.consent, giver.answer if giver else None)
        if answer is None:
            if giver is not None:
                giver.delete()
            continue
        capacity = capacity_of(m.consent_basis_on(today))
        if giver is None:
            ConsentGiver.objects.create(record=record, registration_member=m, person=m.person, name=m.full_name,
                                        capacity=capacity, answer=answer, answered_on=today)
        elif (giver.answer, giver.person_id, giver.name) != (answer, m.person_id, m.full_name):
            if giver.answer != answer:
                giver.answered_on = today
            giver.answer, giver.person, giver.name = answer, m.person, m.full_name
            giver.save()
    return record
