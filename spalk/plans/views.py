"""Plan screens: a trajectory's plan, the plan page (readable on a phone), the editor with autosave and conflict
detection, signing, a new version and the differences between versions, evaluation rounds, deadlines, settings.

Autosave: each goal (and the plan's own fields) is its own form that htmx posts on change; the answer swaps
only the save status and the hidden ``row_version`` (out of band), so the text being typed is never replaced.
A stale ``row_version`` is a conflict: the status shows what the other person saved and offers to save one's
own text over it on purpose — two workers never silently overwrite each other.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spalk.access.declare import dossier, staff_only
from spalk.access.policy import (
    Action,
    access_goal,
    access_plan,
    access_stay_centre,
    access_trajectory,
    can,
    plan_settings_centres,
    visible_trajectories,
)
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_list_read, audit_record
from spalk.core.errors import ConcurrentEditError
from spalk.core.forms import form_view
from spalk.core.types import SpalkRequest
from spalk.families.selectors import family_members
from spalk.network import selectors as network_selectors
from spalk.plans import deadlines, evaluations, forms, selectors, services
from spalk.plans import page as page_rows
from spalk.plans.models import Goal, Plan


def _persons(plan: Plan):
    return [m.person for m in family_members(family=plan.family)]


def _methods():
    from spalk.methods.models import Method

    return list(Method.objects.filter(is_active=True).select_related("area"))


def _plan_context(request: SpalkRequest, plan: Plan) -> dict:
    page = selectors.plan_get(user=request.user, plan=plan)
    goals = page.goals
    may_edit = can(user=request.user, family=plan.family, action=Action.EDIT)
    versions = selectors.plan_versions(plan=plan)
    newest = versions[0] if versions else plan
    history = evaluations.evaluation_history(user=request.user, plan=plan, lineages=[g.lineage for g in goals])
    return {
        "plan": plan, "family": plan.family, "trajectory": plan.trajectory, "goals": goals,
        "goal_rows": page_rows.goal_rows(goals=goals, history=history),
        "signatories": page.signatories,
        "versions": versions, "is_newest": newest.pk == plan.pk,
        "may_edit": may_edit and not plan.is_signed,
        "may_sign": may_edit and not plan.is_signed and bool(goals),
        "may_revise": may_edit and plan.is_signed and newest.pk == plan.pk and plan.trajectory.is_open,
        "may_evaluate": may_edit and plan.is_signed and bool(goals),
        "reports": selectors.trajectory_reports(user=request.user, trajectory=plan.trajectory),
        "may_write_report": may_edit,
        "deadlines": deadlines.deadlines_of(trajectory=plan.trajectory, today=timezone.localdate()),
        "network_agreements": network_selectors.open_agreements(user=request.user, family=plan.family),
    }


@require_GET
@login_required
@dossier
def trajectory_plan(request: SpalkRequest, trajectory_id: int) -> HttpResponse:
    """The newest version of the trajectory's plan, or the page to start one."""
    trajectory = access_trajectory(user=request.user, trajectory_id=trajectory_id)
    plans = selectors.trajectory_plans(trajectory=trajectory)
    if plans:
        return redirect("plans:detail", plan_id=plans[0].pk)
    audit_record(actor=request.user, action=AuditAction.VIEW, target=trajectory, object_type="plans.plan")
    return render(request, "plans/start.html", {
        "trajectory": trajectory, "family": trajectory.family,
        "may_edit": trajectory.is_open and can(user=request.user, family=trajectory.family, action=Action.EDIT)})


@require_POST
@login_required
@dossier
def plan_create(request: SpalkRequest, trajectory_id: int) -> HttpResponse:
    trajectory = access_trajectory(user=request.user, trajectory_id=trajectory_id, action=Action.EDIT)
    from django import forms as django_forms

    return form_view(request, django_forms.Form(request.POST),
                     save=lambda _d: services.plan_create(actor=request.user, trajectory=trajectory),
                     success=lambda plan: reverse("plans:edit", args=[plan.pk]), message=_("Plan started."),
                     template="plans/start.html", context={"trajectory": trajectory, "family": trajectory.family,
                                                           "may_edit": True})


@require_GET
@login_required
@dossier
def plan_detail(request: SpalkRequest, plan_id: int) -> HttpResponse:
    plan = access_plan(user=request.user, plan_id=plan_id)
    return render(request, "plans/detail.html", _plan_context(request, plan))


def _goal_form(goal: Goal | None, plan: Plan, data=None) -> forms.GoalForm:
    initial = {}
    actions = list(goal.actions.all()) if goal is not None else []
    if goal is not None:
        initial = {"person": str(goal.person_id or ""), "life_domain": goal.life_domain,
                   "family_words": goal.family_words, "worker_words": goal.worker_words,
                   "parent_view": goal.parent_view, "child_view": goal.child_view,
                   "child_view_source": goal.child_view_source, "status": goal.status,
                   "methods": [str(m.pk) for m in goal.methods.all()], "row_version": goal.row_version,
                   "withheld": goal.withheld_from_family, "withheld_reason": goal.withheld_reason}
        for i, a in enumerate(actions):
            initial.update({f"action_who_{i}": a.who, f"action_what_{i}": a.what, f"action_due_{i}": a.due_on,
                            f"action_done_{i}": a.done_on})
    prefix = f"g{goal.pk}" if goal is not None else "new"
    return forms.GoalForm(data, initial=initial, persons=_persons(plan), methods=_methods(),
                          action_rows=len(actions), prefix=prefix)


def _goal_input(plan: Plan, d: dict, form: forms.GoalForm) -> services.GoalInput:
    from spalk.methods.models import Method

    person = services.family_person(plan=plan, person_id=int(d["person"]) if d.get("person") else None)
    method_ids = [int(v) for v in d.get("methods") or []]
    methods = list(Method.objects.filter(pk__in=method_ids)) if method_ids else []
    return services.GoalInput(
        life_domain=d["life_domain"], family_words=d.get("family_words", ""), worker_words=d.get("worker_words", ""),
        person=person, parent_view=d.get("parent_view", ""), child_view=d.get("child_view", ""),
        child_view_source=d.get("child_view_source", ""), status=d.get("status") or "open", methods=methods,
        actions=[services.ActionInput(**a) for a in form.actions()], withheld=bool(d.get("withheld")),
        withheld_reason=d.get("withheld_reason") or "")


@require_GET
@login_required
@dossier
def plan_edit(request: SpalkRequest, plan_id: int) -> HttpResponse:
    plan = access_plan(user=request.user, plan_id=plan_id, action=Action.EDIT)
    if plan.is_signed:
        return redirect("plans:detail", plan_id=plan.pk)
    context = _plan_context(request, plan)
    context["plan_form"] = forms.PlanForm(initial={"agreements": plan.agreements, "discussed_on": plan.discussed_on,
                                                   "row_version": plan.row_version}, prefix="plan")
    context["goal_forms"] = [(g, _goal_form(g, plan)) for g in context["goals"]]
    return render(request, "plans/edit.html", context)


def _frozen(request: SpalkRequest, plan: Plan) -> HttpResponse:
    if request.htmx:
        return render(request, "plans/_save_status.html", {"frozen": True, "target": "plan", "plan": plan})
    return redirect("plans:detail", plan_id=plan.pk)


@require_POST
@login_required
@dossier
def plan_save(request: SpalkRequest, plan_id: int) -> HttpResponse:
    """Autosave of the plan's own fields (htmx), or the plain form post."""
    plan = access_plan(user=request.user, plan_id=plan_id, action=Action.EDIT)
    if plan.is_signed:
        return _frozen(request, plan)
    form = forms.PlanForm(request.POST, prefix="plan")
    conflict = _Conflict()

    def done(saved: Plan):
        if request.htmx:
            return render(request, "plans/_save_status.html", {"target": "plan", "saved": saved, "plan": saved})
        return reverse("plans:edit", args=[saved.pk])

    return form_view(
        request, form, save=conflict.watch(lambda d: services.plan_update(
            actor=request.user, plan=plan, row_version=d.get("overwrite_version") or d["row_version"],
            agreements=d.get("agreements", ""), discussed_on=d.get("discussed_on"))),
        success=done, message=None if request.htmx else _("Saved."),
        template="plans/_save_status.html" if request.htmx else "plans/plan_form.html",
        context=lambda: {"target": "plan", "plan": plan, "current": selectors.plan_fresh(plan=plan),
                         "conflict": conflict.seen, "family": plan.family})


class _Conflict:
    """Remembers whether a save ran into someone else's newer version (to show what they saved)."""

    def __init__(self) -> None:
        self.seen = False

    def watch(self, save):
        def run(d):
            try:
                return save(d)
            except ConcurrentEditError:
                self.seen = True
                raise
        return run


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def goal_new(request: SpalkRequest, plan_id: int) -> HttpResponse:
    plan = access_plan(user=request.user, plan_id=plan_id, action=Action.EDIT)
    if plan.is_signed:
        return _frozen(request, plan)
    form = _goal_form(None, plan, request.POST or None)
    return form_view(
        request, form, save=lambda d: services.goal_add(actor=request.user, plan=plan,
                                                          data=_goal_input(plan, d, form)),
        checks=lambda d: services.goal_problems(plan=plan, data=_goal_input(plan, d, form),
                                                today=timezone.localdate()) if "life_domain" in d else [],
        success=lambda goal: reverse("plans:edit", args=[plan.pk]) + f"#goal-{goal.pk}",
        message=_("Goal added."), template="plans/goal_form.html",
        context={"plan": plan, "family": plan.family})


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def goal_save(request: SpalkRequest, goal_id: int) -> HttpResponse:
    """Autosave of one goal (htmx); without JavaScript the goal's own form page."""
    goal = access_goal(user=request.user, goal_id=goal_id, action=Action.EDIT)
    plan = goal.plan
    if plan.is_signed:
        return _frozen(request, plan)
    form = _goal_form(goal, plan, request.POST or None)
    conflict = _Conflict()

    @conflict.watch
    def save(d):
        row_version = d.get("overwrite_version") or d.get("row_version")
        return services.goal_update(actor=request.user, goal=goal, data=_goal_input(plan, d, form),
                                    row_version=row_version)

    def done(saved: Goal):
        if request.htmx:
            return render(request, "plans/_save_status.html", {"target": f"goal-{saved.pk}", "saved": saved,
                                                               "plan": plan, "goal": saved})
        return reverse("plans:edit", args=[plan.pk]) + f"#goal-{saved.pk}"

    def context():
        current = selectors.goal_fresh(goal=goal)
        return {"target": f"goal-{goal.pk}", "plan": plan, "goal": goal, "current": current,
                "conflict": conflict.seen, "family": plan.family}

    return form_view(request, form, save=save, success=done, message=None if request.htmx else _("Saved."),
                     template="plans/_save_status.html" if request.htmx else "plans/goal_form.html",
                     context=context)


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def goal_remove(request: SpalkRequest, goal_id: int) -> HttpResponse:
    goal = access_goal(user=request.user, goal_id=goal_id, action=Action.EDIT)
    plan = goal.plan
    if plan.is_signed:
        return _frozen(request, plan)
    from django import forms as django_forms

    return form_view(request, django_forms.Form(request.POST if request.method == "POST" else None),
                     save=lambda _d: services.goal_remove(actor=request.user, goal=goal),
                     confirm=_("Remove this goal from the draft plan?"), confirm_button=_("Yes, remove"),
                     success=reverse("plans:edit", args=[plan.pk]), message=_("Goal removed."),
                     template="plans/goal_remove.html", context={"plan": plan, "goal": goal, "family": plan.family})


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def plan_sign(request: SpalkRequest, plan_id: int) -> HttpResponse:
    plan = access_plan(user=request.user, plan_id=plan_id, action=Action.EDIT)
    if plan.is_signed:
        return redirect("plans:detail", plan_id=plan.pk)
    members = services.family_signatory_candidates(family_id=plan.family_id)
    staff = selectors.staff_signatory_candidates(plan=plan, actor=request.user)
    form = forms.SignForm(request.POST or None, members=members, staff=staff,
                          initial={"row_version": plan.row_version, "signed_on": timezone.localdate(),
                                   "staff": [str(request.user.pk)]})

    def signatories(d):
        return services.signatories_from_ids(plan=plan, items=[(int(p), None) for p in d.get("family") or []]
                                             + [(None, int(u)) for u in d.get("staff") or []])

    return form_view(
        request, form,
        save=lambda d: services.plan_sign(actor=request.user, plan=plan, signed_on=d["signed_on"],
                                          signatories=signatories(d), row_version=d["row_version"]),
        checks=lambda d: services.plan_sign_problems(plan=plan, signed_on=d.get("signed_on"),
                                                     signatories=signatories(d)) if "signed_on" in d else [],
        success=reverse("plans:detail", args=[plan.pk]),
        message=_("The signatures are recorded. This version of the plan is now frozen."),
        template="plans/sign.html", context=lambda: _plan_context(request, plan))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def plan_revise(request: SpalkRequest, plan_id: int) -> HttpResponse:
    plan = access_plan(user=request.user, plan_id=plan_id, action=Action.EDIT)
    from django import forms as django_forms

    return form_view(request, django_forms.Form(request.POST if request.method == "POST" else None),
                     save=lambda _d: services.plan_revise(actor=request.user, plan=plan),
                     confirm=_("Start version %(n)s? Version %(v)s stays as it was signed.")
                     % {"n": plan.version + 1, "v": plan.version}, confirm_button=_("Start the new version"),
                     success=lambda new: reverse("plans:edit", args=[new.pk]),
                     message=_("New version started as a copy of the signed plan."),
                     template="plans/detail.html", context=lambda: _plan_context(request, plan))


@require_GET
@login_required
@dossier
def plan_diff(request: SpalkRequest, plan_id: int) -> HttpResponse:
    """What changed in this version compared with the previous one (or ``?against=<plan id>``)."""
    plan = access_plan(user=request.user, plan_id=plan_id)
    versions = selectors.plan_versions(plan=plan)
    against_id = request.GET.get("against")
    older = next((p for p in versions if str(p.pk) == against_id), None) if against_id else None
    if older is None:
        older = next((p for p in versions if p.version == plan.version - 1), None)
    diff = selectors.plan_diff(user=request.user, old=older, new=plan) if older is not None else []
    return render(request, "plans/diff.html", {"plan": plan, "older": older, "diff": diff, "versions": versions,
                                               "family": plan.family})


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def plan_evaluate(request: SpalkRequest, plan_id: int) -> HttpResponse:
    plan = access_plan(user=request.user, plan_id=plan_id, action=Action.EDIT)
    if not plan.is_signed:
        raise PermissionDenied
    goals = list(selectors.goals_of(user=request.user, plan=plan))
    notes = selectors.recent_notes(user=request.user, family=plan.family)
    form = forms.EvaluateForm(request.POST or None, goals=goals, notes=notes,
                              initial={"evaluated_on": timezone.localdate()})
    return form_view(
        request, form,
        save=lambda d: evaluations.evaluation_round(
            actor=request.user, plan=plan, evaluated_on=d.get("evaluated_on"),
            items=[evaluations.EvaluationInput(**item) for item in form.items()]),
        success=reverse("plans:detail", args=[plan.pk]) + "#evaluations",
        message=lambda rows: _("Evaluation saved for %(n)s goals.") % {"n": len(rows)},
        template="plans/evaluate.html", context={"plan": plan, "family": plan.family})


@require_GET
@login_required
@dossier
def overview(request: SpalkRequest) -> HttpResponse:
    """Every open trajectory this person may see with its plan deadlines, the most urgent first."""
    rows = deadlines.trajectory_deadlines(trajectories=visible_trajectories(user=request.user),
                                          today=timezone.localdate())
    rows.sort(key=lambda pair: (min((d.due_on for d in pair[1]), default=timezone.localdate()),
                                pair[0].family.name))
    audit_list_read(actor=request.user, action=AuditAction.VIEW, object_type="plans.deadline", query={},
                    count=len(rows), family_ids=[t.family_id for t, _d in rows])
    return render(request, "plans/overview.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@login_required
@staff_only("plan settings of the user's own centre (no dossier data); directors and team leads change them")
def plan_settings(request: SpalkRequest) -> HttpResponse:
    centre = access_stay_centre(user=request.user, centre_id=request.GET.get("centre"))
    if centre.pk not in plan_settings_centres(user=request.user):
        raise PermissionDenied
    current = services.plan_settings_for(centre.pk)
    form = forms.PlanSettingsForm(request.POST or None, instance=current if request.method == "GET" else None,
                                  initial={"version": current.version})
    return form_view(
        request, form, save=lambda d: services.plan_settings_update(
            actor=request.user, centre=centre, data={k: d[k] for k in services.SETTINGS_FIELDS},
            version=d.get("version")),
        success=f"{reverse('plans:settings')}?centre={centre.pk}", message=_("Settings saved."),
        template="plans/settings.html", context={"centre": centre})

