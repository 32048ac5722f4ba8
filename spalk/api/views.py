"""My API tokens: list, create (the raw token is shown once) and revoke. Only the user's own tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from spalk.access.declare import staff_only
from spalk.api import selectors, services
from spalk.api.forms import TokenCreateForm
from spalk.core.types import SpalkRequest

REASON = "the signed-in person's own API tokens; no dossier data"


@require_http_methods(["GET", "POST"])
@login_required
@staff_only(REASON)
def token_list(request: SpalkRequest) -> HttpResponse:
    if not selectors.may_use_tokens(user=request.user):
        raise Http404
    form = TokenCreateForm(request.POST or None)
    raw = None
    if request.method == "POST" and form.is_valid():
        _token, raw = services.api_token_create(actor=request.user, user=request.user, name=form.cleaned_data["name"])
        form = TokenCreateForm()
    tokens = selectors.token_list(user=request.user)
    response = render(request, "api/tokens.html", {"tokens": tokens, "form": form, "raw_token": raw})
    response["Cache-Control"] = "no-store"  # the raw token is shown once and must not stay in a cache
    return response


@require_POST
@login_required
@staff_only(REASON)
def token_revoke(request: SpalkRequest, token_id: int) -> HttpResponse:
    token = selectors.access_own_token(user=request.user, token_id=token_id)
    if token.revoked_at is None:
        services.api_token_revoke(actor=request.user, token=token)
        messages.success(request, _("Token %(name)s revoked. It no longer works.") % {"name": token.name})
    return redirect("accounts:tokens:list")
