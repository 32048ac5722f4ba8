"""Screens of the client contribution: the rates and percentage, the intake officer's quote, the centre account.

Rates and the percentage are public amounts (no dossier data): every staff member reads them, a finance
administrator keeps them. Family screens (paying adults, reductions, balances) live in ``views_family.py``.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from spalk.access.declare import staff_only
from spalk.access.policy import (
    access_finance_centre,
    can_manage_rates,
    can_quote,
    can_read_rates,
    finance_centres,
    finance_settings_centres,
)
from spalk.core.forms import form_view, prompt_selects
from spalk.core.types import SpalkRequest
from spalk.finance import selectors, services
from spalk.finance.computation import ComputationError, compute, explain, quote_days, total
from spalk.finance.forms import FinanceSettingsForm, PercentageForm, QuoteForm, RateForm
from spalk.finance.models import ContributionPercentage, LeefloonRate


def _readers_only(request: SpalkRequest) -> None:
    if not can_read_rates(user=request.user):
        raise Http404


@require_GET
@login_required
@staff_only("the contribution's start page: links by what the person may do, no dossier data")
def index(request: SpalkRequest) -> HttpResponse:
    user = request.user
    if not (can_quote(user=user) or finance_centres(user=user)):
        raise Http404
    return render(request, "finance/index.html", {
        "may_quote": can_quote(user=user), "may_manage_rates": can_manage_rates(user=user),
        "finance_centres": finance_centres(user=user), "settings_centres": finance_settings_centres(user=user),
        "manage_centres": finance_centres(user=user, manage=True)})


@require_GET
@login_required
@staff_only("a quote from the public rates: no dossier data")
def quote(request: SpalkRequest) -> HttpResponse:
    if not can_quote(user=request.user):
        raise Http404
    form = QuoteForm(request.GET if "category" in request.GET else None)
    prompt_selects(form)
    months, explanation, problem = [], [], ""
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        try:
            months = compute(quote_days(category=d["category"], start=d["start"], end=d["end"]),
                             rates=selectors.rates(), percentages=selectors.percentages())
            explanation = explain(months)
        except ComputationError as exc:
            problem = exc.message
    return render(request, "finance/quote.html", {"form": form, "months": months, "explanation": explanation,
                                                  "total": total(months) if months else None, "problem": problem})


@require_GET
@login_required
@staff_only("the public leefloon amounts and the percentage, read by staff")
def rate_list(request: SpalkRequest) -> HttpResponse:
    _readers_only(request)
    return render(request, "finance/rates.html", {
        "rates": selectors.rate_list(), "percentages": selectors.percentage_list(),
        "may_edit": can_manage_rates(user=request.user)})


def _rate_editor(request: SpalkRequest) -> None:
    if not can_manage_rates(user=request.user):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
@login_required
@staff_only("the leefloon table is kept by finance administrators (can_manage_rates)")
def rate_create(request: SpalkRequest) -> HttpResponse:
    _rate_editor(request)
    return form_view(
        request, RateForm(request.POST or None),
        save=lambda d: services.rate_add(actor=request.user, category=d["category"],
                                         monthly_amount=d["monthly_amount"], valid_from=d["valid_from"],
                                         valid_to=d["valid_to"], source=d["source"]),
        success=reverse("finance:rates"), message=_("Rate added."), template="finance/form.html",
        context={"title": _("Add a leefloon amount"),
                 "intro": _("An open amount of the same category that started earlier ends the day before.")},
        invalid_status=422)


@require_http_methods(["GET", "POST"])
@login_required
@staff_only("the leefloon table is kept by finance administrators (can_manage_rates)")
def rate_edit(request: SpalkRequest, rate_id: int) -> HttpResponse:
    _rate_editor(request)
    rate = get_object_or_404(LeefloonRate, pk=rate_id)
    initial = {k: getattr(rate, k) for k in ("version", "category", "monthly_amount", "valid_from", "valid_to",
                                              "source")}
    form = RateForm(request.POST or None, initial=initial)
    form.fields["category"].disabled = True
    return form_view(
        request, form,
        save=lambda d: services.rate_update(actor=request.user, rate=rate, version=d["version"],
                                            monthly_amount=d["monthly_amount"], valid_from=d["valid_from"],
                                            valid_to=d["valid_to"], source=d["source"]),
        success=reverse("finance:rates"), message=_("Rate saved."), template="finance/form.html",
        context={"title": _("Correct a leefloon amount"),
                 "intro": _("Statements already made keep their amounts; running the month again makes a credit "
                            "note and a new statement.")},
        invalid_status=422)


@require_http_methods(["GET", "POST"])
@login_required
@staff_only("the contribution percentage is kept by finance administrators (can_manage_rates)")
def percentage_create(request: SpalkRequest) -> HttpResponse:
    _rate_editor(request)
    return form_view(
        request, PercentageForm(request.POST or None),
        save=lambda d: services.percentage_add(actor=request.user, percentage=d["percentage"],
                                               valid_from=d["valid_from"], valid_to=d["valid_to"],
                                               source=d["source"]),
        success=reverse("finance:rates"), message=_("Percentage added."), template="finance/form.html",
        context={"title": _("Add a contribution percentage")}, invalid_status=422)


@require_http_methods(["GET", "POST"])
@login_required
@staff_only("the contribution percentage is kept by finance administrators (can_manage_rates)")
def percentage_edit(request: SpalkRequest, percentage_id: int) -> HttpResponse:
    _rate_editor(request)
    row = get_object_or_404(ContributionPercentage, pk=percentage_id)
    initial = {k: getattr(row, k) for k in ("version", "percentage", "valid_from", "valid_to", "source")}
    return form_view(
        request, PercentageForm(request.POST or None, initial=initial),
        save=lambda d: services.percentage_update(actor=request.user, row=row, version=d["version"],
                                                  percentage=d["percentage"], valid_from=d["valid_from"],
                                                  valid_to=d["valid_to"], source=d["source"]),
        success=reverse("finance:rates"), message=_("Percentage saved."), template="finance/form.html",
        context={"title": _("Correct the contribution percentage")}, invalid_status=422)


@require_http_methods(["GET", "POST"])
@login_required
@staff_only("the centre's bank account (no dossier data): finance administrator and director of the centre")
def centre_settings(request: SpalkRequest) -> HttpResponse:
    centre = access_finance_centre(user=request.user, centre_id=request.GET.get("centre"), settings=True)
    current = selectors.settings_for(centre.pk)
    form = FinanceSettingsForm(request.POST or None, instance=current if request.method == "GET" else None,
                               initial={"version": current.version if current.pk else 1})
    return form_view(
        request, form,
        save=lambda d: services.settings_update(actor=request.user, centre=centre, version=d.get("version") or 1,
                                                data={k: d[k] for k in services.SETTINGS_FIELDS}),
        success=f"{reverse('finance:settings')}?centre={centre.pk}", message=_("Settings saved."),
        template="finance/form.html", context={"title": _("Bank account of the centre"), "centre": centre,
                                               "action": f"?centre={centre.pk}"},
        invalid_status=422)
