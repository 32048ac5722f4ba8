"""/api/v1/network: the support forms (reference data); a family's consent records, shares with partners, network
meetings with their agreements and referrals out; signals to policy. Every write passes the policy and the same
services as the screens (the one sharing rule included), and is audited there.

- ``POST /families/{family_id}/consents`` → 201; ``PATCH /consents/{consent_id}`` and
  ``POST /consents/{consent_id}/withdraw`` with the version read (409 when it changed);
- ``POST /families/{family_id}/shares`` → 201, or 422 with the Dutch reason when no valid consent or basis allows
  it (scope, period, withdrawal, every parent, the minor of 12 or more); 403 for a centre the family is only
  shared with;
- ``POST /families/{family_id}/meetings``, ``PATCH /meetings/{meeting_id}``, ``POST /meetings/{id}/agreements``,
  ``PATCH /agreements/{agreement_id}``; ``POST /families/{family_id}/referrals``, ``PATCH /referrals/{id}``;
- ``POST /signals`` (no family, no names) and ``GET /signals/figures`` (anonymous, small cells suppressed).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from spalk.access import policy
from spalk.access.declare import dossier, staff_only
from spalk.access.policy import Action
from spalk.agenda.selectors import centre_staff
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_list_read, audit_record
from spalk.centres.models import Centre
from spalk.core.errors import DomainError
from spalk.network import consent as rules
from spalk.network import selectors, services
from spalk.network import signals as figures
from spalk.network.models import Agreement, ConsentRecord, NetworkMeeting, Referral, Share, SupportForm
from spalk.network.schemas import (
    AgreementIn,
    AgreementOut,
    AgreementPatch,
    ConsentIn,
    ConsentOut,
    ConsentPatch,
    CriterionOut,
    GiverOut,
    MeetingIn,
    MeetingOut,
    MeetingPatch,
    ReferralIn,
    ReferralOut,
    ReferralPatch,
    ShareIn,
    ShareOut,
    SignalCellOut,
    SignalIn,
    SignalOut,
    SupportFormOut,
    WithdrawIn,
)
from spalk.partners.models import ContactPerson, Organisation

router = Router(tags=["network"])

REFERENCE = "support forms of seed 004: reference data, no dossier data"
SIGNALS = "signals to policy: categories and regions without names; the family link is never shown"


def _consent_out(record: ConsentRecord, problems: list[str]) -> ConsentOut:
    return ConsentOut(
        id=record.pk, basis=record.basis, basis_note=record.basis_note, scope=record.scope,
        scope_note=record.scope_note, organisation_id=record.organisation_id, contact_id=record.contact_id,
        recipient=record.recipient_label, purpose=record.purpose, valid_from=record.valid_from,
        valid_until=record.valid_until, withdrawn_at=record.withdrawn_at, valid_today=not problems,
        problems=problems, version=record.version,
        givers=[GiverOut(person_id=g.person_id, name=g.name, capacity=g.capacity, answer=g.answer,
                         answered_on=g.answered_on) for g in record.givers.all()])


def _consent_now(record: ConsentRecord) -> ConsentOut:
    record = selectors.consent_record_with_givers(record_id=record.pk)
    return _consent_out(record, rules.record_problems(record, on=timezone.localdate()))


def _share_out(s: Share) -> ShareOut:
    return ShareOut(id=s.pk, kind=s.kind, title=s.title, recipient=s.recipient_label, consent_id=s.consent_id,
                    shared_at=s.shared_at, artefact_sha256=s.artefact_sha256)


def _organisation(family, organisation_id: int | None, *, field: str = "organisation_id") -> Organisation | None:
    """An organisation of the family's centre or of the sector list; another centre's is as unknown as none."""
    if organisation_id is None:
        return None
    org = Organisation.objects.filter(Q(centre_id=family.centre_id) | Q(centre__isnull=True),
                                      pk=organisation_id).first()
    if org is None:
        raise DomainError(_("Choose an organisation from this centre's directory or the sector list."), field=field)
    return org


def _contact(organisation: Organisation | None, contact_id: int | None) -> ContactPerson | None:
    if contact_id is None:
        return None
    contact = ContactPerson.objects.filter(pk=contact_id, organisation=organisation).first()
    if contact is None:
        raise DomainError(_("This person does not work at the chosen organisation."), field="contact_id")
    return contact


def _members(request, family, ids: list[int], *, field: str) -> list:
    """Persons of this family (current members) the user sees, in the order given; others are refused."""
    if not ids:
        return []
    found = {p.pk: p for p in policy.visible_persons(user=request.auth).filter(
        memberships__family=family, memberships__end_date__isnull=True, pk__in=ids).distinct()}
    if set(ids) - set(found):
        raise DomainError(_("Only members of this family can be chosen here."), field=field)
    return [found[i] for i in dict.fromkeys(ids)]


def _staff(centre_id: int, ids: list[int], *, field: str) -> list:
    if not ids:
        return []
    found = list(centre_staff(centre_id=centre_id).filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise DomainError(_("Choose staff members of this centre."), field=field)
    return found


# --- Support forms -----------------------------------------------------------------------------------------------


@router.get("/support-forms", response=list[SupportFormOut],
            summary="De 24 ondersteuningsvormen uit de matrix Vroeg en nabij, met elk criterium en de kleurcode")
@staff_only(REFERENCE)
def support_forms(request):
    if not policy.network_reference_centres(user=request.auth):
        raise Http404
    return [SupportFormOut(key=f.key, name=f.name, summary=f.summary, seed_page=f.seed_page,
                           seed_column=f.seed_column, seed_line=f.seed_line, situations=list(f.situations),
                           criteria=[CriterionOut(criterion=c.criterion, colour=c.colour, note=c.note)
                                     for c in f.criteria.all()]) for f in selectors.support_forms()]


# --- Consent ----------------------------------------------------------------------------------------------------


@router.get("/families/{family_id}/consents", response=list[ConsentOut],
            summary="Toestemmingen en wettelijke gronden van een gezin, met of ze vandaag gelden")
@dossier
def family_consents(request, family_id: int):
    family = policy.access_family(user=request.auth, family_id=family_id)
    return [_consent_out(s.record, s.problems)
            for s in selectors.consent_states(user=request.auth, family=family, on=timezone.localdate())]


@router.post("/families/{family_id}/consents", response={201: ConsentOut},
             summary="Een toestemming (met wie ze gaf) of een wettelijke grond noteren")
@dossier
def create_consent(request, family_id: int, payload: ConsentIn):
    family = policy.access_family(user=request.auth, family_id=family_id, action=Action.EDIT)
    organisation = _organisation(family, payload.organisation_id)
    record = rules.consent_record_create(actor=request.auth, family=family, data=rules.RecordInput(
        basis=payload.basis, scope=payload.scope, purpose=payload.purpose, valid_from=payload.valid_from,
        valid_until=payload.valid_until, basis_note=payload.basis_note, scope_note=payload.scope_note,
        organisation=organisation, contact=_contact(organisation, payload.contact_id),
        recipient_text=payload.recipient_text,
        givers=[rules.GiverInput(person=p) for p in _members(request, family, payload.giver_ids,
                                                              field="giver_ids")]))
    return Status(201, _consent_now(record))


@router.get("/consents/{consent_id}", response=ConsentOut, summary="Eén toestemming, met wie ze gaf")
@dossier
def get_consent(request, consent_id: int):
    return _consent_now(policy.access_consent(user=request.auth, consent_id=consent_id))


@router.patch("/consents/{consent_id}", response=ConsentOut,
              summary="Doel, detail, ontvanger of einddatum wijzigen (409 bij een andere versie)")
@dossier
def patch_consent(request, consent_id: int, payload: ConsentPatch):
    record = policy.access_consent(user=request.auth, consent_id=consent_id, action=Action.EDIT)
    data = payload.dict(exclude_unset=True, exclude={"version"})
    data = {k: ("" if v is None and k != "valid_until" else v) for k, v in data.items()}
    return _consent_now(rules.consent_record_update(actor=request.auth, record=record, data=data,
                                                    version=payload.version))


@router.post("/consents/{consent_id}/withdraw", response=ConsentOut,
             summary="De toestemming intrekken: vanaf nu kan er niets meer onder gedeeld worden")
@dossier
def withdraw_consent(request, consent_id: int, payload: WithdrawIn):
    record = policy.access_consent(user=request.auth, consent_id=consent_id, action=Action.EDIT)
    return _consent_now(rules.consent_withdraw(actor=request.auth, record=record, note=payload.note,
                                               version=payload.version))


# --- Shares -------------------------------------------------------------------------------------------------------


@router.get("/families/{family_id}/shares", response=list[ShareOut],
            summary="Wat met welke partner gedeeld werd, onder welke toestemming")
@dossier
def family_shares(request, family_id: int):
    family = policy.access_family(user=request.auth, family_id=family_id)
    return [_share_out(s) for s in selectors.shares_of(user=request.auth, family=family)[:200]]


@router.post("/families/{family_id}/shares", response={201: ShareOut},
             summary="Een verslag, notitie of samenvatting delen met een partner, onder een geldige toestemming of "
                     "wettelijke grond")
@dossier
def create_share(request, family_id: int, payload: ShareIn):
    family = policy.access_family(user=request.auth, family_id=family_id, action=Action.EDIT)
    if not policy.can_share_with_partners(user=request.auth, family=family):
        raise PermissionDenied
    consent = policy.visible_consents(user=request.auth, family=family).filter(pk=payload.consent_id).first()
    if consent is None:
        raise DomainError(_("Choose a consent or legal basis of this family."), field="consent_id")
    report = note = None
    if payload.report_id is not None:
        report = policy.visible_reports(user=request.auth).filter(family=family, pk=payload.report_id).first()
        if report is None:
            raise DomainError(_("Choose a report of this family."), field="report_id")
    if payload.note_id is not None:
        note = policy.visible_notes(user=request.auth, family=family).filter(pk=payload.note_id).first()
        if note is None:
            raise DomainError(_("Choose a logbook note of this family."), field="note_id")
    share = rules.share_create(actor=request.auth, family=family, data=rules.ShareInput(
        kind=payload.kind, consent=consent, report=report, note=note, summary=payload.summary,
        concerns=_members(request, family, payload.concerns, field="concerns")))
    return Status(201, _share_out(share))


# --- Network meetings ---------------------------------------------------------------------------------------------


def _agreement_out(a: Agreement) -> AgreementOut:
    return AgreementOut(id=a.pk, meeting_id=a.meeting_id, what=a.what, who=a.who, responsible_id=a.responsible_id,
                        due_on=a.due_on, done_on=a.done_on)


def _meeting_out(m: NetworkMeeting) -> MeetingOut:
    return MeetingOut(
        id=m.pk, family_id=m.family_id, kind=m.kind, held_on=m.held_on, family_participants=m.family_participants,
        network_participants=m.network_participants, partner_participants=m.partner_participants,
        organisation_ids=sorted(o.pk for o in m.organisations.all()), staff_ids=sorted(u.pk for u in m.staff.all()),
        family_voice=m.family_voice, summary=m.summary, next_on=m.next_on, version=m.version,
        agreements=[_agreement_out(a) for a in m.agreements.all()])


def _meeting_now(request, meeting: NetworkMeeting) -> MeetingOut:
    return _meeting_out(policy.visible_meetings(user=request.auth).prefetch_related(
        "organisations", "staff", "agreements").get(pk=meeting.pk))


@router.get("/families/{family_id}/meetings", response=list[MeetingOut],
            summary="Netwerktafels en cliëntoverleg van een gezin, met de afspraken")
@dossier
def family_meetings(request, family_id: int):
    family = policy.access_family(user=request.auth, family_id=family_id)
    meetings = list(policy.visible_meetings(user=request.auth, family=family).prefetch_related(
        "organisations", "staff", "agreements").order_by("-held_on", "-pk")[:100])
    audit_list_read(actor=request.auth, action=AuditAction.VIEW, object_type="network.networkmeeting",
                    query={"family_id": family.pk}, count=len(meetings), family_ids=[family.pk])
    return [_meeting_out(m) for m in meetings]


@router.post("/families/{family_id}/meetings", response={201: MeetingOut},
             summary="Een netwerktafel of cliëntoverleg noteren")
@dossier
def create_meeting(request, family_id: int, payload: MeetingIn):
    family = policy.access_family(user=request.auth, family_id=family_id, action=Action.EDIT)
    data = payload.dict(exclude={"organisation_ids", "staff_ids"})
    data["organisations"] = [_organisation(family, i, field="organisation_ids")
                             for i in dict.fromkeys(payload.organisation_ids)]
    data["staff"] = _staff(family.centre_id, payload.staff_ids, field="staff_ids")
    meeting = services.meeting_create(actor=request.auth, family=family, data=data)
    return Status(201, _meeting_now(request, meeting))


@router.get("/meetings/{meeting_id}", response=MeetingOut, summary="Eén netwerkoverleg met de afspraken")
@dossier
def get_meeting(request, meeting_id: int):
    return _meeting_now(request, policy.access_meeting(user=request.auth, meeting_id=meeting_id))


@router.patch("/meetings/{meeting_id}", response=MeetingOut,
              summary="Een netwerkoverleg wijzigen (409 bij een andere versie)")
@dossier
def patch_meeting(request, meeting_id: int, payload: MeetingPatch):
    meeting = policy.access_meeting(user=request.auth, meeting_id=meeting_id, action=Action.EDIT)
    data = payload.dict(exclude_unset=True, exclude={"version"})
    if "held_on" in data and data["held_on"] is None:
        raise DomainError(_("Fill in the date of the meeting."), field="held_on")
    if "kind" in data and data["kind"] is None:
        del data["kind"]
    meeting = services.meeting_update(actor=request.auth, meeting=meeting, data=data, version=payload.version)
    return _meeting_now(request, meeting)


@router.post("/meetings/{meeting_id}/agreements", response={201: AgreementOut},
             summary="Een afspraak toevoegen: wie doet wat tegen wanneer")
@dossier
def create_agreement(request, meeting_id: int, payload: AgreementIn):
    meeting = policy.access_meeting(user=request.auth, meeting_id=meeting_id, action=Action.EDIT)
    responsible = None
    if payload.responsible_id is not None:
        responsible = _staff(meeting.centre_id, [payload.responsible_id], field="responsible_id")[0]
    agreement = services.agreement_add(actor=request.auth, meeting=meeting, data={
        "what": payload.what, "who": payload.who, "responsible": responsible, "due_on": payload.due_on})
    return Status(201, _agreement_out(agreement))


@router.patch("/agreements/{agreement_id}", response=AgreementOut, summary="Een afspraak afvinken of heropenen")
@dossier
def patch_agreement(request, agreement_id: int, payload: AgreementPatch):
    agreement = policy.access_agreement(user=request.auth, agreement_id=agreement_id, action=Action.EDIT)
    return _agreement_out(services.agreement_set_done(actor=request.auth, agreement=agreement, done=payload.done))


# --- Referrals out -----------------------------------------------------------------------------------------------


def _referral_out(r: Referral) -> ReferralOut:
    return ReferralOut(
        id=r.pk, family_id=r.family_id, organisation_id=r.organisation_id, organisation=r.organisation.name,
        contact_id=r.contact_id, support_form=r.support_form.key if r.support_form else None, reason=r.reason,
        status=r.status, status_note=r.status_note, handover_confirmed_on=r.handover_confirmed_on,
        handover_confirmed_by=r.handover_confirmed_by, follow_up_on=r.follow_up_on, follow_up_note=r.follow_up_note,
        version=r.version)


@router.get("/families/{family_id}/referrals", response=list[ReferralOut],
            summary="Doorverwijzingen van een gezin naar partners, met status en warme overdracht")
@dossier
def family_referrals(request, family_id: int):
    family = policy.access_family(user=request.auth, family_id=family_id)
    rows = list(policy.visible_referrals(user=request.auth, family=family).select_related(
        "organisation", "support_form").order_by("-created_at", "-pk")[:200])
    audit_list_read(actor=request.auth, action=AuditAction.VIEW, object_type="network.referral",
                    query={"family_id": family.pk}, count=len(rows), family_ids=[family.pk])
    return [_referral_out(r) for r in rows]


@router.post("/families/{family_id}/referrals", response={201: ReferralOut},
             summary="Het gezin doorverwijzen naar een partner (status: voorgesteld)")
@dossier
def create_referral(request, family_id: int, payload: ReferralIn):
    family = policy.access_family(user=request.auth, family_id=family_id, action=Action.EDIT)
    organisation = _organisation(family, payload.organisation_id)
    support_form = None
    if payload.support_form:
        support_form = SupportForm.objects.filter(key=payload.support_form).first()
        if support_form is None:
            raise DomainError(_("This support form is not one of the 24."), field="support_form")
    referral = services.referral_create(actor=request.auth, family=family, data={
        "organisation": organisation, "contact": _contact(organisation, payload.contact_id),
        "support_form": support_form, "reason": payload.reason})
    return Status(201, _referral_out(referral))


@router.get("/referrals/{referral_id}", response=ReferralOut, summary="Eén doorverwijzing")
@dossier
def get_referral(request, referral_id: int):
    referral = policy.access_referral(user=request.auth, referral_id=referral_id)
    return _referral_out(selectors.referral_detail(referral_id=referral.pk))


@router.patch("/referrals/{referral_id}", response=ReferralOut,
              summary="Status, warme overdracht of opvolging na de zorg (409 bij een andere versie)")
@dossier
def patch_referral(request, referral_id: int, payload: ReferralPatch):
    referral = policy.access_referral(user=request.auth, referral_id=referral_id, action=Action.EDIT)
    data = payload.dict(exclude_unset=True, exclude={"version"})
    if "status" in data and data["status"] is None:
        del data["status"]
    updated = services.referral_update(actor=request.auth, referral=referral, data=data, version=payload.version)
    return _referral_out(selectors.referral_detail(referral_id=updated.pk))


# --- Signals to policy --------------------------------------------------------------------------------------------


@router.post("/signals", response={201: SignalOut}, summary="Een signaal aan het beleid noteren (zonder namen)")
@staff_only(SIGNALS)
def create_signal(request, payload: SignalIn):
    centres = policy.signal_centres(user=request.auth)
    if not centres:
        raise Http404
    if payload.centre_id is None and len(centres) > 1:
        raise DomainError(_("Choose the centre."), field="centre_id")
    centre_id = payload.centre_id if payload.centre_id is not None else centres[0]
    if centre_id not in centres:
        raise DomainError(_("Choose one of your centres."), field="centre_id")
    signal = services.signal_record(actor=request.auth, centre=Centre.objects.get(pk=centre_id),
                                    data=payload.dict(exclude={"centre_id"}))
    return Status(201, SignalOut(id=signal.pk, centre_id=signal.centre_id, category=signal.category,
                                 primary_care_zone=signal.primary_care_zone, municipality=signal.municipality,
                                 noted_on=signal.noted_on))


@router.get("/signals/figures", response=list[SignalCellOut],
            summary="Signalen per periode, categorie en eerstelijnszone, anoniem (kleine cellen onderdrukt)")
@staff_only(SIGNALS + "; only the figures that pass the minimum cell size")
def signal_figures(request, period: str = "quarter"):
    centres = policy.signal_reader_centres(user=request.auth)
    if not centres:
        raise Http404
    if period not in figures.PERIODS:
        raise DomainError(_("This value is not allowed."), field="period")
    cells = figures.aggregate(centre_ids=centres, period=period)
    audit_record(actor=request.auth, action=AuditAction.VIEW, object_type="network.policysignal",
                 extra={"period": period, "centres": centres, "cells": len(cells), "api": True})
    return [SignalCellOut(period=c.period, category=c.category, primary_care_zone=c.zone, count=c.count,
                          suppressed=c.suppressed) for c in cells]
