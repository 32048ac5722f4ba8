"""The client contribution API. The three contracts of issue 14 are public: keep them stable.

- ``POST /finance/contribution-quote``: what a stay in a category costs, month by month;
- ``GET /finance/leefloon-rates``: the dated leefloon amounts;
- ``GET /finance/contribution-percentages``: the dated percentage.

Beside them, for the finance administrator only: ``POST /finance/leefloon-rates`` and
``POST /finance/contribution-percentages`` add a dated row through the same services as the screens (audited; an
open earlier row ends the day before; overlaps and gaps are refused with a Dutch 422).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Router, Status

from spalk.access.declare import staff_only
from spalk.access.policy import can_manage_rates, can_quote, can_read_rates
from spalk.finance import selectors, services
from spalk.finance.computation import ComputationError, compute, quote_days, total
from spalk.finance.models import Category
from spalk.finance.schemas import ErrorOut, PercentageIn, PercentageOut, QuoteIn, QuoteOut, RateIn, RateOut

router = Router(tags=["finance"])
MAX_QUOTE_DAYS = 3 * 366  # a quote is about a stay, not a lifetime


def _error(field: str, code: str, msg: str) -> Status:
    return Status(422, {"detail": [{"loc": ["body", field], "field": field, "type": code, "msg": msg}]})


@router.post("/contribution-quote", response={200: QuoteOut, 422: ErrorOut},
             summary="Cliëntbijdrage voor een verblijf, per maand")
@staff_only("pure calculation on the public rates, no dossier data")
def contribution_quote(request, payload: QuoteIn):
    if not can_quote(user=request.auth):
        raise PermissionDenied
    if payload.category not in Category.values:
        return _error("category", "unknown_category",
                      _("Unknown category. Choose cohabiting, single or family."))
    if payload.to < payload.from_:
        return _error("to", "before_from", _("The last day of the stay lies before the first day."))
    if (payload.to - payload.from_).days >= MAX_QUOTE_DAYS:
        return _error("to", "too_long", _("A quote covers at most three years."))
    try:
        months = compute(quote_days(category=payload.category, start=payload.from_, end=payload.to),
                         rates=selectors.rates(), percentages=selectors.percentages())
    except ComputationError as exc:
        return _error(exc.field or "from", exc.code, exc.message)
    return Status(200, {"months": [{"month": m.label, "days": m.days, "amount": f"{m.amount:.2f}"} for m in months],
                        "total": f"{total(months):.2f}"})


@router.get("/leefloon-rates", response=list[RateOut], summary="Leefloonbedragen per categorie, gedateerd")
@staff_only("the public leefloon amounts, no dossier data")
def leefloon_rates(request):
    if not can_read_rates(user=request.auth):
        raise PermissionDenied
    return [_rate_out(r) for r in selectors.rate_list()]


def _rate_out(r) -> dict:
    return {"category": r.category, "monthly_amount": f"{r.monthly_amount:.2f}", "valid_from": r.valid_from,
            "valid_to": r.valid_to}


def _percentage_out(p) -> dict:
    return {"percentage": f"{p.percentage:.2f}", "valid_from": p.valid_from, "valid_to": p.valid_to}


def _rate_keeper(request) -> None:
    if not can_manage_rates(user=request.auth):
        raise PermissionDenied


@router.post("/leefloon-rates", response={201: RateOut, 422: ErrorOut},
             summary="Nieuw leefloonbedrag vanaf een datum (financieel beheerder)")
@staff_only("the public leefloon amounts, kept by finance administrators (can_manage_rates); no dossier data")
def leefloon_rate_add(request, payload: RateIn):
    _rate_keeper(request)
    if payload.category not in Category.values:
        return _error("category", "unknown_category",
                      _("Unknown category. Choose cohabiting, single or family."))
    rate = services.rate_add(actor=request.auth, category=payload.category, monthly_amount=payload.monthly_amount,
                             valid_from=payload.valid_from, valid_to=payload.valid_to, source=payload.source.strip())
    return Status(201, _rate_out(rate))


@router.get("/contribution-percentages", response=list[PercentageOut],
            summary="Percentage van de cliëntbijdrage, gedateerd")
@staff_only("the contribution percentage, no dossier data")
def contribution_percentages(request):
    if not can_read_rates(user=request.auth):
        raise PermissionDenied
    return [_percentage_out(p) for p in selectors.percentage_list()]


@router.post("/contribution-percentages", response={201: PercentageOut, 422: ErrorOut},
             summary="Nieuw percentage van de cliëntbijdrage vanaf een datum (financieel beheerder)")
@staff_only("the contribution percentage, kept by finance administrators (can_manage_rates); no dossier data")
def contribution_percentage_add(request, payload: PercentageIn):
    _rate_keeper(request)
    row = services.percentage_add(actor=request.auth, percentage=payload.percentage, valid_from=payload.valid_from,
                                  valid_to=payload.valid_to, source=payload.source.strip())
    return Status(201, _percentage_out(row))
