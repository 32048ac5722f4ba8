"""The one search box of the navigation: families, persons and notes the user may open, in one list."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_GET

from spalk.access.declare import dossier
from spalk.access.policy import access_family, staff_centres
from spalk.core.errors import DomainError
from spalk.core.types import SpalkRequest
from spalk.search.forms import SearchForm
from spalk.search.selectors import SearchFilters, author_choices, notes_available
from spalk.search.services import search_audited

PER_PAGE = 20


@require_GET
@login_required
@dossier
def search(request: SpalkRequest) -> HttpResponse:
    # the "written by" list is drawn only on the full page; an htmx request for the results needs it only to
    # check an author it was given
    needs_authors = not request.htmx or bool(request.GET.get("author"))
    form = SearchForm(request.GET or None, authors=author_choices(centre_ids=staff_centres(user=request.user))
                      if needs_authors else ())
    result, error, family = None, "", None
    if form.is_valid() and form.cleaned_data["q"]:
        data = form.cleaned_data
        if data["family"]:
            family = access_family(user=request.user, family_id=data["family"])
        page = data["page"] or 1
        filters = SearchFilters(family_id=family.pk if family else None, start=data["start"], end=data["end"],
                                category=data["category"], author_id=data["author"])
        try:
            result = search_audited(actor=request.user, q=data["q"], kind=data["kind"], filters=filters,
                                    limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
        except DomainError as exc:
            error = exc.message
    template = "search/search.html" + ("#results" if request.htmx else "")
    return render(request, template, {"form": form, "result": result, "error": error, "family": family,
                                      "notes": notes_available(), "page": _page(form, result)})


def _page(form: SearchForm, result) -> dict:
    number = (form.cleaned_data.get("page") if form.is_valid() else None) or 1
    total = result.count if result else 0
    pages = max((total + PER_PAGE - 1) // PER_PAGE, 1)
    params = form.data.copy() if isinstance(form.data, QueryDict) else QueryDict(mutable=True)
    params.pop("page", None)
    base = params.urlencode()
    return {"number": number, "pages": pages, "previous": number - 1 if number > 1 else None,
            "next": number + 1 if number < pages else None, "base": base}
