"""The methods catalogue: every staff member reads it; team leads and directors keep it (no dossier data)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from spalk.access.declare import staff_only
from spalk.access.policy import can_edit_methods, staff_centres
from spalk.core.forms import form_view
from spalk.core.types import SpalkRequest
from spalk.methods import selectors, services
from spalk.methods.forms import MethodEditForm, MethodForm


def _staff(request: SpalkRequest) -> None:
    if not staff_centres(user=request.user) and not can_edit_methods(user=request.user):
        raise Http404


@require_GET
@login_required
@staff_only("the methods catalogue is sector data, read by staff")
def method_list(request: SpalkRequest) -> HttpResponse:
    _staff(request)
    return render(request, "methods/list.html", {"areas": selectors.catalogue(),
                                                 "may_edit": can_edit_methods(user=request.user)})


@require_http_methods(["GET", "POST"])
@login_required
@staff_only("the methods catalogue is kept by team leads and directors (can_edit_methods)")
def method_create(request: SpalkRequest) -> HttpResponse:
    if not can_edit_methods(user=request.user):
        raise PermissionDenied
    return form_view(
        request, MethodForm(request.POST or None, initial={"area": request.GET.get("area")}),
        save=lambda d: services.method_create(actor=request.user, area=d["area"], name=d["name"],
                                              description=d["description"],
                                              structured_form=d["structured_form"]),
        success=reverse("methods:list"), template="methods/form.html", message=_("Method added."),
        context={"title": _("Add a method")}, invalid_status=422)


@require_http_methods(["GET", "POST"])
@login_required
@staff_only("the methods catalogue is kept by team leads and directors (can_edit_methods)")
def method_edit(request: SpalkRequest, method_id: int) -> HttpResponse:
    if not can_edit_methods(user=request.user):
        raise PermissionDenied
    method = selectors.method_get(method_id=method_id)
    return form_view(
        request, MethodEditForm.for_method(method, request.POST or None),
        save=lambda d: services.method_update(actor=request.user, method=method, version=d["version"], data={
            k: d[k] for k in ("name", "description", "structured_form", "is_active")}),
        success=reverse("methods:list"), template="methods/form.html", message=_("Method saved."),
        context={"title": method.name, "method": method}, invalid_status=422)
