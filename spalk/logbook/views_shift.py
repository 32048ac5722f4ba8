"""Shift screens: the handover (read, confirm, write), shift tasks and incidents."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spalk.access.declare import dossier
from spalk.access.policy import (
    Action,
    access_family,
    access_handover,
    access_incident,
    access_living_group_centre,
    access_shift_task,
    can_write_notes,
    living_group_centres,
    note_writable_families,
    visible_handovers,
    visible_incidents,
    visible_units,
)
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_list_read, audit_record
from spalk.core.errors import DomainError
from spalk.core.forms import add_domain_error
from spalk.core.types import SpalkRequest
from spalk.families.models import MemberRole
from spalk.families.selectors import family_members
from spalk.logbook import handovers, incidents, selectors
from spalk.logbook.forms import HandoverEditForm, HandoverForm, IncidentFollowUpForm, IncidentForm, ShiftTaskForm
from spalk.logbook.shifts import coming_shift


def _handover_page(request: SpalkRequest, centre, handover, **extra) -> HttpResponse:
    units = list(visible_units(user=request.user).filter(centre=centre, is_active=True))
    day, shift = coming_shift(timezone.now())
    view = handovers.handover_view(user=request.user, handover=handover) if handover else None
    if handover is not None and view is not None:
        audit_list_read(actor=request.user, action=AuditAction.VIEW, object_type="logbook.handover",
                        query={"handover_id": handover.pk}, count=len(view.notes), family_ids=view.family_ids)
    context = {
        "centre": centre, "centre_ids": living_group_centres(user=request.user), "view": view,
        "recent": list(visible_handovers(user=request.user).filter(centre=centre).select_related("unit")
                       .order_by("-written_at")[:8]),
        # the other handovers of the same shift (the whole house, the units): one may hide another
        "same_shift": list(visible_handovers(user=request.user).filter(
            centre=centre, shift_date=handover.shift_date, shift=handover.shift).exclude(pk=handover.pk)
            .select_related("unit").order_by("unit__name")) if handover else [],
        "form": HandoverForm(units=units, initial={"shift_date": day, "shift": shift}),
        "edit_form": HandoverEditForm(prefix="edit", initial={"version": handover.version,
                                                              "summary": handover.summary})
        if handover else None,
        "task_form": ShiftTaskForm(prefix="task",
                                   families=note_writable_families(user=request.user).filter(centre=centre)
                                   .values_list("pk", "name")),
    }
    context.update(extra)
    return render(request, "logbook/handover.html", context, status=422 if extra else 200)


@require_GET
@login_required
@dossier
def handover_current(request: SpalkRequest) -> HttpResponse:
    """The newest handover of the centre (the one to read at the start of a shift) with what it covers."""
    centre = access_living_group_centre(user=request.user, centre_id=request.GET.get("centre"))
    return _handover_page(request, centre, _current_handover(request, centre))


def _current_handover(request: SpalkRequest, centre):
    """The handover to read now: the newest of the centre; when that one is for a unit, the whole house's
    handover of the same shift if there is one (the page links the other handovers of the shift)."""
    handovers_ = visible_handovers(user=request.user).filter(centre=centre).select_related(
        "unit", "written_by", "updated_by", "centre")
    newest = handovers_.order_by("-written_at").first()
    if newest is not None and newest.unit_id is not None:
        house = handovers_.filter(unit__isnull=True, shift_date=newest.shift_date, shift=newest.shift).first()
        return house or newest
    return newest


@require_GET
@login_required
@dossier
def handover_detail(request: SpalkRequest, handover_id: int) -> HttpResponse:
    handover = access_handover(user=request.user, handover_id=handover_id)
    return _handover_page(request, handover.centre, handover)


@require_POST
@login_required
@dossier
def handover_create(request: SpalkRequest) -> HttpResponse:
    centre = access_living_group_centre(user=request.user, centre_id=request.POST.get("centre"))
    units = {u.pk: u for u in visible_units(user=request.user).filter(centre=centre)}
    form = HandoverForm(request.POST, units=units.values())
    if form.is_valid():
        data = dict(form.cleaned_data)  # add_domain_error drops the field in error from cleaned_data
        try:
            handover = handovers.handover_write(actor=request.user, centre=centre, unit=units.get(data["unit"] or 0),
                                                summary=data["summary"], shift_date=data["shift_date"],
                                                shift=data["shift"] if data["shift_date"] else None)
        except DomainError as error:
            add_domain_error(form, error)
            if error.field == "shift":  # already written: link to it
                shift_date, shift = ((data["shift_date"], data["shift"]) if data["shift_date"]
                                     else coming_shift(timezone.now()))
                existing = visible_handovers(user=request.user).filter(
                    centre=centre, unit=units.get(data["unit"] or 0), shift_date=shift_date, shift=shift).first()
                return _handover_page(request, centre, _current_handover(request, centre), form=form,
                                      existing=existing)
        else:
            messages.success(request, _("Handover saved."))
            return redirect("logbook:handover", handover_id=handover.pk)
    return _handover_page(request, centre, _current_handover(request, centre), form=form)


@require_POST
@login_required
@dossier
def handover_edit(request: SpalkRequest, handover_id: int) -> HttpResponse:
    handover = access_handover(user=request.user, handover_id=handover_id)
    form = HandoverEditForm(request.POST, prefix="edit")
    if form.is_valid():
        try:
            handovers.handover_update(actor=request.user, handover=handover, version=form.cleaned_data["version"],
                                      summary=form.cleaned_data["summary"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Handover saved."))
            return redirect("logbook:handover", handover_id=handover.pk)
    return _handover_page(request, handover.centre, handover, edit_form=form)


@require_POST
@login_required
@dossier
def handover_read(request: SpalkRequest, handover_id: int) -> HttpResponse:
    handover = access_handover(user=request.user, handover_id=handover_id)
    handovers.handover_mark_read(actor=request.user, handover=handover)
    if request.htmx:
        receipts = list(handover.receipts.select_related("user").order_by("read_at"))
        return render(request, "logbook/handover.html#receipts", {"view": {"handover": handover,
                                                                            "receipts": receipts,
                                                                            "read_by_me": True}})
    messages.success(request, _("Marked as read."))
    return redirect("logbook:handover", handover_id=handover.pk)


@require_POST
@login_required
@dossier
def task_create(request: SpalkRequest) -> HttpResponse:
    centre = access_living_group_centre(user=request.user, centre_id=request.POST.get("centre"))
    families = {f.pk: f for f in note_writable_families(user=request.user).filter(centre=centre)}
    form = ShiftTaskForm(request.POST, prefix="task", families=[(f.pk, f.name) for f in families.values()])
    if form.is_valid():
        data = form.cleaned_data
        try:
            handovers.shift_task_create(actor=request.user, centre=centre, title=data["title"], due_at=data["due_at"],
                                        family=families.get(data["family"] or 0))
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Task planned."))
            return redirect(f"{reverse('logbook:handover_current')}?centre={centre.pk}")
    # the page again with the form as typed and its errors (nothing typed is lost)
    return _handover_page(request, centre, _current_handover(request, centre), task_form=form)


@require_POST
@login_required
@dossier
def task_done(request: SpalkRequest, task_id: int) -> HttpResponse:
    task = access_shift_task(user=request.user, task_id=task_id)
    task = handovers.shift_task_done(actor=request.user, task=task)
    if request.htmx:
        return render(request, "logbook/handover.html#task", {"task": task, "just_done": True})
    return redirect(f"{reverse('logbook:handover_current')}?centre={task.centre_id}")


@require_GET
@login_required
@dossier
def incident_list(request: SpalkRequest) -> HttpResponse:
    centre = access_living_group_centre(user=request.user, centre_id=request.GET.get("centre"))
    open_only = request.GET.get("all") != "1"
    rows = selectors.incident_list(incidents=visible_incidents(user=request.user).filter(centre=centre),
                                   open_only=open_only)
    audit_list_read(actor=request.user, action=AuditAction.VIEW, object_type="logbook.incident",
                    query={"centre_id": centre.pk, "open_only": open_only}, count=len(rows),
                    family_ids=sorted({i.family_id for i in rows if i.family_id}))
    return render(request, "logbook/incidents.html", {"centre": centre, "incidents": rows, "open_only": open_only,
                                                      "centre_ids": living_group_centres(user=request.user)})


def _incident_choices(request: SpalkRequest, centre, family_id):
    families = list(note_writable_families(user=request.user).filter(centre=centre).order_by("name"))
    family = access_family(user=request.user, family_id=family_id) if family_id else None
    persons = [m.person for m in family_members(family=family)
               if m.role in (MemberRole.PARENT, MemberRole.CHILD, MemberRole.NETWORK)] if family else []
    return families, family, persons


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def incident_create(request: SpalkRequest) -> HttpResponse:
    data = request.POST or None
    centre = access_living_group_centre(user=request.user,
                                        centre_id=(data or request.GET).get("centre"))
    family_id = (data or request.GET).get("family") or None
    families, family, persons = _incident_choices(request, centre, family_id)
    if family is not None and not can_write_notes(user=request.user, family=family):
        raise PermissionDenied
    if data is not None and "choose_family" in data:
        # "Choose" beside the family: the same form again for that family, with everything typed so far
        typed = {name: data.getlist(name) if name == "persons" else data.get(name) for name in IncidentForm.base_fields}
        form = IncidentForm(families=families, persons=persons, initial={**typed, "family": family_id})
        return render(request, "logbook/incident_form.html", {"centre": centre, "form": form, "family": family})
    form = IncidentForm(data, families=families, persons=persons, initial={"family": family.pk if family else None})
    if data is not None and form.is_valid():
        clean = form.cleaned_data
        by_pk = {p.pk: p for p in persons}
        entry = incidents.IncidentInput(
            kind=clean["kind"], severity=clean["severity"], description=clean["description"],
            occurred_at=clean["occurred_at"], actions_taken=clean["actions_taken"], follow_up=clean["follow_up"],
            follow_up_due=clean["follow_up_due"], persons=[by_pk[pk] for pk in clean["persons"] if pk in by_pk],
            others_involved=clean["others_involved"], withheld=clean["withheld"],
            withheld_reason=clean["withheld_reason"])
        try:
            incident = incidents.incident_report(actor=request.user, centre=centre, family=family, data=entry)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Incident reported. The team lead is informed when the severity calls "
                                        "for it."))
            # ?reported: the page tells the browser that the draft of this form is saved (drafts.js)
            return redirect(f"{reverse('logbook:incident_detail', args=[incident.pk])}?reported=1")
    return render(request, "logbook/incident_form.html", {"centre": centre, "form": form, "family": family},
                  status=422 if form.errors else 200)


@require_GET
@login_required
@dossier
def incident_detail(request: SpalkRequest, incident_id: int) -> HttpResponse:
    incident = selectors.incident_detail(incident=access_incident(user=request.user, incident_id=incident_id))
    audit_record(actor=request.user, action=AuditAction.VIEW, target=incident, family=incident.family)
    return _incident_page(request, incident)


def _incident_page(request: SpalkRequest, incident, form=None) -> HttpResponse:
    try:
        access_incident(user=request.user, incident_id=incident.pk, action=Action.EDIT)
        may_edit = True
    except PermissionDenied:
        may_edit = False
    form = form or IncidentFollowUpForm(initial={
        "version": incident.version, "severity": incident.severity, "actions_taken": incident.actions_taken,
        "follow_up": incident.follow_up, "follow_up_due": incident.follow_up_due})
    return render(request, "logbook/incident.html", {"incident": incident, "may_edit": may_edit, "form": form},
                  status=422 if form.errors else 200)


@require_POST
@login_required
@dossier
def incident_follow_up(request: SpalkRequest, incident_id: int) -> HttpResponse:
    incident = access_incident(user=request.user, incident_id=incident_id, action=Action.EDIT)
    form = IncidentFollowUpForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            incidents.incident_update(actor=request.user, incident=incident, version=data["version"],
                                      actions_taken=data["actions_taken"], follow_up=data["follow_up"],
                                      follow_up_due=data["follow_up_due"], severity=data["severity"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("logbook:incident_detail", incident_id=incident.pk)
    return _incident_page(request, selectors.incident_detail(incident=incident), form)


@require_POST
@login_required
@dossier
def incident_close(request: SpalkRequest, incident_id: int) -> HttpResponse:
    incident = access_incident(user=request.user, incident_id=incident_id, action=Action.EDIT)
    try:
        incidents.incident_close(actor=request.user, incident=incident, version=int(request.POST.get("version", 0)),
                                 reopen=request.POST.get("reopen") == "1")
    except DomainError as error:
        messages.error(request, error.message)
    except ValueError:
        messages.error(request, _("Reload the page and try again."))
    return redirect("logbook:incident_detail", incident_id=incident.pk)
