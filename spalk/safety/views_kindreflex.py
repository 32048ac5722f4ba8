"""Kindreflex screens: start a procedure for a child, the procedure page (six steps), a step's form, consultations
with the VK or OCJ, the partners involved and closing."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from spalk.access.declare import dossier
from spalk.access.policy import Action, access_family, access_kindreflex_procedure, require_safety_work
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.core.forms import form_view
from spalk.safety import kindreflex, selectors
from spalk.safety.forms import CloseProcedureForm, ConsultationForm, PartnersForm, ProcedureStartForm, StepForm


def _url(procedure) -> str:
    return reverse("safety:procedure", args=[procedure.pk])


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def start(request: HttpRequest, family_id: int) -> HttpResponse:
    family = access_family(user=request.user, family_id=family_id, action=Action.EDIT)
    require_safety_work(user=request.user, family=family)
    form = ProcedureStartForm(request.POST or None, initial={"started_on": timezone.localdate()},
                              children=selectors.family_children(family=family))
    return form_view(request, form, template="safety/procedure_start.html", context={"family": family},
                     save=lambda d: kindreflex.procedure_start(actor=request.user, family=family, child=d["child"],
                                                               started_on=d["started_on"]),
                     success=_url, message=_("Kindreflex procedure started. Begin with step 1."))


@require_GET
@login_required
@dossier
def procedure(request: HttpRequest, procedure_id: int) -> HttpResponse:
    procedure = access_kindreflex_procedure(user=request.user, procedure_id=procedure_id)
    audit_record(actor=request.user, action=AuditAction.VIEW, target=procedure, family=procedure.family,
                 person=procedure.child)
    return render(request, "safety/procedure.html", {**selectors.procedure_detail(procedure=procedure),
                                                     "procedure": procedure, "family": procedure.family})


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def step(request: HttpRequest, procedure_id: int, step: int) -> HttpResponse:
    procedure = access_kindreflex_procedure(user=request.user, procedure_id=procedure_id, action=Action.EDIT)
    definition = kindreflex.STEPS.get(step)
    if definition is None:
        raise Http404
    row = procedure.steps.filter(number=step).first()
    initial: dict = {"version": procedure.version}
    if row is not None:
        feeling = "" if row.not_right_feeling is None else ("yes" if row.not_right_feeling else "no")
        initial |= {**row.answers, "decision": row.decision, "colleague": row.colleague_id, "expert": row.expert,
                    "not_right_feeling": feeling,
                    "not_right_reasons": row.not_right_reasons, "step_six_decision": row.step_six_decision}
    form = StepForm(request.POST or None, number=step, initial=initial,
                    colleagues=selectors.centre_colleagues(family=procedure.family, exclude_user=request.user))
    return form_view(request, form, template="safety/step_form.html",
                     context={"family": procedure.family, "procedure": procedure, "definition": definition,
                              "row": row},
                     save=lambda d: kindreflex.step_record(actor=request.user, procedure=procedure, number=step,
                                                           data=form.service_data(), version=d.get("version") or 0),
                     success=_url(procedure) + f"#step-{step}",
                     message=_("Step %(number)s saved.") % {"number": step})


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def consultation(request: HttpRequest, procedure_id: int) -> HttpResponse:
    procedure = access_kindreflex_procedure(user=request.user, procedure_id=procedure_id, action=Action.EDIT)
    form = ConsultationForm(request.POST or None, initial={"consulted_on": timezone.localdate(), "anonymous": True},
                            organisations=selectors.partner_organisations(user=request.user, family=procedure.family))
    return form_view(request, form, template="safety/consultation_form.html",
                     context={"family": procedure.family, "procedure": procedure},
                     save=lambda d: kindreflex.consultation_log(actor=request.user, procedure=procedure, data=d),
                     success=_url(procedure) + "#consultations-heading", message=_("Consultation saved."))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def partners(request: HttpRequest, procedure_id: int) -> HttpResponse:
    procedure = access_kindreflex_procedure(user=request.user, procedure_id=procedure_id, action=Action.EDIT)
    form = PartnersForm(request.POST or None, initial={"partners": list(procedure.partners.all()),
                                                       "version": procedure.version},
                        organisations=selectors.partner_organisations(user=request.user, family=procedure.family))
    return form_view(request, form, template="safety/partners_form.html",
                     context={"family": procedure.family, "procedure": procedure},
                     save=lambda d: kindreflex.partners_set(actor=request.user, procedure=procedure,
                                                            organisations=list(d["partners"]),
                                                            version=d.get("version") or 0),
                     success=_url(procedure) + "#partners-heading", message=_("Partners saved."))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def close(request: HttpRequest, procedure_id: int) -> HttpResponse:
    procedure = access_kindreflex_procedure(user=request.user, procedure_id=procedure_id, action=Action.EDIT)
    form = CloseProcedureForm(request.POST or None, initial={"closed_on": timezone.localdate(),
                                                             "version": procedure.version})
    return form_view(request, form, template="safety/procedure_close.html",
                     context={"family": procedure.family, "procedure": procedure},
                     save=lambda d: kindreflex.procedure_close(actor=request.user, procedure=procedure,
                                                               reason=d["close_reason"], note=d["close_note"],
                                                               closed_on=d["closed_on"],
                                                               version=d.get("version") or 0),
                     success=_url, message=_("Procedure closed."))
