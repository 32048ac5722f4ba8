"""Safety screens: a family's safety page (plan, safety persons, contact restrictions, and for those who do the
safety work its mappings and Kindreflex procedures), the plan and restriction forms, Signs of Safety mappings.
Kindreflex screens are in ``views_kindreflex``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spalk.access.declare import dossier
from spalk.access.policy import (
    Action,
    access_contact_restriction,
    access_family,
    access_safety_mapping,
    access_safety_person,
    access_safety_plan,
    allowed_actions,
    can_do_safety_work,
)
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.core.errors import DomainError
from spalk.core.forms import add_domain_error, form_view
from spalk.safety import selectors, services
from spalk.safety.forms import (
    CloseMappingForm,
    EndForm,
    EntryForm,
    MappingForm,
    RestrictionForm,
    ReviewForm,
    SafetyPersonForm,
    SafetyPlanForm,
    ScoreForm,
)
from spalk.safety.models import RESTRICTION_FIELDS_FORM, SafetyPlan


def family_url(family_id: int) -> str:
    return reverse("safety:family", args=[family_id])


def _without(data: dict, *keys: str) -> dict:
    return {k: v for k, v in data.items() if k not in keys}


@require_GET
@login_required
@dossier
def family(request: HttpRequest, family_id: int) -> HttpResponse:
    family = access_family(user=request.user, family_id=family_id)
    today = timezone.localdate()
    ctx = selectors.family_safety_page(user=request.user, family=family, today=today)
    audit_record(actor=request.user, action=AuditAction.VIEW, target=family, object_type="safety.family",
                 object_id=family.pk)
    return render(request, "safety/family.html", {**ctx, "family": family,
                                                  "can_edit": Action.EDIT in allowed_actions(user=request.user,
                                                                                             family=family)})


# --- Safety plan ---------------------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@login_required
@dossier
def plan_create(request: HttpRequest, family_id: int) -> HttpResponse:
    family = access_family(user=request.user, family_id=family_id, action=Action.EDIT)
    today = timezone.localdate()
    form = SafetyPlanForm(request.POST or None, initial={"agreed_on": today})
    return form_view(request, form, template="safety/plan_form.html", context={"family": family},
                     save=lambda d: services.safety_plan_create(actor=request.user, family=family,
                                                                data=_without(d, "version")),
                     success=lambda p: reverse("safety:plan", args=[p.pk]), message=_("Safety plan saved."))


@require_GET
@login_required
@dossier
def plan(request: HttpRequest, safety_plan_id: int) -> HttpResponse:
    plan = access_safety_plan(user=request.user, plan_id=safety_plan_id)
    detail = selectors.plan_detail(plan=plan)
    audit_record(actor=request.user, action=AuditAction.VIEW, target=plan, family=plan.family)
    return render(request, "safety/plan.html", {
        "plan": detail, "family": plan.family, "today": timezone.localdate(),
        "work": can_do_safety_work(user=request.user, family=plan.family),
        "can_edit": Action.EDIT in allowed_actions(user=request.user, family=plan.family) and plan.is_current})


def _plan_initial(plan: SafetyPlan) -> dict:
    return {"agreed_on": plan.agreed_on, "review_on": plan.review_on, "note": plan.note,
            "rules": "\n".join(r.text for r in plan.rules.all()), "version": plan.version,
            "withheld_from_family": plan.withheld_from_family, "withheld_reason": plan.withheld_reason}


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def plan_edit(request: HttpRequest, safety_plan_id: int) -> HttpResponse:
    plan = access_safety_plan(user=request.user, plan_id=safety_plan_id, action=Action.EDIT)
    form = SafetyPlanForm(request.POST or None, initial=_plan_initial(plan))
    return form_view(request, form, template="safety/plan_form.html", context={"family": plan.family, "plan": plan},
                     save=lambda d: services.safety_plan_update(actor=request.user, plan=plan,
                                                                data=_without(d, "version"),
                                                                version=d.get("version") or 0),
                     success=reverse("safety:plan", args=[plan.pk]), message=_("Changes saved."))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def plan_end(request: HttpRequest, safety_plan_id: int) -> HttpResponse:
    plan = access_safety_plan(user=request.user, plan_id=safety_plan_id, action=Action.EDIT)
    form = EndForm(request.POST or None, initial={"on": timezone.localdate(), "version": plan.version})
    return form_view(request, form, template="safety/end_form.html",
                     context={"family": plan.family, "title": _("End the safety plan"),
                              "back": reverse("safety:plan", args=[plan.pk])},
                     save=lambda d: services.safety_plan_end(actor=request.user, plan=plan, ended_on=d["on"],
                                                             version=d.get("version") or 0),
                     success=family_url(plan.family_id), message=_("The safety plan has ended."),
                     confirm=_("After this the plan is no longer shown as current, also not to night staff."))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def person_add(request: HttpRequest, safety_plan_id: int) -> HttpResponse:
    plan = access_safety_plan(user=request.user, plan_id=safety_plan_id, action=Action.EDIT)
    form = SafetyPersonForm(request.POST or None)
    return form_view(request, form, template="safety/person_form.html", context={"family": plan.family, "plan": plan},
                     save=lambda d: services.safety_person_add(actor=request.user, plan=plan,
                                                               data=_without(d, "version")),
                     success=reverse("safety:plan", args=[plan.pk]), message=_("Safety person saved."))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def person_edit(request: HttpRequest, safety_person_id: int) -> HttpResponse:
    person = access_safety_person(user=request.user, safety_person_id=safety_person_id, action=Action.EDIT)
    form = SafetyPersonForm(request.POST or None, initial={
        "name": person.name, "relation": person.relation, "phone": person.phone, "does": person.does,
        "reachable": person.reachable, "version": person.version})
    if request.method == "POST" and request.POST.get("end") == "1":
        try:
            services.safety_person_update(actor=request.user, person=person, version=int(request.POST.get(
                "version") or 0), data={"ended_on": timezone.localdate()})
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(name)s is no longer a safety person.") % {"name": person.name})
        return redirect(reverse("safety:plan", args=[person.plan_id]))
    return form_view(request, form, template="safety/person_form.html",
                     context={"family": person.family, "plan": person.plan, "person": person},
                     save=lambda d: services.safety_person_update(actor=request.user, person=person,
                                                                  data=_without(d, "version"),
                                                                  version=d.get("version") or 0),
                     success=reverse("safety:plan", args=[person.plan_id]), message=_("Changes saved."))


# --- Contact restrictions -------------------------------------------------------------------------------------

def _restriction_form(request: HttpRequest, family, initial=None) -> RestrictionForm:
    return RestrictionForm(request.POST or None, initial=initial, children=selectors.family_children(family=family))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def restriction_create(request: HttpRequest, family_id: int) -> HttpResponse:
    family = access_family(user=request.user, family_id=family_id, action=Action.EDIT)
    form = _restriction_form(request, family, {"valid_from": timezone.localdate()})
    return form_view(request, form, template="safety/restriction_form.html", context={"family": family},
                     checks=services.restriction_checks,
                     save=lambda d: services.restriction_create(actor=request.user, family=family,
                                                                data=_without(d, "version")),
                     success=family_url(family.pk) + "#restrictions-heading", message=_("Contact restriction saved."))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def restriction_edit(request: HttpRequest, restriction_id: int) -> HttpResponse:
    restriction = access_contact_restriction(user=request.user, restriction_id=restriction_id, action=Action.EDIT)
    initial = {k: getattr(restriction, k) for k in RESTRICTION_FIELDS_FORM} | {"version": restriction.version}
    form = _restriction_form(request, restriction.family, initial)
    return form_view(request, form, template="safety/restriction_form.html",
                     context={"family": restriction.family, "restriction": restriction},
                     checks=services.restriction_checks,
                     save=lambda d: services.restriction_update(actor=request.user, restriction=restriction,
                                                                data=_without(d, "version"),
                                                                version=d.get("version") or 0),
                     success=family_url(restriction.family_id) + "#restrictions-heading",
                     message=_("Changes saved."))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def restriction_end(request: HttpRequest, restriction_id: int) -> HttpResponse:
    restriction = access_contact_restriction(user=request.user, restriction_id=restriction_id, action=Action.EDIT)
    form = EndForm(request.POST or None, initial={"on": timezone.localdate(), "version": restriction.version})
    return form_view(request, form, template="safety/end_form.html",
                     context={"family": restriction.family, "title": _("End the contact restriction"),
                              "back": family_url(restriction.family_id)},
                     save=lambda d: services.restriction_end(actor=request.user, restriction=restriction, on=d["on"],
                                                             version=d.get("version") or 0),
                     success=family_url(restriction.family_id) + "#restrictions-heading",
                     message=_("The contact restriction ends on the day you gave."))


# --- Signs of Safety -------------------------------------------------------------------------------------------

def _mapping_url(mapping) -> str:
    return reverse("safety:mapping", args=[mapping.pk])


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def mapping_create(request: HttpRequest, family_id: int) -> HttpResponse:
    family = access_family(user=request.user, family_id=family_id, action=Action.EDIT)
    today = timezone.localdate()
    form = MappingForm(request.POST or None, initial={"mapped_on": today}, children=selectors.family_children(
        family=family))
    return form_view(request, form, template="safety/mapping_form.html", context={"family": family},
                     save=lambda d: services.mapping_create(actor=request.user, family=family, data={
                         **_without(d, "version", "scale_question"),
                         **({"scale_question": d["scale_question"]} if d.get("scale_question") else {})}),
                     success=_mapping_url, message=_("Mapping saved. Now fill in the three columns."))


def _mapping_page(request: HttpRequest, mapping, *, entry_form=None, score_form=None, status: int = 200):
    today = timezone.localdate()
    return render(request, "safety/mapping.html", {
        **selectors.mapping_detail(mapping=mapping), "mapping": mapping, "family": mapping.family, "today": today,
        "entry_form": entry_form or EntryForm(), "score_form": score_form or ScoreForm(initial={"scored_on": today}),
    }, status=status)


@require_GET
@login_required
@dossier
def mapping(request: HttpRequest, mapping_id: int) -> HttpResponse:
    mapping = access_safety_mapping(user=request.user, mapping_id=mapping_id)
    audit_record(actor=request.user, action=AuditAction.VIEW, target=mapping, family=mapping.family)
    return _mapping_page(request, mapping)


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def mapping_edit(request: HttpRequest, mapping_id: int) -> HttpResponse:
    mapping = access_safety_mapping(user=request.user, mapping_id=mapping_id, action=Action.EDIT)
    initial = {k: getattr(mapping, k) for k in ("title", "child", "mapped_on", "next_review_on", "scale_question",
                                                "withheld_from_family", "withheld_reason", "version")}
    form = MappingForm(request.POST or None, initial=initial,
                       children=selectors.family_children(family=mapping.family))
    return form_view(request, form, template="safety/mapping_form.html",
                     context={"family": mapping.family, "mapping": mapping},
                     save=lambda d: services.mapping_update(actor=request.user, mapping=mapping,
                                                            data=_without(d, "version"), version=d.get("version") or 0),
                     success=_mapping_url(mapping), message=_("Changes saved."))


@require_POST
@login_required
@dossier
def entry_add(request: HttpRequest, mapping_id: int) -> HttpResponse:
    mapping = access_safety_mapping(user=request.user, mapping_id=mapping_id, action=Action.EDIT)
    form = EntryForm(request.POST)
    if form.is_valid():
        try:
            services.mapping_entry_add(actor=request.user, mapping=mapping, kind=form.cleaned_data["kind"],
                                       text=form.cleaned_data["text"],
                                       withheld=bool(form.cleaned_data.get("withheld_from_family")),
                                       withheld_reason=form.cleaned_data.get("withheld_reason") or "")
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Added to the mapping."))
            return redirect(_mapping_url(mapping) + "#columns-heading")
    return _mapping_page(request, mapping, entry_form=form, status=422)


@require_POST
@login_required
@dossier
def score_add(request: HttpRequest, mapping_id: int) -> HttpResponse:
    mapping = access_safety_mapping(user=request.user, mapping_id=mapping_id, action=Action.EDIT)
    form = ScoreForm(request.POST)
    if form.is_valid():
        try:
            services.scaling_add(actor=request.user, mapping=mapping, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Score saved."))
            return redirect(_mapping_url(mapping) + "#scaling-heading")
    return _mapping_page(request, mapping, score_form=form, status=422)


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def mapping_review(request: HttpRequest, mapping_id: int) -> HttpResponse:
    mapping = access_safety_mapping(user=request.user, mapping_id=mapping_id, action=Action.EDIT)
    participants = selectors.mapping_detail(mapping=mapping)["participants"]
    form = ReviewForm(request.POST or None, participants=participants,
                      initial={"reviewed_on": timezone.localdate(), "version": mapping.version})
    return form_view(request, form, template="safety/review_form.html", context={"family": mapping.family,
                                                                                 "mapping": mapping},
                     save=lambda d: services.mapping_review(
                         actor=request.user, mapping=mapping, reviewed_on=d["reviewed_on"], summary=d["summary"],
                         next_review_on=d["next_review_on"], scores=form.scores(), version=d.get("version") or 0),
                     success=_mapping_url(mapping), message=_("Review saved."))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def mapping_close(request: HttpRequest, mapping_id: int) -> HttpResponse:
    mapping = access_safety_mapping(user=request.user, mapping_id=mapping_id, action=Action.EDIT)
    form = CloseMappingForm(request.POST or None, initial={"closed_on": timezone.localdate(),
                                                           "version": mapping.version})
    return form_view(request, form, template="safety/end_form.html",
                     context={"family": mapping.family, "title": _("Close the mapping"), "back": _mapping_url(mapping)},
                     save=lambda d: services.mapping_close(actor=request.user, mapping=mapping,
                                                           closed_on=d["closed_on"], version=d.get("version") or 0),
                     success=_mapping_url(mapping), message=_("Mapping closed."))


@require_GET
@login_required
@dossier
def history(request: HttpRequest, family_id: int) -> HttpResponse:
    """The field history of the family's safety records (pghistory), in people's words; the mappings and
    Kindreflex procedures only for whoever does the safety work."""
    from spalk.safety.history import safety_history

    family = access_family(user=request.user, family_id=family_id)
    work = can_do_safety_work(user=request.user, family=family)
    changes = safety_history(family=family, work=work)
    audit_record(actor=request.user, action=AuditAction.VIEW, target=family, object_type="safety.family",
                 object_id=family.pk, extra={"page": "history"})
    return render(request, "safety/history.html", {"family": family, "changes": changes, "work": work})


@require_GET
@login_required
@dossier
def plan_pdf(request: HttpRequest, safety_plan_id: int) -> HttpResponse:
    from spalk.safety.pdf import safety_plan_pdf

    plan = access_safety_plan(user=request.user, plan_id=safety_plan_id)
    today = timezone.localdate()
    restrictions = selectors.restriction_groups(user=request.user, family=plan.family, today=today).in_force
    content = safety_plan_pdf(plan=selectors.plan_detail(plan=plan), restrictions=restrictions)
    audit_record(actor=request.user, action=AuditAction.PRINT, target=plan, family=plan.family,
                 extra={"format": "pdf"})
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="veiligheidsplan-{plan.family.reference}-{plan.pk}.pdf"'
    return response
