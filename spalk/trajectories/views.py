"""Screens of a family's trajectory: admission, phases, modules, stays, closure and supporters."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from spalk.access.declare import dossier, staff_only
from spalk.access.policy import (
    Action,
    access_allocation,
    access_episode,
    access_family,
    access_stay_centre,
    access_supporter,
    access_trajectory,
    access_trajectory_to_close,
    allowed_actions,
    visible_units,
)
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.core.forms import DateField, form_view
from spalk.families.models import MemberRole
from spalk.families.selectors import family_members
from spalk.stays import selectors as stay_selectors
from spalk.trajectories import forms, selectors, services, supporters


def _stay_members(family):
    return [m for m in family_members(family=family) if m.role in (MemberRole.PARENT, MemberRole.CHILD)]


def _units(request, family):
    return list(visible_units(user=request.user).filter(centre_id=family.centre_id, is_active=True).order_by("name"))


def _date(value):
    """A date typed in a form field (dd/mm/jjjj or ISO), or None when it does not parse."""
    from django.core.exceptions import ValidationError

    try:
        return DateField(required=False).clean(value or "")
    except ValidationError:
        return None


def _family_url(family_id: int) -> str:
    return reverse("families:detail", kwargs={"family_id": family_id})


def _form_page(request, form, *, family, title: str, submit: str, save, done: str, intro: str = "", **options):
    """A trajectory form: on success back to the family page with ``done`` (and the outcome's warnings)."""
    return form_view(request, form, save=save, success=_family_url(family.pk), message=done,
                     template="trajectories/form.html",
                     context={"family": family, "title": title, "submit": submit, "intro": intro}, **options)


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def admit(request: HttpRequest, family_id: int) -> HttpResponse:
    family = access_family(user=request.user, family_id=family_id, action=Action.EDIT)
    members = _stay_members(family)
    units = _units(request, family)
    data = request.POST if request.method == "POST" else request.GET
    start, end = _date(data.get("admitted_on")) or timezone.localdate(), _date(data.get("planned_end"))
    availability = (stay_selectors.unit_availability(units=units, start=start, end=end)
                    if end is not None and end > start else None)
    form = forms.AdmitForm(request.POST or None, units=units, members=members, availability=availability,
                           initial={k: data[k] for k in ("admitted_on", "planned_end", "unit") if data.get(k)})
    if request.method == "GET" and getattr(request, "htmx", False):
        # the dates changed: only the unit field, with which units are free for the new period
        return render(request, "trajectories/admit.html#unit-field", {"form": form, "family": family})

    def save(d):
        if d.get("with_stay"):
            return services.trajectory_admit_with_stay(
                actor=request.user, family=family, admitted_on=d["admitted_on"], phase=d["phase"],
                frequency=d["frequency"], unit=next(u for u in units if u.pk == d["unit"]), care=d["care"],
                planned_end=d["planned_end"], members=[m for m in members if m.pk in d["members"]])
        return services.trajectory_admit(actor=request.user, family=family, admitted_on=d["admitted_on"],
                                         phase=d["phase"], frequency=d["frequency"])

    return form_view(request, form, save=save, success=_family_url(family.pk), message=_("Family admitted."),
                     template="trajectories/admit.html", context={"family": family})


@require_GET
@login_required
@dossier
def detail(request: HttpRequest, trajectory_id: int) -> HttpResponse:
    trajectory = access_trajectory(user=request.user, trajectory_id=trajectory_id)
    trajectory = selectors.trajectory_get(trajectory=trajectory)
    audit_record(actor=request.user, action=AuditAction.VIEW, target=trajectory)
    today = timezone.localdate()
    return render(request, "trajectories/detail.html", {
        "trajectory": trajectory, "family": trajectory.family, "today": today,
        "can_edit": Action.EDIT in allowed_actions(user=request.user, family=trajectory.family),
        "warnings": services.stay_warnings(episodes=list(trajectory.episodes.all()),
                                           centre_id=trajectory.centre_id, today=today),
        "end_form": forms.EpisodeEndForm(),
    })


def _trajectory_form(request, trajectory_id, form_class, *, title, submit, act, done, intro="", checks=None,
                     confirm=None, access=None, **form_kwargs):
    trajectory = (access or _access_to_edit)(user=request.user, trajectory_id=trajectory_id)
    form = form_class(request.POST or None, **{k: v(trajectory) if callable(v) else v for k, v in form_kwargs.items()})
    return _form_page(request, form, family=trajectory.family, title=title, submit=submit, intro=intro, done=done,
                      save=lambda d: act(trajectory, d),
                      checks=(lambda d: checks(trajectory, d)) if checks else None,
                      confirm=confirm(trajectory) if callable(confirm) else confirm, confirm_button=submit)


def _access_to_edit(*, user, trajectory_id):
    return access_trajectory(user=user, trajectory_id=trajectory_id, action=Action.EDIT)


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def close(request: HttpRequest, trajectory_id: int) -> HttpResponse:
    return _trajectory_form(
        request, trajectory_id, forms.CloseForm, title=_("Close the trajectory"), submit=_("Close the trajectory"),
        access=access_trajectory_to_close,
        intro=_("Every module and stay ends on the closing date. The trajectory supporter stays reachable."),
        act=lambda t, d: services.trajectory_close(actor=request.user, trajectory=t, **d),
        checks=lambda t, d: services.trajectory_close_problems(
            trajectory=t, closed_on=d.get("closed_on"), reason=d.get("reason"), destination=d.get("destination")),
        confirm=lambda t: _("Close the trajectory of %(family)s? Every module and stay ends on the closing date.")
        % {"family": t.family.name},
        done=_("Trajectory closed."))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def reopen(request: HttpRequest, trajectory_id: int) -> HttpResponse:
    return _trajectory_form(
        request, trajectory_id, forms.ReopenForm, title=_("Reopen the trajectory"), submit=_("Reopen"),
        act=lambda t, d: services.trajectory_reopen(actor=request.user, trajectory=t, **d),
        done=_("Trajectory reopened."))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def residence(request: HttpRequest, trajectory_id: int) -> HttpResponse:
    trajectory = access_trajectory(user=request.user, trajectory_id=trajectory_id, action=Action.EDIT)
    units = _units(request, trajectory.family)
    members = _stay_members(trajectory.family)

    def act(t, d):
        return services.switch_to_residence(
            actor=request.user, trajectory=t, unit=next(u for u in units if u.pk == d["unit"]), care=d["care"],
            members=[m for m in members if m.pk in d["members"]], start_date=d["start_date"],
            planned_end=d["planned_end"])

    return _trajectory_form(request, trajectory_id, forms.StayFields, title=_("Move in (switch to residence)"),
                            submit=_("Move in"), act=act, done=_("The family moves in."), units=units, members=members)


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def home(request: HttpRequest, trajectory_id: int) -> HttpResponse:
    return _trajectory_form(
        request, trajectory_id, forms.HomeForm, title=_("Switch to home support"), submit=_("Switch to home support"),
        intro=_("The stay ends; contextbegeleiding continues in the same trajectory."),
        act=lambda t, d: services.switch_to_home(actor=request.user, trajectory=t, **d),
        done=_("The family is supported at home again."))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def phase(request: HttpRequest, trajectory_id: int) -> HttpResponse:
    return _trajectory_form(
        request, trajectory_id, forms.PhaseForm, title=_("Next phase"), submit=_("Save"),
        act=lambda t, d: services.phase_change(actor=request.user, trajectory=t, **d), done=_("Phase changed."))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def episode_add(request: HttpRequest, trajectory_id: int) -> HttpResponse:
    trajectory = access_trajectory(user=request.user, trajectory_id=trajectory_id, action=Action.EDIT)
    members = _stay_members(trajectory.family)

    def act(t, d):
        member_id = d.pop("member")
        member = next(m for m in members if m.pk == member_id)
        return services.episode_start(actor=request.user, trajectory=t, member=member, **d)

    return _trajectory_form(request, trajectory_id, forms.EpisodeForm, title=_("Start a module"), submit=_("Start"),
                            act=act, done=_("Module started."), members=members)


@require_http_methods(["POST"])
@login_required
@dossier
def episode_end(request: HttpRequest, episode_id: int) -> HttpResponse:
    episode = access_episode(user=request.user, episode_id=episode_id, action=Action.EDIT)
    form = forms.EpisodeEndForm(request.POST)
    name = episode.member.person.full_name
    return _form_page(
        request, form, family=episode.trajectory.family, title=_("End a module"), submit=_("End the module"),
        intro=_("%(module)s of %(name)s.") % {"module": episode.get_module_code_display(), "name": name},
        save=lambda d: services.episode_end(actor=request.user, episode=episode, end_date=d["end_date"]),
        done=_("Module ended."), confirm_button=_("Yes, end the module"),
        confirm=_("End %(module)s of %(name)s? The module stops on the date you chose.")
        % {"module": episode.get_module_code_display(), "name": name})


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def stay_end(request: HttpRequest, allocation_id: int) -> HttpResponse:
    """Vertrekdatum wijzigen: the unit's departure and the stay modules' planned end move together."""
    allocation = access_allocation(user=request.user, allocation_id=allocation_id, action=Action.EDIT)
    form = forms.StayEndForm(request.POST or None, initial={"end": allocation.period.upper})
    intro = _("Stay in %(unit)s from %(start)s to %(end)s.") % {
        "unit": allocation.unit.name, "start": services.fmt(allocation.period.lower),
        "end": services.fmt(allocation.period.upper)}
    return form_view(
        request, form, save=lambda d: services.stay_change_end(actor=request.user, allocation=allocation, end=d["end"]),
        success=_family_url(allocation.family_id), template="trajectories/form.html",
        message=lambda change: _("Departure date changed.") if change.allocation else _("The stay was cancelled."),
        context={"family": allocation.family, "title": _("Change departure date"), "submit": _("Save"),
                 "intro": intro})


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def supporter_add(request: HttpRequest, family_id: int) -> HttpResponse:
    family = access_family(user=request.user, family_id=family_id, action=Action.EDIT)
    staff = list(selectors.supporter_candidates(centre_id=family.centre_id, today=timezone.localdate()))
    today = timezone.localdate()
    children = [m for m in family_members(family=family) if supporters.own_supporter_possible(m, on=today)]
    form = forms.SupporterForm(request.POST or None, staff=staff, children=children)

    def save(d):
        person = next((m.person for m in children if m.person_id == d["person"]), None)
        user = next(u for u in staff if u.pk == d["user"])
        return supporters.supporter_assign(
            actor=request.user, family=family, user=user, start_date=d["start_date"], scope=d["scope"],
            person=person, agreement=d["agreement"], agreement_note=d["agreement_note"],
            contacts_per_month=d["contacts_per_month"], change_reason=d["change_reason"])

    return _form_page(request, form, family=family, title=_("Trajectory supporter"), submit=_("Save"), save=save,
                      done=_("Trajectory supporter saved."),
                      intro=_("One fixed supporter per family at a time; a child may have their own. The family "
                              "co-decides: record their say."))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def supporter_end(request: HttpRequest, supporter_id: int) -> HttpResponse:
    supporter = access_supporter(user=request.user, supporter_id=supporter_id, action=Action.EDIT)
    form = forms.SupporterEndForm(request.POST or None)
    return _form_page(request, form, family=supporter.family, submit=_("Save"),
                      title=_("End the support of this trajectory supporter"),
                      save=lambda d: supporters.supporter_end(actor=request.user, supporter=supporter, **d),
                      done=_("Saved."))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def intensity(request: HttpRequest, supporter_id: int) -> HttpResponse:
    supporter = access_supporter(user=request.user, supporter_id=supporter_id, action=Action.EDIT)
    form = forms.IntensityForm(request.POST or None)
    return _form_page(request, form, family=supporter.family, title=_("Intensity of the support"), submit=_("Save"),
                      save=lambda d: supporters.intensity_set(actor=request.user, supporter=supporter, **d),
                      done=_("Saved."))


@require_http_methods(["GET", "POST"])
@login_required
@staff_only("trajectory settings of the user's own centre (no dossier data); only the director changes them")
def centre_settings(request: HttpRequest) -> HttpResponse:
    centre = access_stay_centre(user=request.user, centre_id=request.GET.get("centre"))
    if centre.pk not in selectors.settings_editable_centres(user=request.user):
        raise PermissionDenied
    current = services.settings_for(centre.pk)
    version = current.version if current.pk else 1
    form = forms.CentreSettingsForm(request.POST or None, instance=current if request.method == "GET" else None,
                                    initial={"version": version})
    return form_view(
        request, form, save=lambda d: services.settings_update(
            actor=request.user, centre=centre, data={k: d[k] for k in services.SETTINGS_FIELDS},
            version=d.get("version") or 0),
        success=f"{reverse('stays:dashboard')}?centre={centre.pk}", message=_("Settings saved."),
        template="trajectories/centre_settings.html", context={"centre": centre})
