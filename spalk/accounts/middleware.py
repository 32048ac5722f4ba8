from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

EXEMPT_PREFIXES = ("/accounts/", "/static/", "/healthz", "/api/", "/i18n/", "/favicon.ico")
SESSION_FLAG = "spalk_mfa_enrolled"


def has_second_factor(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()


class RequireSecondFactorMiddleware:
    """Signed-in people without a second factor are sent to set one up before anything else.

    allauth asks for the code at every sign-in once a factor exists; this closes the gap of a
    first sign-in (enrolment).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
            and not request.session.get(SESSION_FLAG)
        ):
            if has_second_factor(user):
                request.session[SESSION_FLAG] = True
            else:
                return redirect("mfa_activate_totp")
        return self.get_response(request)
