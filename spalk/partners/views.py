"""The partner directory screens. No dossier data: staff only, within the centres of the user."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from spalk.access.declare import staff_only
from spalk.access.policy import Action, partner_centres
from spalk.centres.models import Centre
from spalk.core.errors import DomainError
from spalk.core.forms import add_domain_error
from spalk.core.types import SpalkRequest
from spalk.partners import selectors, services
from spalk.partners.forms import ContactForm, OrganisationCreateForm, OrganisationForm
from spalk.partners.models import OrganisationKind

REASON = "partner directory: organisations and professionals, no dossier data"


@require_GET
@login_required
@staff_only(REASON)
def organisation_list(request: SpalkRequest) -> HttpResponse:
    if not partner_centres(user=request.user):
        raise Http404
    search, kind = request.GET.get("q", "")[:100], request.GET.get("kind", "")
    organisations = list(selectors.organisation_list(user=request.user, search=search, kind=kind))
    template = "partners/list.html#results" if request.htmx else "partners/list.html"
    return render(request, template, {
        "organisations": organisations, "search": search, "kind": kind, "kinds": OrganisationKind.choices,
        "can_edit": bool(partner_centres(user=request.user, action=Action.EDIT))})


@require_http_methods(["GET", "POST"])
@login_required
@staff_only(REASON)
def organisation_create(request: SpalkRequest) -> HttpResponse:
    centres = list(Centre.objects.filter(pk__in=partner_centres(user=request.user, action=Action.EDIT)))
    if not centres:
        raise Http404
    form = OrganisationCreateForm(request.POST or None, centres=centres)
    if request.method == "POST" and form.is_valid():
        centre = next(c for c in centres if c.pk == form.cleaned_data["centre"])
        try:
            org = services.organisation_create(actor=request.user, centre=centre, data=form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("%(name)s added to the partner directory.") % {"name": org.name})
            return redirect("partners:detail", organisation_id=org.pk)
    return render(request, "partners/form.html", {"form": form, "title": _("New partner organisation")})


@require_GET
@login_required
@staff_only(REASON)
def organisation_detail(request: SpalkRequest, organisation_id: int) -> HttpResponse:
    org = selectors.organisation_get(user=request.user, organisation_id=organisation_id)
    can_edit = org.centre_id in partner_centres(user=request.user, action=Action.EDIT)
    return render(request, "partners/detail.html", {"organisation": org, "contacts": list(org.contacts.all()),
                                                    "can_edit": can_edit})


@require_http_methods(["GET", "POST"])
@login_required
@staff_only(REASON)
def organisation_edit(request: SpalkRequest, organisation_id: int) -> HttpResponse:
    org = selectors.organisation_get(user=request.user, organisation_id=organisation_id, action=Action.EDIT)
    form = OrganisationForm(request.POST or None, instance=org if request.method == "GET" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(actor=request.user, organisation=org, data=form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("partners:detail", organisation_id=org.pk)
    return render(request, "partners/form.html", {"form": form, "organisation": org,
                                                  "title": _("Edit %(name)s") % {"name": org.name}})


@require_http_methods(["GET", "POST"])
@login_required
@staff_only(REASON)
def contact_create(request: SpalkRequest, organisation_id: int) -> HttpResponse:
    org = selectors.organisation_get(user=request.user, organisation_id=organisation_id, action=Action.EDIT)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.contact_create(actor=request.user, organisation=org, data=form.cleaned_data)
        messages.success(request, _("Contact person added."))
        return redirect("partners:detail", organisation_id=org.pk)
    return render(request, "partners/form.html", {"form": form, "organisation": org,
                                                  "title": _("New contact person at %(name)s") % {"name": org.name}})


@require_http_methods(["GET", "POST"])
@login_required
@staff_only(REASON)
def contact_edit(request: SpalkRequest, contact_id: int) -> HttpResponse:
    contact = selectors.contact_get(user=request.user, contact_id=contact_id, action=Action.EDIT)
    form = ContactForm(request.POST or None, instance=contact if request.method == "GET" else None)
    if request.method == "POST" and form.is_valid():
        services.contact_update(actor=request.user, contact=contact, data=form.cleaned_data)
        messages.success(request, _("Changes saved."))
        return redirect("partners:detail", organisation_id=contact.organisation_id)
    return render(request, "partners/form.html", {"form": form, "organisation": contact.organisation,
                                                  "title": _("Edit %(name)s") % {"name": contact.name}})
