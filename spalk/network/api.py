"""The network in the API: the support forms (reference data) and a family's consent records and shares."""

from __future__ import annotations

import datetime

from django.http import Http404
from django.utils import timezone
from ninja import Router, Schema

from spalk.access import policy
from spalk.access.declare import dossier, staff_only
from spalk.network import selectors

router = Router(tags=["network"])


class CriterionOut(Schema):
    criterion: str
    colour: str
    note: str


class SupportFormOut(Schema):
    key: str
    name: str
    summary: str
    seed_page: int
    seed_column: str
    seed_line: int
    situations: list[str]
    criteria: list[CriterionOut]


class ConsentOut(Schema):
    id: int
    basis: str
    basis_note: str
    scope: str
    scope_note: str
    organisation_id: int | None
    contact_id: int | None
    recipient: str
    purpose: str
    valid_from: datetime.date
    valid_until: datetime.date | None
    withdrawn_at: datetime.datetime | None
    valid_today: bool
    problems: list[str]


class ShareOut(Schema):
    id: int
    kind: str
    title: str
    recipient: str
    consent_id: int
    shared_at: datetime.datetime


@router.get("/support-forms", response=list[SupportFormOut],
            summary="De 24 ondersteuningsvormen uit de matrix Vroeg en nabij, met elk criterium en de kleurcode")
@staff_only("support forms of seed 004: reference data, no dossier data")
def support_forms(request):
    if not policy.network_reference_centres(user=request.auth):
        raise Http404
    return [SupportFormOut(key=f.key, name=f.name, summary=f.summary, seed_page=f.seed_page,
                           seed_column=f.seed_column, seed_line=f.seed_line, situations=list(f.situations),
                           criteria=[CriterionOut(criterion=c.criterion, colour=c.colour, note=c.note)
                                     for c in f.criteria.all()]) for f in selectors.support_forms()]


@router.get("/families/{family_id}/consents", response=list[ConsentOut],
            summary="Toestemmingen en wettelijke gronden van een gezin, met of ze vandaag gelden")
@dossier
def family_consents(request, family_id: int):
    family = policy.access_family(user=request.auth, family_id=family_id)
    return [ConsentOut(id=s.record.pk, basis=s.record.basis, basis_note=s.record.basis_note, scope=s.record.scope,
                       scope_note=s.record.scope_note, organisation_id=s.record.organisation_id,
                       contact_id=s.record.contact_id, recipient=s.record.recipient_label,
                       purpose=s.record.purpose, valid_from=s.record.valid_from, valid_until=s.record.valid_until,
                       withdrawn_at=s.record.withdrawn_at, valid_today=s.valid, problems=s.problems)
            for s in selectors.consent_states(user=request.auth, family=family, on=timezone.localdate())]


@router.get("/families/{family_id}/shares", response=list[ShareOut],
            summary="Wat met welke partner gedeeld werd, onder welke toestemming")
@dossier
def family_shares(request, family_id: int):
    family = policy.access_family(user=request.auth, family_id=family_id)
    return [ShareOut(id=s.pk, kind=s.kind, title=s.title, recipient=s.recipient_label, consent_id=s.consent_id,
                     shared_at=s.shared_at) for s in selectors.shares_of(user=request.auth, family=family)[:200]]
