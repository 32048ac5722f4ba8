"""The partner directory screens. No dossier data: staff only, within the centres of the user."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from spalk.access.declare import staff_only
from spalk.access.policy import Action, can_edit_sector_partners, partner_centres
from spalk.centres.models import Centre
from spalk.core.forms import form_view
from spalk.core.types import SpalkRequest
from spalk.partners import selectors, services
from spalk.partners.forms import ContactForm, OrganisationCreateForm, OrganisationForm
from spalk.partners.models import OrganisationKind

REASON = "partner directory: organisations and professionals, no dossier data"


@require_GET
@login_required
@staff_only(REASON)
def organisation_list(request: SpalkRequest) -> HttpResponse:
    if not partner_centres(user=request.user) and not can_edit_sector_partners(user=request.user):
        raise Http404
    search, kind = request.GET.get("q", "")[:100], request.GET.get("kind", "")
    need, target, region = (request.GET.get(k, "")[:100] for k in ("need", "target", "region"))
    organisations = list(selectors.organisation_list(user=request.user, search=search, kind=kind, need=need,
                                                     target=target, region=region))
    template = "partners/list.html#results" if request.htmx else "partners/list.html"
    return render(request, template, {
        "organisations": organisations, "search": search, "kind": kind, "kinds": OrganisationKind.choices,
        "need": need, "target": target, "region": region,
        "can_edit": bool(partner_centres(user=request.user, action=Action.EDIT))
        or can_edit_sector_partners(user=request.user)})


@require_http_methods(["GET", "POST"])
@login_required
@staff_only(REASON)
def organisation_create(request: SpalkRequest) -> HttpResponse:
    """A centre's own entry (the centre's partner editors) or an entry of the shared sector list (the installation
    administrator only)."""
    centres = list(Centre.objects.filter(pk__in=partner_centres(user=request.user, action=Action.EDIT)))
    sector = can_edit_sector_partners(user=request.user)
    if not centres and not sector:
        raise Http404
    form = OrganisationCreateForm(request.POST or None, centres=centres, sector=sector)
    return form_view(
        request, form, save=lambda d: services.organisation_create(
            actor=request.user, centre=next((c for c in centres if c.pk == d["centre"]), None), data=d),
        success=lambda org: _organisation_url(org.pk), template="partners/form.html",
        message=lambda org: _("%(name)s added to the partner directory.") % {"name": org.name},
        context={"title": _("New partner organisation")})


def _organisation_url(organisation_id: int) -> str:
    return reverse("partners:detail", kwargs={"organisation_id": organisation_id})


@require_GET
@login_required
@staff_only(REASON)
def organisation_detail(request: SpalkRequest, organisation_id: int) -> HttpResponse:
    org = selectors.organisation_get(user=request.user, organisation_id=organisation_id)
    can_edit = (org.centre_id in partner_centres(user=request.user, action=Action.EDIT) if org.centre_id
                else can_edit_sector_partners(user=request.user))
    return render(request, "partners/detail.html", {"organisation": org, "contacts": list(org.contacts.all()),
                                                    "can_edit": can_edit})


@require_http_methods(["GET", "POST"])
@login_required
@staff_only(REASON)
def organisation_edit(request: SpalkRequest, organisation_id: int) -> HttpResponse:
    org = selectors.organisation_get(user=request.user, organisation_id=organisation_id, action=Action.EDIT)
    form = OrganisationForm(request.POST or None, instance=org if request.method == "GET" else None)
    return form_view(
        request, form, save=lambda d: services.organisation_update(actor=request.user, organisation=org, data=d),
        success=_organisation_url(org.pk), message=_("Changes saved."), template="partners/form.html",
        context={"organisation": org, "title": _("Edit %(name)s") % {"name": org.name}})


@require_http_methods(["GET", "POST"])
@login_required
@staff_only(REASON)
def contact_create(request: SpalkRequest, organisation_id: int) -> HttpResponse:
    org = selectors.organisation_get(user=request.user, organisation_id=organisation_id, action=Action.EDIT)
    form = ContactForm(request.POST or None)
    return form_view(
        request, form, save=lambda d: services.contact_create(actor=request.user, organisation=org, data=d),
        success=_organisation_url(org.pk), message=_("Contact person added."), template="partners/form.html",
        context={"organisation": org, "title": _("New contact person at %(name)s") % {"name": org.name}})


@require_http_methods(["GET", "POST"])
@login_required
@staff_only(REASON)
def contact_edit(request: SpalkRequest, contact_id: int) -> HttpResponse:
    contact = selectors.contact_get(user=request.user, contact_id=contact_id, action=Action.EDIT)
    form = ContactForm(request.POST or None, instance=contact if request.method == "GET" else None)
    return form_view(
        request, form, save=lambda d: services.contact_update(actor=request.user, contact=contact, data=d),
        success=_organisation_url(contact.organisation_id), message=_("Changes saved."),
        template="partners/form.html",
        context={"organisation": contact.organisation, "title": _("Edit %(name)s") % {"name": contact.name}})
