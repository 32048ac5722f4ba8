"""Logbook screens: the night shift's logbook, a family's logbook, a note and its history, care moments,
attachments. Handovers and incidents are in ``views_shift.py``. Phone-first; htmx where it saves a tap."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spalk.access.declare import dossier
from spalk.access.policy import (
    Action,
    access_attachment,
    access_family,
    access_living_group_centre,
    access_note,
    access_person,
    can_write_notes,
    living_group_centres,
    visible_notes,
    visible_units,
)
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_list_read, audit_record
from spalk.core.errors import DomainError
from spalk.core.forms import add_domain_error, form_view
from spalk.core.params import parse_int
from spalk.core.types import SpalkRequest
from spalk.families.models import MemberRole
from spalk.families.selectors import family_members
from spalk.logbook import selectors, services
from spalk.logbook.forms import AttachmentForm, CareMomentForm, CorrectionForm, HouseNoteForm, NoteForm, WithholdForm
from spalk.logbook.models import CareMomentKind, Category


def _persons(family, members=None):
    members = family_members(family=family) if members is None else members
    return [m.person for m in members if m.role in (MemberRole.PARENT, MemberRole.CHILD)]


def _note_input(data, *, persons, methods, unit=None) -> services.NoteInput:
    by_pk = {p.pk: p for p in persons}
    methods_by_pk = {m.pk: m for m in methods}
    return services.NoteInput(
        category=data["category"], text=data["text"], visibility=data["visibility"], moment=data.get("moment"),
        persons=[by_pk[pk] for pk in data.get("persons", []) if pk in by_pk],
        methods=[methods_by_pk[pk] for pk in data.get("methods", []) if pk in methods_by_pk], unit=unit,
        withheld=data.get("withheld", False), withheld_reason=data.get("withheld_reason", ""))


@require_GET
@login_required
@dossier
def index(request: SpalkRequest) -> HttpResponse:
    """The living group's logbook: a quick note per family in residence, house notes, shift links."""
    centre = access_living_group_centre(user=request.user, centre_id=request.GET.get("centre"))
    families = selectors.writable_residents(user=request.user, centre_id=centre.pk)
    house = selectors.house_notes(user=request.user, centre_id=centre.pk)
    units = list(visible_units(user=request.user).filter(centre=centre, is_active=True))
    audit_list_read(actor=request.user, action=AuditAction.VIEW, object_type="logbook.index",
                    query={"centre_id": centre.pk}, count=len(house), family_ids=[f.pk for f in families])
    return render(request, "logbook/index.html", {
        "centre": centre, "centre_ids": living_group_centres(user=request.user), "families": families,
        "house_notes": house, "house_form": HouseNoteForm(units=units, methods=selectors.active_methods()),
    })


@require_POST
@login_required
@dossier
def house_note_create(request: SpalkRequest) -> HttpResponse:
    centre = access_living_group_centre(user=request.user, centre_id=request.POST.get("centre"))
    units = {u.pk: u for u in visible_units(user=request.user).filter(centre=centre)}
    methods = selectors.active_methods()
    form = HouseNoteForm(request.POST, units=units.values(), methods=methods)
    note = None
    if form.is_valid():
        try:
            note = services.note_create(actor=request.user, centre=centre, family=None, data=_note_input(
                form.cleaned_data, persons=[], methods=methods, unit=units.get(form.cleaned_data["unit"] or 0)))
        except DomainError as error:
            add_domain_error(form, error)
    if not request.htmx:
        if note is None:
            messages.error(request, _("The note was not saved: %(errors)s") % {"errors": _errors(form)})
        else:
            messages.success(request, _("Note saved."))
        return redirect(f"{reverse('logbook:index')}?centre={centre.pk}")
    if note is not None:
        form = HouseNoteForm(units=units.values(), methods=methods)
    return render(request, "logbook/index.html#house_composer", {
        "centre": centre, "house_form": form, "written": note})


def _errors(form) -> str:
    return " ".join(str(e) for errs in form.errors.values() for e in errs)


@require_GET
@login_required
@dossier
def family_logbook(request: SpalkRequest, family_id: int) -> HttpResponse:
    family = access_family(user=request.user, family_id=family_id)
    members = family_members(family=family)
    persons = _persons(family, members)
    person_id = _int(request.GET.get("person"))
    page = selectors.family_note_page(user=request.user, family=family, before=request.GET.get("before"),
                                      category=request.GET.get("category", ""), person_id=person_id)
    audit_list_read(actor=request.user, action=AuditAction.VIEW, object_type="logbook.note",
                    query={"family_id": family.pk, "before": request.GET.get("before", ""),
                           "category": request.GET.get("category", ""), "person": person_id or ""},
                    count=len(page.notes), family_ids=[family.pk])
    may_write = can_write_notes(user=request.user, family=family)
    context = {"family": family, "page": page, "persons": persons, "may_write": may_write,
               "categories": Category.choices,
               "category": request.GET.get("category", ""), "person_id": person_id,
               "form": NoteForm(persons=persons, methods=selectors.active_methods()) if may_write else None,
               "children": [m.person for m in members if m.role == MemberRole.CHILD]}
    template = "logbook/family.html#page" if request.htmx and request.GET.get("before") else "logbook/family.html"
    return render(request, template, context)


def _int(value) -> int | None:
    return parse_int(value)


@require_POST
@login_required
@dossier
def note_create(request: SpalkRequest, family_id: int) -> HttpResponse:
    family = access_family(user=request.user, family_id=family_id)
    if not can_write_notes(user=request.user, family=family):
        raise PermissionDenied
    persons, methods = _persons(family), selectors.active_methods()
    form = NoteForm(request.POST, persons=persons, methods=methods)
    note = None
    if form.is_valid():
        try:
            note = services.note_create(actor=request.user, centre=family.centre, family=family,
                                        data=_note_input(form.cleaned_data, persons=persons, methods=methods))
        except DomainError as error:
            add_domain_error(form, error)
    if not request.htmx:
        if note is None:
            return render(request, "logbook/family.html", {
                "family": family, "form": form, "may_write": True, "persons": persons, "failed": True,
                "categories": Category.choices,
                "page": selectors.family_note_page(user=request.user, family=family)}, status=422)
        messages.success(request, _("Note saved."))
        return redirect("logbook:family", family_id=family.pk)
    if note is not None:
        form = NoteForm(persons=persons, methods=methods)
        note = selectors.note_list(notes=visible_notes(user=request.user, family=family).filter(pk=note.pk)).get()
    # htmx swaps only 2xx answers: the form with its errors comes back as 200
    return render(request, "logbook/family.html#composer", {"family": family, "form": form, "written": note,
                                                            "may_write": True})


@require_GET
@login_required
@dossier
def note_detail(request: SpalkRequest, note_id: int) -> HttpResponse:
    note = selectors.note_detail(note=access_note(user=request.user, note_id=note_id))
    audit_record(actor=request.user, action=AuditAction.VIEW, target=note, family=note.family)
    return render(request, "logbook/note.html", _note_context(request, note))


def _note_context(request: SpalkRequest, note, **extra) -> dict:
    try:
        access_note(user=request.user, note_id=note.pk, action=Action.EDIT)
        may_edit = True
    except PermissionDenied:
        may_edit = False
    context = {
        "note": note, "revisions": selectors.note_revisions(note=note), "may_edit": may_edit,
        "may_attach": may_edit or (note.family is not None and can_write_notes(user=request.user,
                                                                               family=note.family)),
        "correction_form": CorrectionForm(initial={"version": note.version, "text": note.text,
                                                   "category": note.category, "visibility": note.visibility}),
        "withhold_form": WithholdForm(initial={"version": note.version, "withheld": note.withheld_from_family,
                                               "withheld_reason": note.withheld_reason}),
        "attachment_form": AttachmentForm(),
    }
    context.update(extra)
    return context


@require_POST
@login_required
@dossier
def note_correct(request: SpalkRequest, note_id: int) -> HttpResponse:
    note = access_note(user=request.user, note_id=note_id, action=Action.EDIT)
    form = CorrectionForm(request.POST)
    return form_view(
        request, form, save=lambda d: services.note_correct(
            actor=request.user, note=note, version=d["version"], reason=d["reason"], text=d["text"],
            category=d["category"], visibility=d["visibility"]),
        success=reverse("logbook:note_detail", args=[note.pk]),
        message=_("Correction saved. The earlier text is kept in the history."), template="logbook/note.html",
        context=lambda: _note_context(request, selectors.note_detail(note=note), correction_form=form),
        invalid_status=422)


@require_POST
@login_required
@dossier
def note_withhold(request: SpalkRequest, note_id: int) -> HttpResponse:
    note = access_note(user=request.user, note_id=note_id, action=Action.EDIT)
    form = WithholdForm(request.POST)
    return form_view(
        request, form, save=lambda d: services.note_mark_withheld(
            actor=request.user, note=note, version=d["version"], withheld=d["withheld"], reason=d["withheld_reason"]),
        success=reverse("logbook:note_detail", args=[note.pk]), message=_("Saved."), template="logbook/note.html",
        context=lambda: _note_context(request, selectors.note_detail(note=note), withhold_form=form),
        invalid_status=422)


@require_POST
@login_required
@dossier
def attachment_add(request: SpalkRequest, note_id: int) -> HttpResponse:
    note = access_note(user=request.user, note_id=note_id)
    form = AttachmentForm(request.POST, request.FILES)
    return form_view(
        request, form, save=lambda d: services.attachment_add(actor=request.user, note=note, upload=d["file"]),
        success=reverse("logbook:note_detail", args=[note.pk]), message=_("Attachment added."),
        template="logbook/note.html",
        context=lambda: _note_context(request, selectors.note_detail(note=note), attachment_form=form),
        invalid_status=422)


@require_GET
@login_required
@dossier
def attachment_download(request: SpalkRequest, attachment_id: int) -> FileResponse:
    """Always a download (Content-Disposition: attachment), with the type judged from the content at upload."""
    attachment = access_attachment(user=request.user, attachment_id=attachment_id)
    audit_record(actor=request.user, action=AuditAction.EXPORT, target=attachment, family=attachment.note.family,
                 extra={"note_id": attachment.note_id})
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def care_moment_create(request: SpalkRequest, family_id: int) -> HttpResponse:
    family = access_family(user=request.user, family_id=family_id)
    if not can_write_notes(user=request.user, family=family):
        raise PermissionDenied
    members = family_members(family=family)
    children = [m.person for m in members if m.role == MemberRole.CHILD]
    parents = [m.person for m in members if m.role == MemberRole.PARENT]
    methods = selectors.active_methods()
    form = CareMomentForm(request.POST or None, children=children, parents=parents, methods=methods,
                          initial={"child": _int(request.GET.get("child"))})
    by_pk = {p.pk: p for p in children + parents}

    def save(data):
        obs = services.CareMomentInput(
            child=by_pk[data["child"]], parent=by_pk.get(data["parent"] or 0), moment_kind=data["moment_kind"],
            parent_action=data["parent_action"], child_signals=data["child_signals"],
            parent_response=data["parent_response"], practised=data["practised"], attunement=data["attunement"])
        services.care_moment_record(actor=request.user, family=family, obs=obs, moment=data["moment"],
                                    methods=[m for m in methods if m.pk in data["methods"]])
        return obs

    return form_view(
        request, form, save=save, message=_("Observation saved."),
        success=lambda obs: f"{reverse('logbook:care_moments', args=[family.pk])}?child={obs.child.pk}",
        template="logbook/care_moment_form.html", context={"family": family, "has_children": bool(children)},
        invalid_status=422)


@require_GET
@login_required
@dossier
def care_moments(request: SpalkRequest, family_id: int) -> HttpResponse:
    """A child's care-moment observations side by side over time."""
    family = access_family(user=request.user, family_id=family_id)
    children = [m.person for m in family_members(family=family) if m.role == MemberRole.CHILD]
    child_id = _int(request.GET.get("child")) or (children[0].pk if children else None)
    child = access_person(user=request.user, person_id=child_id) if child_id else None
    if child is not None and child.pk not in {c.pk for c in children}:
        raise Http404
    kind = request.GET.get("kind", "")
    rows = selectors.care_moment_comparison(user=request.user, family=family, child=child, kind=kind) if child else []
    audit_list_read(actor=request.user, action=AuditAction.VIEW, object_type="logbook.care_moment",
                    query={"family_id": family.pk, "child": child_id or "", "kind": kind}, count=len(rows),
                    family_ids=[family.pk])
    return render(request, "logbook/care_moments.html", {
        "family": family, "children": children, "child": child, "rows": rows, "kind": kind,
        "kinds": CareMomentKind.choices, "may_write": can_write_notes(user=request.user, family=family)})
