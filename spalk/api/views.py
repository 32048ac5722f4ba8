"""My API tokens: list, create (after a recent re-authentication; the raw token is shown once) and revoke.
Only the user's own tokens."""

from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spalk.access.declare import staff_only
from spalk.api import selectors, services
from spalk.api.forms import TokenCreateForm
from spalk.core.forms import form_view
from spalk.core.types import SpalkRequest

REASON = "the signed-in person's own API tokens; no dossier data"


@require_GET
@login_required
@staff_only(REASON)
def token_list(request: SpalkRequest) -> HttpResponse:
    if not selectors.may_use_tokens(user=request.user):
        raise Http404
    return render(request, "api/tokens.html", {"tokens": selectors.token_list(user=request.user)})


@require_http_methods(["GET", "POST"])
@login_required
@reauthentication_required
@staff_only(REASON)
def token_create(request: SpalkRequest) -> HttpResponse:
    """A new token: a stolen or forgotten session alone cannot make one (allauth's recent re-authentication)."""
    if not selectors.may_use_tokens(user=request.user):
        raise Http404

    def save(data):
        return services.api_token_create(actor=request.user, user=request.user, name=data["name"],
                                         days=data["days"], read_only=data["read_only"])

    def created(result) -> HttpResponse:
        token, raw = result
        response = render(request, "api/token_created.html", {"token": token, "raw_token": raw})
        response["Cache-Control"] = "no-store"  # the raw token is shown once and must not stay in a cache
        return response

    return form_view(request, TokenCreateForm(request.POST or None), save=save, success=created,
                     template="api/token_new.html")


@require_POST
@login_required
@staff_only(REASON)
def token_revoke(request: SpalkRequest, token_id: int) -> HttpResponse:
    token = selectors.access_own_token(user=request.user, token_id=token_id)
    if token.revoked_at is None:
        services.api_token_revoke(actor=request.user, token=token)
        messages.success(request, _("Token %(name)s revoked. It no longer works.") % {"name": token.name})
    return redirect("accounts:tokens:list")
