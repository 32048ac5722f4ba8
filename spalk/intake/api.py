"""The intake API: the access-route contract, registrations, screening and the waiting list."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from spalk.access.declare import dossier, staff_only
from spalk.access.policy import (
    Action,
    access_registration,
    creatable_registration_centres,
    intake_centres,
    visible_registrations,
)
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_list_read, audit_record
from spalk.centres.models import Centre
from spalk.core.errors import DomainError
from spalk.core.params import LimitOffsetPagination
from spalk.families.validators import clean_national_number
from spalk.intake import pdf, selectors, services
from spalk.intake.access_routes import AccessRouteInputError, MemberInput, access_routes
from spalk.intake.models import ADocumentStatus, ContactKind, Module
from spalk.intake.schemas import (
    AccessRouteIn,
    AccessRouteOut,
    ADocumentIn,
    ADocumentStatusIn,
    ErrorOut,
    PriorityIn,
    RegistrationDetailOut,
    RegistrationIn,
    RegistrationMemberIn,
    RegistrationMemberOut,
    RegistrationOut,
    RegistrationPatch,
    ScreeningIn,
    ScreeningOut,
    TransitionIn,
    WaitingContactIn,
    WaitingContactOut,
    WaitingEntryOut,
)
from spalk.partners.models import ContactPerson, Organisation

router = Router(tags=["intake"])


@router.post("/access-routes", response={200: AccessRouteOut, 422: ErrorOut},
             summary="Toegangsroute per gezinslid (rechtstreeks, ITP, crisis)")
@staff_only("pure calculation, no dossier data")
def calculate_access_routes(request, payload: AccessRouteIn):
    members = [MemberInput(key=m.key, role=m.role, birth_date=m.birth_date, expected_birth_date=m.expected_birth_date,
                           pregnant=m.pregnant) for m in payload.members]
    try:
        result = access_routes(on=payload.date, care=payload.care, members=members,
                               catalogue=selectors.route_catalogue(on=payload.date))
    except AccessRouteInputError as exc:
        return Status(422, {"detail": [{"loc": ["body", *p.loc], "field": p.field, "type": p.type, "msg": p.msg}
                                       for p in exc.problems]})
    return Status(200, {"a_document_required": result.a_document_required, "explanation": result.explanation,
                        "members": [{"key": r.key, "module": r.module, "route": r.route, "reason": r.reason}
                                    for r in result.members]})


class AuditedPagination(LimitOffsetPagination):
    def paginate_queryset(self, queryset, pagination, request, **params):
        result = super().paginate_queryset(queryset, pagination, request, **params)
        audit_list_read(actor=request.auth, action=AuditAction.VIEW, object_type="intake.registration",
                        query={"status": request.GET.get("status", "")}, count=result["count"],
                        family_ids=[r.family_id for r in result["items"] if r.family_id])
        return result


def _refuse_parents_consent(value) -> None:
    if value is not None:
        raise DomainError(_("Consent is recorded per family member (field 'consent' of each member); "
                            "'parents_consent' is derived from it and cannot be set directly."),
                          field="parents_consent")


def _modules(codes: list[str], on, field: str = "requested_modules") -> list[Module]:
    by_code = selectors.module_by_code(on=on)
    unknown = [c for c in codes if c not in by_code]
    if unknown:
        raise DomainError(_("Unknown module on %(date)s: %(codes)s.") % {"date": f"{on:%d/%m/%Y}",
                                                                          "codes": ", ".join(unknown)}, field=field)
    return [by_code[c] for c in codes]


def _detail(registration) -> dict:
    data = RegistrationOut.from_orm(registration).dict()
    data["requested_modules"] = [m.code for m in registration.requested_modules.all()]
    data["members"] = selectors.registration_members(registration=registration)
    return data


@router.get("/registrations", response=list[RegistrationOut], summary="Aanmeldingen waartoe u toegang hebt")
@paginate(AuditedPagination)
@dossier
def list_registrations(request, status: str = "", care: str = ""):
    return selectors.registration_list(registrations=visible_registrations(user=request.auth), status=status,
                                       care=care)


@router.post("/registrations", response={201: RegistrationDetailOut}, summary="Nieuwe aanmelding")
@dossier
def create_registration(request, payload: RegistrationIn):
    allowed = creatable_registration_centres(user=request.auth)
    if not allowed:
        raise PermissionDenied
    _refuse_parents_consent(payload.parents_consent)
    centre_id = payload.centre_id if payload.centre_id is not None else (allowed[0] if len(allowed) == 1 else None)
    if centre_id not in allowed:
        raise DomainError(_("Choose a centre in which you may register families."), field="centre_id")
    data = payload.dict(exclude={"centre_id", "requested_modules", "referrer_organisation_id",
                                 "referrer_contact_id", "parents_consent"})
    data["referrer_organisation"] = (Organisation.objects.filter(pk=payload.referrer_organisation_id,
                                                                 centre_id=centre_id).first()
                                     if payload.referrer_organisation_id else None)
    data["referrer_contact"] = (ContactPerson.objects.filter(pk=payload.referrer_contact_id,
                                                             organisation__centre_id=centre_id).first()
                                if payload.referrer_contact_id else None)
    registration = services.registration_create(actor=request.auth, centre=Centre.objects.get(pk=centre_id),
                                                data=data, modules=_modules(payload.requested_modules,
                                                                            payload.received_on))
    return Status(201, _detail(registration))


@router.get("/registrations/{registration_id}", response=RegistrationDetailOut, summary="Eén aanmelding")
@dossier
def get_registration(request, registration_id: int):
    registration = access_registration(user=request.auth, registration_id=registration_id)
    audit_record(actor=request.auth, action=AuditAction.VIEW, target=registration)
    return _detail(registration)


@router.patch("/registrations/{registration_id}", response=RegistrationDetailOut,
              summary="Aanmelding wijzigen (met versie)")
@dossier
def update_registration(request, registration_id: int, payload: RegistrationPatch):
    registration = access_registration(user=request.auth, registration_id=registration_id, action=Action.EDIT)
    _refuse_parents_consent(payload.parents_consent)
    data = payload.dict(exclude_unset=True, exclude={"version", "requested_modules", "parents_consent"})
    modules = None
    if payload.requested_modules is not None:
        modules = _modules(payload.requested_modules, payload.received_on or registration.received_on)
    registration = services.registration_update(actor=request.auth, registration=registration, data=data,
                                                version=payload.version, modules=modules)
    return _detail(registration)


@router.post("/registrations/{registration_id}/members", response={201: RegistrationMemberOut},
             summary="Gezinslid toevoegen aan de aanmelding")
@dossier
def add_registration_member(request, registration_id: int, payload: RegistrationMemberIn):
    registration = access_registration(user=request.auth, registration_id=registration_id, action=Action.EDIT)
    data = payload.dict()
    try:
        data["national_number"] = clean_national_number(data["national_number"])
    except ValidationError:  # one Dutch message on the field
        raise DomainError(_("This national number is not valid."), field="national_number") from None
    return Status(201, services.registration_member_add(actor=request.auth, registration=registration, data=data))


@router.post("/registrations/{registration_id}/transitions", response=RegistrationDetailOut,
             summary="Volgende stap in de intake (met reden)")
@dossier
def transition_registration(request, registration_id: int, payload: TransitionIn):
    registration = access_registration(user=request.auth, registration_id=registration_id, action=Action.EDIT)
    referred_to = None
    if payload.referred_to_id is not None:
        referred_to = Organisation.objects.filter(pk=payload.referred_to_id, centre_id=registration.centre_id).first()
        if referred_to is None:
            raise DomainError(_("Choose a partner from this centre's partner list."), field="referred_to_id")
    registration = services.registration_transition(actor=request.auth, registration=registration,
                                                    to_status=payload.to_status, reason=payload.reason,
                                                    referred_to=referred_to, referral_note=payload.referral_note)
    return _detail(registration)


@router.get("/registrations/{registration_id}/screenings", response=list[ScreeningOut],
            summary="Alle versies van de screening")
@dossier
def list_screenings(request, registration_id: int):
    registration = access_registration(user=request.auth, registration_id=registration_id)
    audit_record(actor=request.auth, action=AuditAction.VIEW, target=registration, extra={"page": "screening"})
    return selectors.screening_versions(registration=registration)


@router.post("/registrations/{registration_id}/screenings", response={201: ScreeningOut},
             summary="Nieuwe versie van de screening")
@dossier
def create_screening(request, registration_id: int, payload: ScreeningIn):
    registration = access_registration(user=request.auth, registration_id=registration_id, action=Action.EDIT)
    answers = {code: a.dict() for code, a in payload.answers.items()}
    return Status(201, services.screening_save(actor=request.auth, registration=registration, answers=answers,
                                               weighing=payload.weighing, weighing_note=payload.weighing_note,
                                               weighed_on=payload.weighed_on))


@router.get("/registrations/{registration_id}/a-documents/{adoc_id}", response=dict,
            summary="Het A-document als gestructureerde gegevens")
@dossier
def get_a_document(request, registration_id: int, adoc_id: int):
    registration = access_registration(user=request.auth, registration_id=registration_id)
    adoc = _registration_a_document(registration, adoc_id)
    audit_record(actor=request.auth, action=AuditAction.EXPORT, target=adoc, extra={"format": "json"})
    return pdf.a_document_data(adoc=adoc)


def _registration_a_document(registration, adoc_id: int):
    adoc = registration.a_documents.filter(pk=adoc_id).first()
    if adoc is None:
        raise Http404
    adoc.registration = registration
    return adoc


@router.post("/registrations/{registration_id}/a-documents", response={201: dict},
             summary="A-document opstellen (ontwerp) voor de aanvraag bij de toegangspoort")
@dossier
def create_a_document(request, registration_id: int, payload: ADocumentIn):
    registration = access_registration(user=request.auth, registration_id=registration_id, action=Action.EDIT)
    if registration.is_final:
        raise DomainError(_("This registration is closed: no A-document can be added to it."))
    if not payload.modules:
        raise DomainError(_("Choose at least one module to request."), field="modules")
    modules = _modules([line.code for line in payload.modules], timezone.localdate(), field="modules")
    data = payload.dict(exclude={"modules"})
    adoc = services.a_document_create(actor=request.auth, registration=registration, data=data,
                                      lines=[(m, line.term_months) for m, line in zip(modules, payload.modules,
                                                                                       strict=True)])
    adoc.registration = registration
    return Status(201, pdf.a_document_data(adoc=adoc))


@router.post("/registrations/{registration_id}/a-documents/{adoc_id}/status", response=dict,
             summary="Status van het A-document: verstuurd, indicatie ontvangen of geweigerd")
@dossier
def set_a_document_status(request, registration_id: int, adoc_id: int, payload: ADocumentStatusIn):
    registration = access_registration(user=request.auth, registration_id=registration_id, action=Action.EDIT)
    adoc = _registration_a_document(registration, adoc_id)
    if payload.status not in (ADocumentStatus.SENT, ADocumentStatus.GRANTED, ADocumentStatus.REFUSED):
        raise DomainError(_("Choose sent, granted or refused."), field="status")
    granted = _modules(payload.modules_granted, payload.granted_from or payload.on, field="modules_granted")
    adoc = services.a_document_set_status(actor=request.auth, adoc=adoc, status=payload.status, on=payload.on,
                                          modules_granted=granted, granted_from=payload.granted_from,
                                          granted_until=payload.granted_until, itp_reference=payload.itp_reference,
                                          refusal_reason=payload.refusal_reason)
    adoc.registration = registration
    return pdf.a_document_data(adoc=adoc)


def _entry_out(position, entry, today) -> dict:
    reg = entry.registration
    return {"position": position, "registration_id": reg.pk, "family_name": reg.family_name, "care": reg.care,
            "urgency": reg.urgency, "since": entry.since, "priority": entry.priority,
            "priority_reason": entry.priority_reason, "next_contact_due": entry.next_contact_due,
            "contact_overdue": entry.is_overdue(today), "last_contact": getattr(entry, "last_contact", None)}


@router.get("/waiting-list", response=list[WaitingEntryOut], summary="Wachtlijst van een centrum, in volgorde")
@dossier
def get_waiting_list(request, centre_id: int | None = None):
    allowed = intake_centres(user=request.auth, action=Action.VIEW)
    if centre_id is not None and centre_id not in allowed:
        raise Http404
    entries = selectors.waiting_list(registrations=visible_registrations(user=request.auth), centre_id=centre_id)
    audit_list_read(actor=request.auth, action=AuditAction.VIEW, object_type="intake.waitinglistentry",
                    query={"centre": centre_id}, count=len(entries),
                    family_ids=[e.registration.family_id for e in entries if e.registration.family_id])
    today = timezone.localdate()
    return [_entry_out(i, e, today) for i, e in enumerate(entries, start=1)]


@router.patch("/waiting-list/{registration_id}", response=WaitingEntryOut,
              summary="Prioriteit op de wachtlijst aanpassen (teamverantwoordelijke, met reden)")
@dossier
def set_waiting_priority(request, registration_id: int, payload: PriorityIn):
    registration = access_registration(user=request.auth, registration_id=registration_id,
                                       action=Action.MANAGE_TEAM)
    entry = getattr(registration, "waiting", None)
    if entry is None or entry.left_on is not None:
        raise Http404
    entry = services.waiting_priority_set(actor=request.auth, entry=entry, priority=payload.priority,
                                          reason=payload.priority_reason)
    return _entry_out(0, entry, timezone.localdate())


def _open_entry(registration):
    entry = getattr(registration, "waiting", None)
    if entry is None:
        raise Http404
    entry.registration = registration
    return entry


@router.get("/waiting-list/{registration_id}/contacts", response=list[WaitingContactOut],
            summary="Contacten met een wachtend gezin")
@dossier
def list_waiting_contacts(request, registration_id: int):
    registration = access_registration(user=request.auth, registration_id=registration_id)
    entry = _open_entry(registration)
    audit_record(actor=request.auth, action=AuditAction.VIEW, target=entry, extra={"page": "waiting_contacts"})
    return selectors.waiting_contacts(entry=entry)


@router.post("/waiting-list/{registration_id}/contacts", response={201: WaitingContactOut},
             summary="Contact met een wachtend gezin registreren")
@dossier
def add_waiting_contact(request, registration_id: int, payload: WaitingContactIn):
    registration = access_registration(user=request.auth, registration_id=registration_id, action=Action.EDIT)
    entry = _open_entry(registration)
    if payload.kind not in ContactKind.values:
        raise DomainError(_("Unknown kind of contact '%(kind)s'. Choose %(choices)s.")
                          % {"kind": payload.kind, "choices": ", ".join(ContactKind.values)},
                          field="kind")
    return Status(201, services.waiting_contact_add(actor=request.auth, entry=entry, on=payload.on,
                                                    kind=payload.kind, note=payload.note,
                                                    next_contact_due=payload.next_contact_due))
