from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spalk.access import selectors, services
from spalk.access.declare import dossier, staff_only
from spalk.access.forms import AssignmentForm, BreakGlassForm, ShareForm
from spalk.access.policy import Action, access_family, break_glass_candidates, break_glass_supervisor_centres, can
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.core.errors import DomainError
from spalk.core.forms import form_view
from spalk.core.types import SpalkRequest


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def break_glass(request: SpalkRequest) -> HttpResponse:
    form = BreakGlassForm(request.POST or None)

    def save(d):
        family = break_glass_candidates(user=request.user).filter(reference__iexact=d["reference"].strip()).first()
        if family is None:
            raise DomainError(_("No dossier with this number in your centre."), field="reference")
        services.break_glass_open(actor=request.user, family=family, category=d["category"], reason=d["reason"])
        messages.warning(request, _("You have temporary access to this dossier. This access is logged "
                                    "and shown to your team lead."))
        return family

    return form_view(request, form, save=save, template="access/break_glass.html",
                     success=lambda family: reverse("families:detail", kwargs={"family_id": family.pk}))


@require_GET
@login_required
@staff_only("team leads see break-the-glass grants of their own centres")
def break_glass_list(request: SpalkRequest) -> HttpResponse:
    centres = break_glass_supervisor_centres(user=request.user)
    if not centres:
        raise Http404
    to_review = list(selectors.break_glass_to_review(centre_ids=centres))
    reviewed = list(selectors.break_glass_reviewed(centre_ids=centres)[:50])
    audit_record(actor=request.user, action=AuditAction.VIEW, object_type="access.breakglassgrant",
                 extra={"page": "break_glass_list", "count": len(to_review) + len(reviewed),
                        "family_ids": sorted({g.family_id for g in [*to_review, *reviewed]})})
    return render(request, "access/break_glass_list.html", {"to_review": to_review, "reviewed": reviewed})


@require_POST
@login_required
@staff_only("team leads review grants of their own centres")
def break_glass_mark_reviewed(request: SpalkRequest, grant_id: int) -> HttpResponse:
    grant = _supervised_grant(request, grant_id)
    services.break_glass_review(actor=request.user, grant=grant)
    messages.success(request, _("Marked as reviewed."))
    return redirect("access:break_glass_list")


@require_POST
@login_required
@staff_only("team leads and directors end grants on families of their own centres")
def break_glass_end(request: SpalkRequest, grant_id: int) -> HttpResponse:
    grant = _supervised_grant(request, grant_id)
    try:
        services.break_glass_end(actor=request.user, grant=grant)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The access of %(name)s has ended.") % {"name": grant.user})
    return redirect("access:break_glass_list")


def _supervised_grant(request: SpalkRequest, grant_id: int):
    centres = break_glass_supervisor_centres(user=request.user)
    grant = selectors.break_glass_grant_get(centre_ids=centres, grant_id=grant_id)
    if grant is None:
        raise Http404
    return grant


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
def team(request: SpalkRequest, family_id: int) -> HttpResponse:
    """The family's team and its sharing: two forms through ``form_view`` (error summary, kept input), and the
    end buttons. The POST's submit button ("assign" or "share") says which form was sent."""
    family = access_family(user=request.user, family_id=family_id, action=Action.MANAGE_TEAM)
    may_share = can(user=request.user, family=family, action=Action.SHARE)
    if ("share" in request.POST or "end_share" in request.POST) and not may_share:
        raise PermissionDenied  # the case lead manages the team; sharing is for the owning centre's leads
    if "end_assignment" in request.POST or "end_share" in request.POST:
        return _team_end(request, family)
    staff = selectors.team_candidates(family=family)
    centres = selectors.share_target_centres(family=family)
    sharing = "share" in request.POST
    form = AssignmentForm(request.POST if request.method == "POST" and not sharing else None, staff=staff)
    share_form = ShareForm(request.POST if sharing else None, centres=centres) if may_share else None

    def page() -> dict:
        audit_record(actor=request.user, action=AuditAction.VIEW, target=family, extra={"page": "team"})
        return {"family": family, "assign_form": form, "share_form": share_form, "may_share": may_share,
                **_team_context(family)}

    success = reverse("access:team", kwargs={"family_id": family.pk})
    if sharing and share_form is not None:
        return form_view(request, share_form, save=lambda d: services.share_add(
            actor=request.user, family=family, centre=centres.get(pk=d["centre"]), purpose=d["purpose"],
            end_date=d.get("end_date")), success=success, message=_("Family shared."), template="access/team.html",
            context=page)
    return form_view(request, form, save=lambda d: services.assignment_add(
        actor=request.user, family=family, user=staff.get(pk=d["user"]), role=d["role"],
        start_date=d.get("start_date")), success=success, message=_("Team member added."),
        template="access/team.html", context=page)


def _team_end(request: SpalkRequest, family) -> HttpResponse:
    """End a team membership or a share (a button per row; no input to keep)."""
    try:
        if "end_assignment" in request.POST:
            assignment = selectors.assignment_list(family=family).filter(
                pk=_int(request.POST.get("end_assignment")) or 0).first()
            if assignment is None:
                raise Http404
            services.assignment_end(actor=request.user, assignment=assignment)
        else:
            share = selectors.share_list(family=family).filter(pk=_int(request.POST.get("end_share")) or 0).first()
            if share is None:
                raise Http404
            services.share_end(actor=request.user, share=share)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("access:team", family_id=family.pk)
