"""Intake screens: registrations, screening, access routes, the A-document and the waiting list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spalk.access.declare import dossier, staff_only
from spalk.access.policy import (
    Action,
    access_family,
    access_person,
    access_registration,
    can_edit_module_catalogue,
    creatable_registration_centres,
    intake_centres,
    visible_registrations,
)
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_list_read, audit_record
from spalk.centres.models import Centre
from spalk.core.errors import DomainError
from spalk.core.forms import form_view
from spalk.core.types import SpalkRequest
from spalk.intake import pdf, selectors, services
from spalk.intake.forms import (
    ADocumentForm,
    ADocumentStatusForm,
    ConsentForm,
    MemberForm,
    ModuleForm,
    PriorityForm,
    RegistrationForm,
    ScreeningForm,
    TransitionForm,
    WaitingContactForm,
)
from spalk.intake.models import (
    CareKind,
    Module,
    RegistrationMember,
    Status,
    Urgency,
    follow_up_days,
)
from spalk.intake.screening import summary
from spalk.partners.models import ContactPerson, Organisation
from spalk.partners.selectors import organisations_for_centre, referral_suggestions

SUGGESTION_STATUSES = (Status.REFERRED, Status.DECLINED)


def _registration_form(request, *, centre_ids, data=None, initial=None, centres=()):
    on = timezone.localdate()
    return RegistrationForm(
        data, initial=initial, centres=centres,
        organisations=Organisation.objects.filter(centre_id__in=centre_ids, is_active=True).order_by("name"),
        contacts=ContactPerson.objects.filter(organisation__centre_id__in=centre_ids, is_active=True)
        .select_related("organisation").order_by("organisation__name", "name"),
        modules=selectors.valid_modules(on=on))


@require_GET
@login_required
@dossier
def registration_list(request: SpalkRequest) -> HttpResponse:
    filters = {k: request.GET.get(k, "")[:50] for k in ("status", "care", "urgency", "q")}
    family_id = request.GET.get("family", "")
    visible = visible_registrations(user=request.user)
    registrations = selectors.registration_list(
        registrations=visible, status=filters["status"], care=filters["care"], urgency=filters["urgency"],
        search=filters["q"], family_id=int(family_id) if family_id.isdigit() else None)
    page = Paginator(registrations, 50).get_page(request.GET.get("page"))
    audit_list_read(actor=request.user, action=AuditAction.SEARCH if any(filters.values()) else AuditAction.VIEW,
                    object_type="intake.registration", query={**filters, "page": page.number},
                    count=page.paginator.count, family_ids=[r.family_id for r in page if r.family_id])
    counts = selectors.status_counts(registrations=visible)
    template = "intake/list.html#results" if request.htmx else "intake/list.html"
    return render(request, template, {
        "page": page, "filters": filters, "counts": [(s, label, counts[s]) for s, label in Status.choices],
        "statuses": Status.choices, "cares": CareKind.choices, "urgencies": Urgency.choices,
        "can_create": bool(creatable_registration_centres(user=request.user)), "querystring": request.GET.urlencode()})


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def registration_create(request: SpalkRequest) -> HttpResponse:
    centre_ids = creatable_registration_centres(user=request.user)
    family = None
    if request.GET.get("family"):
        family = access_family(user=request.user, family_id=request.GET["family"], action=Action.EDIT)
        if family.centre_id not in centre_ids:
            raise PermissionDenied
        centre_ids = [family.centre_id]
    centres = list(Centre.objects.filter(pk__in=centre_ids))
    if not centres:
        raise Http404
    initial = {"received_on": timezone.localdate(), "family_name": family.name if family else "",
               "city": family.city if family else ""}
    form = _registration_form(request, centre_ids=centre_ids, data=request.POST or None, initial=initial,
                              centres=centres)

    def save(d):
        centre = next(c for c in centres if c.pk == d["centre"])
        registration = services.registration_create(actor=request.user, centre=centre, data=d,
                                                    modules=d["requested_modules"])
        if family is not None:
            services.registration_from_family(actor=request.user, registration=registration, family=family)
        return registration

    return form_view(request, form, save=save, success=_to_detail,
                     message=_("Registration saved. Add the family members next."), template="intake/form.html",
                     context={"family": family, "title": _("New registration")})


def _to_detail(registration) -> str:
    return reverse("intake:detail", kwargs={"registration_id": registration.pk})


def _detail_context(request, registration, *, transition_form=None):
    members = selectors.registration_members(registration=registration)
    screenings = selectors.screening_versions(registration=registration)
    latest = screenings[0] if screenings else None
    routes, route_problems = selectors.registration_access_routes(registration=registration, members=members)
    contra = [i.code for i in summary(latest.answers)["contra"]] if latest else []
    suggestions = referral_suggestions(centre_id=registration.centre_id, contra_codes=contra, city=registration.city)
    if transition_form is None and registration.next_statuses:
        transition_form = TransitionForm(next_statuses=registration.next_statuses, suggestions=suggestions,
                                         organisations=organisations_for_centre(centre_id=registration.centre_id))
    waiting = getattr(registration, "waiting", None) if registration.status == Status.WAITING_LIST else None
    can_edit = visible_registrations(user=request.user, action=Action.EDIT).filter(pk=registration.pk).exists()
    return {
        "registration": registration, "members": members, "today": timezone.localdate(),
        "duplicates": selectors.member_duplicates(user=request.user, registration=registration, members=members)
        if can_edit else [],
        "steps": list(registration.steps.select_related("by")), "screening": latest,
        "screening_summary": summary(latest.answers) if latest else None,
        "routes": routes, "route_problems": route_problems,
        "route_rows": selectors.route_rows(routes=routes, members=members,
                                           modules=selectors.module_by_code(on=timezone.localdate())),
        "a_documents": selectors.a_documents(registration=registration), "waiting": waiting,
        "requested_modules": list(registration.requested_modules.all()),
        "suggestions": suggestions, "transition_form": transition_form, "can_edit": can_edit,
        "consent_form": ConsentForm(), "suggestion_statuses": SUGGESTION_STATUSES,
        "consent_missing": selectors.missing_consents(registration=registration, on=timezone.localdate()),
        "has_parent": any(m.role == "parent" for m in members),
        "admission_blocker": selectors.admission_blocking_a_document(registration=registration)
        if Status.ADMITTED in registration.next_statuses else None,
        "waiting_overdue": waiting is not None and waiting.is_overdue(timezone.localdate()),
        "priority_changes": selectors.priority_history(entry=waiting) if waiting else [],
    }


@require_GET
@login_required
@dossier
def registration_detail(request: SpalkRequest, registration_id: int) -> HttpResponse:
    registration = access_registration(user=request.user, registration_id=registration_id)
    audit_record(actor=request.user, action=AuditAction.VIEW, target=registration)
    return render(request, "intake/detail.html", _detail_context(request, registration))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def registration_edit(request: SpalkRequest, registration_id: int) -> HttpResponse:
    registration = access_registration(user=request.user, registration_id=registration_id, action=Action.EDIT)
    initial = {k: getattr(registration, k) for k in services.REGISTRATION_FIELDS}
    initial.update(version=registration.version, requested_modules=list(registration.requested_modules.all()))
    form = _registration_form(request, centre_ids=[registration.centre_id], data=request.POST or None,
                              initial=initial)
    return form_view(
        request, form, save=lambda d: services.registration_update(
            actor=request.user, registration=registration, data=d, version=d.get("version") or 0,
            modules=d["requested_modules"]),
        success=_to_detail(registration), message=_("Changes saved."), template="intake/form.html",
        context={"registration": registration, "title": _("Edit registration")})


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def member_add(request: SpalkRequest, registration_id: int) -> HttpResponse:
    registration = access_registration(user=request.user, registration_id=registration_id, action=Action.EDIT)
    form = MemberForm(request.POST or None)
    return form_view(
        request, form, save=lambda d: services.registration_member_add(
            actor=request.user, registration=registration, data=d),
        success=_to_detail(registration), message=_("Member added."), template="intake/form.html",
        context={"registration": registration, "title": _("Add a family member")})


def _member(registration, member_id) -> RegistrationMember:
    member = registration.members.filter(pk=member_id).first()
    if member is None:
        raise Http404
    member.registration = registration
    return member


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def member_edit(request: SpalkRequest, registration_id: int, member_id: int) -> HttpResponse:
    registration = access_registration(user=request.user, registration_id=registration_id, action=Action.EDIT)
    member = _member(registration, member_id)
    form = MemberForm(request.POST or None, instance=member if request.method == "GET" else None)
    return form_view(
        request, form, save=lambda d: services.registration_member_update(actor=request.user, member=member, data=d),
        success=_to_detail(registration), message=_("Changes saved."), template="intake/form.html",
        context={"registration": registration, "title": _("Edit %(name)s") % {"name": member.full_name}})


@require_POST
@login_required
@dossier
def member_consent(request: SpalkRequest, registration_id: int, member_id: int) -> HttpResponse:
    """Quick edit of one member's consent (htmx: answers the table row)."""
    registration = access_registration(user=request.user, registration_id=registration_id, action=Action.EDIT)
    member = _member(registration, member_id)
    form = ConsentForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            member = services.registration_member_update(actor=request.user, member=member,
                                                         data={"consent": form.cleaned_data["consent"]})
        except DomainError as exc:
            error = exc.message
    else:
        error = _("Choose a consent value.")
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect("intake:detail", registration_id=registration.pk)
    return render(request, "intake/detail.html#member-row", {
        "m": member, "registration": registration, "can_edit": True, "today": timezone.localdate(),
        "consent_form": ConsentForm(), "row_error": error, "row_saved": not error})


@require_POST
@login_required
@dossier
def member_link(request: SpalkRequest, registration_id: int, member_id: int) -> HttpResponse:
    registration = access_registration(user=request.user, registration_id=registration_id, action=Action.EDIT)
    member = _member(registration, member_id)
    person = access_person(user=request.user, person_id=request.POST.get("person", ""))
    try:
        services.registration_member_link(actor=request.user, member=member, person=person)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s is linked to the known person.") % {"name": member.full_name})
    return redirect("intake:detail", registration_id=registration.pk)


@require_POST
@login_required
@dossier
def registration_transition(request: SpalkRequest, registration_id: int) -> HttpResponse:
    registration = access_registration(user=request.user, registration_id=registration_id, action=Action.EDIT)
    form = TransitionForm(request.POST, next_statuses=registration.next_statuses,
                          organisations=organisations_for_centre(centre_id=registration.centre_id))
    return form_view(
        request, form, save=lambda d: services.registration_transition(
            actor=request.user, registration=registration, to_status=d["to_status"], reason=d["reason"],
            referred_to=d.get("referred_to"), referral_note=d.get("referral_note", "")),
        success=_to_detail, template="intake/detail.html", invalid_status=422,
        message=lambda r: _("Status is now: %(status)s.") % {"status": r.get_status_display()},
        context=lambda: _detail_context(request, registration, transition_form=form))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def screening_edit(request: SpalkRequest, registration_id: int) -> HttpResponse:
    registration = access_registration(user=request.user, registration_id=registration_id)
    versions = selectors.screening_versions(registration=registration)
    shown = versions[0] if versions else None
    if request.GET.get("version", "").isdigit():
        shown = next((v for v in versions if v.number == int(request.GET["version"])), None)
        if shown is None:
            raise Http404
    if request.method == "POST":
        registration = access_registration(user=request.user, registration_id=registration_id, action=Action.EDIT)
    form = ScreeningForm(request.POST or None, initial=ScreeningForm.initial_from(shown))

    def page() -> dict:
        audit_record(actor=request.user, action=AuditAction.VIEW, target=registration, extra={"page": "screening"})
        can_edit = visible_registrations(user=request.user, action=Action.EDIT).filter(pk=registration.pk).exists()
        return {"registration": registration, "versions": versions, "shown": shown, "can_edit": can_edit,
                "summary": summary(shown.answers) if shown else None}

    return form_view(
        request, form, save=lambda d: services.screening_save(
            actor=request.user, registration=registration, answers=form.answers(), weighing=d["weighing"],
            weighing_note=d["weighing_note"], weighed_on=d.get("weighed_on")),
        success=_to_detail(registration), template="intake/screening.html", context=page,
        message=lambda screening: _("Screening saved as version %(n)s.") % {"n": screening.number})


@require_GET
@login_required
@dossier
def access_route(request: SpalkRequest, registration_id: int) -> HttpResponse:
    registration = access_registration(user=request.user, registration_id=registration_id)
    members = selectors.registration_members(registration=registration)
    from spalk.core.forms import DateField

    try:
        on = DateField(required=False).clean(request.GET.get("on", "")) or timezone.localdate()
    except ValidationError:  # an unreadable date falls back to today, which the page shows
        on = timezone.localdate()
    routes, problems = selectors.registration_access_routes(registration=registration, members=members, on=on)
    audit_record(actor=request.user, action=AuditAction.VIEW, target=registration, extra={"page": "access_route"})
    return render(request, "intake/access_route.html", {
        "registration": registration, "routes": routes, "route_problems": problems, "on": on,
        "route_rows": selectors.route_rows(routes=routes, members=members, modules=selectors.module_by_code(on=on))})


def _a_document(registration, adoc_id):
    adoc = registration.a_documents.filter(pk=adoc_id).first()
    if adoc is None:
        raise Http404
    adoc.registration = registration
    return adoc


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def a_document_edit(request: SpalkRequest, registration_id: int, adoc_id: int | None = None) -> HttpResponse:
    """Create the A-document of a registration (adoc_id None) or change its draft."""
    registration = access_registration(user=request.user, registration_id=registration_id, action=Action.EDIT)
    adoc = _a_document(registration, adoc_id) if adoc_id else None
    modules = selectors.valid_modules(on=timezone.localdate()).filter(directly_accessible=False)
    if adoc is not None:
        initial = {k: getattr(adoc, k) for k in services.A_DOCUMENT_FIELDS}
        initial.update(version=adoc.version, modules=[line.module for line in adoc.lines.all()],
                       **{f"term_{line.module_id}": line.term_months for line in adoc.lines.all()})
    else:
        routes, _p = selectors.registration_access_routes(
            registration=registration, members=selectors.registration_members(registration=registration))
        needed = {r.module for r in routes.members if r.route == "itp"} if routes else set()
        initial = {"question": "\n\n".join(filter(None, [registration.question_family,
                                                         registration.question_referrer])),
                   "urgency": registration.urgency, "modules": [m for m in modules if m.code in needed],
                   "contact_name": request.user.get_full_name(), "contact_email": request.user.email}
    form = ADocumentForm(request.POST or None, initial=initial, modules=modules)

    def save(d):
        if adoc is None:
            return services.a_document_create(actor=request.user, registration=registration, data=d,
                                              lines=form.lines())
        return services.a_document_update(actor=request.user, adoc=adoc, data=d, lines=form.lines(),
                                          version=d.get("version") or 0)

    return form_view(request, form, save=save, success=_to_a_document, message=_("A-document saved."),
                     template="intake/a_document_form.html", context={"registration": registration, "adoc": adoc})


def _to_a_document(adoc) -> str:
    return reverse("intake:a_document", kwargs={"registration_id": adoc.registration_id, "adoc_id": adoc.pk})


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def a_document_detail(request: SpalkRequest, registration_id: int, adoc_id: int) -> HttpResponse:
    """The A-document as structured data, with its status and the form for the next status."""
    registration = access_registration(user=request.user, registration_id=registration_id)
    adoc = _a_document(registration, adoc_id)
    next_statuses = adoc.next_statuses
    form = ADocumentStatusForm(request.POST or None, next_statuses=next_statuses,
                               initial={"on": timezone.localdate()},
                               modules=Module.objects.filter(pk__in=adoc.lines.values("module_id")))
    if request.method == "POST":
        access_registration(user=request.user, registration_id=registration_id, action=Action.EDIT)

    def page() -> dict:
        audit_record(actor=request.user, action=AuditAction.VIEW, target=adoc)
        can_edit = visible_registrations(user=request.user, action=Action.EDIT).filter(pk=registration.pk).exists()
        return {"registration": registration, "adoc": adoc, "next_statuses": next_statuses, "can_edit": can_edit,
                "data": pdf.for_display(pdf.a_document_data(adoc=adoc))}

    return form_view(
        request, form, save=lambda d: services.a_document_set_status(
            actor=request.user, adoc=adoc, status=d["status"], on=d["on"],
            modules_granted=d.get("modules_granted") or [], granted_from=d.get("granted_from"),
            granted_until=d.get("granted_until"), itp_reference=d.get("itp_reference", ""),
            refusal_reason=d.get("refusal_reason", "")),
        success=_to_a_document(adoc), message=_("A-document status saved."), template="intake/a_document.html",
        context=page, invalid_status=422)


@require_GET
@login_required
@dossier
def a_document_pdf(request: SpalkRequest, registration_id: int, adoc_id: int) -> HttpResponse:
    registration = access_registration(user=request.user, registration_id=registration_id)
    adoc = _a_document(registration, adoc_id)
    content = pdf.a_document_pdf(adoc=adoc)
    audit_record(actor=request.user, action=AuditAction.PRINT, target=adoc, extra={"format": "pdf"})
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="a-document-{registration.pk}-{adoc.pk}.pdf"'
    return response


@require_GET
@login_required
@dossier
def waiting_list(request: SpalkRequest) -> HttpResponse:
    visible = visible_registrations(user=request.user)
    centres = list(Centre.objects.filter(pk__in=intake_centres(user=request.user, action=Action.VIEW)))
    if not centres:
        raise Http404
    centre = next((c for c in centres if str(c.pk) == request.GET.get("centre")), centres[0])
    entries = selectors.waiting_list(registrations=visible, centre_id=centre.pk)
    audit_list_read(actor=request.user, action=AuditAction.VIEW, object_type="intake.waitinglistentry",
                    query={"centre": centre.pk}, count=len(entries),
                    family_ids=[e.registration.family_id for e in entries if e.registration.family_id])
    can_prioritise = centre.pk in intake_centres(user=request.user, action=Action.MANAGE_TEAM)
    return render(request, "intake/waiting_list.html", {
        "entries": entries, "centre": centre, "centres": centres, "today": timezone.localdate(),
        "capacity": selectors.expected_capacity(centre_id=centre.pk), "can_prioritise": can_prioritise,
        "follow_up_days": follow_up_days(),
        "contact_form": WaitingContactForm(initial={"on": timezone.localdate()})})


def _waiting_entry(registration):
    entry = getattr(registration, "waiting", None)
    if entry is None or entry.left_on is not None:
        raise Http404
    entry.registration = registration
    return entry


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def waiting_priority(request: SpalkRequest, registration_id: int) -> HttpResponse:
    """The team lead adjusts the order (htmx: answers the form fragment)."""
    registration = access_registration(user=request.user, registration_id=registration_id, action=Action.MANAGE_TEAM)
    entry = _waiting_entry(registration)
    form = PriorityForm(request.POST or None, initial={"priority": entry.priority})  # every change its own reason
    template = "intake/waiting_priority.html#priority-form" if request.htmx else "intake/waiting_priority.html"
    return form_view(
        request, form, save=lambda d: services.waiting_priority_set(
            actor=request.user, entry=entry, priority=d["priority"], reason=d["priority_reason"]),
        success=reverse("intake:waiting_list"), message=_("Priority saved."), template=template, invalid_status=422,
        context=lambda: {"registration": registration, "entry": entry,
                         "priority_changes": selectors.priority_history(entry=entry)})


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def waiting_contact(request: SpalkRequest, registration_id: int) -> HttpResponse:
    registration = access_registration(user=request.user, registration_id=registration_id, action=Action.EDIT)
    entry = _waiting_entry(registration)
    form = WaitingContactForm(request.POST or None, initial={"on": timezone.localdate()})

    def page() -> dict:
        audit_record(actor=request.user, action=AuditAction.VIEW, target=entry, extra={"page": "waiting_contacts"})
        return {"registration": registration, "entry": entry, "today": timezone.localdate(),
                "priority_changes": selectors.priority_history(entry=entry),
                "contacts": selectors.waiting_contacts(entry=entry)}

    return form_view(
        request, form, save=lambda d: services.waiting_contact_add(
            actor=request.user, entry=entry, on=d["on"], kind=d["kind"], note=d["note"],
            next_contact_due=d.get("next_contact_due")),
        success=reverse("intake:waiting_list"), message=_("Contact saved."), template="intake/waiting_contact.html",
        context=page, invalid_status=422)


MODULE_REASON = "module catalogue: sector data from the decree, no dossier data"


@require_GET
@login_required
@staff_only(MODULE_REASON)
def module_list(request: SpalkRequest) -> HttpResponse:
    if not intake_centres(user=request.user, action=Action.VIEW) and not can_edit_module_catalogue(user=request.user):
        raise Http404
    return render(request, "intake/modules.html", {"modules": list(Module.objects.all()),
                                                   "can_edit": can_edit_module_catalogue(user=request.user)})


@require_http_methods(["GET", "POST"])
@login_required
@staff_only(MODULE_REASON)
def module_edit(request: SpalkRequest, module_id: int | None = None) -> HttpResponse:
    if not can_edit_module_catalogue(user=request.user):
        raise Http404
    module = Module.objects.filter(pk=module_id).first() if module_id else None
    if module_id and module is None:
        raise Http404
    form = ModuleForm(request.POST or None, instance=module)
    return form_view(request, form, save=lambda d: services.module_save(actor=request.user, module=module, data=d),
                     success=reverse("intake:modules"), message=_("Module saved."), template="intake/module_form.html",
                     context={"module": module})
