from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spalk.access import selectors, services
from spalk.access.declare import dossier, staff_only
from spalk.access.forms import AssignmentForm, BreakGlassForm, ShareForm
from spalk.access.policy import Action, access_family, break_glass_candidates, staff_centres
from spalk.accounts.models import Role
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.centres.models import Centre
from spalk.core.errors import DomainError
from spalk.core.forms import add_domain_error, form_view

User = get_user_model()
LEADS = frozenset({Role.TEAM_LEAD, Role.DIRECTOR})


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def break_glass(request: HttpRequest) -> HttpResponse:
    form = BreakGlassForm(request.POST or None)

    def save(d):
        family = break_glass_candidates(user=request.user).filter(reference__iexact=d["reference"].strip()).first()
        if family is None:
            raise DomainError(_("No dossier with this number in your centre."), field="reference")
        services.break_glass_open(actor=request.user, family=family, reason=d["reason"])
        messages.warning(request, _("You have temporary access to this dossier. This access is logged "
                                    "and shown to your team lead."))
        return family

    return form_view(request, form, save=save, template="access/break_glass.html",
                     success=lambda family: reverse("families:detail", kwargs={"family_id": family.pk}))


@require_GET
@login_required
@staff_only("team leads see break-the-glass grants of their own centres")
def break_glass_list(request: HttpRequest) -> HttpResponse:
    centres = staff_centres(user=request.user, roles=LEADS)
    if not centres:
        raise Http404
    grants = list(selectors.break_glass_grant_list(centre_ids=centres)[:200])
    audit_record(actor=request.user, action=AuditAction.VIEW, object_type="access.breakglassgrant",
                 extra={"page": "break_glass_list", "count": len(grants)})
    return render(request, "access/break_glass_list.html", {"grants": grants, "now": timezone.now()})


@require_POST
@login_required
@staff_only("team leads review grants of their own centres")
def break_glass_mark_reviewed(request: HttpRequest, grant_id: int) -> HttpResponse:
    centres = staff_centres(user=request.user, roles=LEADS)
    grant = selectors.break_glass_grant_get(centre_ids=centres, grant_id=grant_id)
    if grant is None:
        raise Http404
    services.break_glass_review(actor=request.user, grant=grant)
    messages.success(request, _("Marked as reviewed."))
    return redirect("access:break_glass_list")


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _team_context(family) -> dict:
    return {
        "assignments": selectors.assignment_list(family=family),
        "shares": selectors.share_list(family=family),
    }


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def team(request: HttpRequest, family_id: int) -> HttpResponse:
    family = access_family(user=request.user, family_id=family_id, action=Action.MANAGE_TEAM)
    staff = User.objects.filter(memberships__centre_id=family.centre_id, is_active=True).distinct()
    form = AssignmentForm(request.POST if "assign" in request.POST else None, staff=staff)
    share_form = ShareForm(request.POST if "share" in request.POST else None,
                           centres=Centre.objects.exclude(pk=family.centre_id).filter(is_active=True))
    if request.method == "POST":
        try:
            if "assign" in request.POST and form.is_valid():
                user = staff.get(pk=form.cleaned_data["user"])
                services.assignment_add(actor=request.user, family=family, user=user, role=form.cleaned_data["role"],
                                        start_date=form.cleaned_data.get("start_date"))
                messages.success(request, _("Team member added."))
                return redirect("access:team", family_id=family.pk)
            if "share" in request.POST and share_form.is_valid():
                centre = Centre.objects.get(pk=share_form.cleaned_data["centre"])
                services.share_add(actor=request.user, family=family, centre=centre,
                                   purpose=share_form.cleaned_data["purpose"],
                                   end_date=share_form.cleaned_data.get("end_date"))
                messages.success(request, _("Family shared."))
                return redirect("access:team", family_id=family.pk)
            if "end_assignment" in request.POST:
                assignment = selectors.assignment_list(family=family).filter(
                    pk=_int(request.POST.get("end_assignment")) or 0).first()
                if assignment is None:
                    raise Http404
                services.assignment_end(actor=request.user, assignment=assignment)
                return redirect("access:team", family_id=family.pk)
            if "end_share" in request.POST:
                share = selectors.share_list(family=family).filter(pk=_int(request.POST.get("end_share")) or 0).first()
                if share is None:
                    raise Http404
                services.share_end(actor=request.user, share=share)
                return redirect("access:team", family_id=family.pk)
        except DomainError as error:
            add_domain_error(share_form if "share" in request.POST else form, error)
    audit_record(actor=request.user, action=AuditAction.VIEW, target=family, extra={"page": "team"})
    return render(request, "access/team.html", {"family": family, "form": form, "share_form": share_form,
                                                **_team_context(family)})
