"""Centres, managed by the installation administrator (everyone else gets 404); the director and the centre
administrator keep their centre's 24/7 permanence number. No dossier data."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spalk.access.declare import staff_only
from spalk.access.policy import Duty, access_duty_centre, duty_centres
from spalk.accounts.permissions import is_installation_admin
from spalk.centres import services
from spalk.centres.forms import CentreContactForm, CentreForm
from spalk.centres.selectors import access_centre_for_admin, centre_list_for_admin
from spalk.core.forms import form_view
from spalk.core.types import SpalkRequest

REASON = "centre management by the installation administrator; no dossier data"


@require_GET
@login_required
@staff_only(REASON)
def centre_list(request: SpalkRequest) -> HttpResponse:
    if not is_installation_admin(user=request.user):
        raise Http404
    return render(request, "centres/list.html", {"centres": centre_list_for_admin(user=request.user)})


@require_http_methods(["GET", "POST"])
@login_required
@staff_only(REASON)
def centre_create(request: SpalkRequest) -> HttpResponse:
    if not is_installation_admin(user=request.user):
        raise Http404
    form = CentreForm(request.POST or None)
    return form_view(request, form, save=lambda d: services.centre_create(actor=request.user, data=d),
                     success=reverse("centres:list"), template="centres/form.html", context={"centre": None},
                     message=lambda centre: _("Centre %(name)s created.") % {"name": centre.name})


@require_http_methods(["GET", "POST"])
@login_required
@staff_only(REASON)
def centre_edit(request: SpalkRequest, centre_id: int) -> HttpResponse:
    centre = access_centre_for_admin(user=request.user, centre_id=centre_id)
    form = CentreForm(request.POST or None, instance=centre if request.method == "GET" else None)
    return form_view(request, form, save=lambda d: services.centre_update(actor=request.user, centre=centre, data=d),
                     success=reverse("centres:list"), message=_("Changes saved."), template="centres/form.html",
                     context={"centre": centre})


@require_POST
@login_required
@staff_only(REASON)
def centre_set_active(request: SpalkRequest, centre_id: int) -> HttpResponse:
    centre = access_centre_for_admin(user=request.user, centre_id=centre_id)
    active = request.POST.get("active") == "1"
    services.centre_set_active(actor=request.user, centre=centre, active=active)
    messages.success(request, _("Centre reactivated.") if active else _("Centre deactivated."))
    return redirect("centres:list")


@require_http_methods(["GET", "POST"])
@login_required
@staff_only("the 24/7 permanence number of the user's own centre (no dossier data); director and centre admin")
def centre_contact(request: SpalkRequest) -> HttpResponse:
    centre = access_duty_centre(user=request.user, duty=Duty.CENTRE_CONTACT, centre_id=request.GET.get("centre"))
    form = CentreContactForm(request.POST or None, initial={"permanence_phone": centre.permanence_phone})
    return form_view(
        request, form, save=lambda d: services.centre_contact_update(
            actor=request.user, centre=centre, permanence_phone=d["permanence_phone"]),
        success=f"{reverse('centres:contact')}?centre={centre.pk}", message=_("Changes saved."),
        template="centres/contact.html", context=lambda: {
            "centre": centre, "centres": visible_contact_centres(request)})


def visible_contact_centres(request: SpalkRequest):
    from spalk.centres.models import Centre

    return list(Centre.objects.filter(pk__in=duty_centres(user=request.user, duty=Duty.CENTRE_CONTACT))
                .order_by("name"))
