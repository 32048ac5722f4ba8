from __future__ import annotations

import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

EXEMPT_PREFIXES = ("/accounts/", "/static/", "/healthz", "/api/", "/i18n/", "/favicon.ico")
SESSION_FLAG = "spalk_mfa_enrolled"
SESSION_TOUCHED = "spalk_touched"  # when the session's expiry was last pushed forward (epoch seconds)


class SlidingSessionMiddleware:
    """Idle expiry that slides with activity, with at most one session write per ``SESSION_TOUCH_SECONDS``.

    The idle time (SESSION_COOKIE_AGE) counts from the last request. Django's SESSION_SAVE_EVERY_REQUEST would
    write the session row on every request (an UPDATE and a transaction each); here a request pushes the
    expiry forward only when the last push is older than SESSION_TOUCH_SECONDS (60 s), so a session expires
    between ``age - 60 s`` and ``age`` after the last request. Sits right after SessionMiddleware: its response
    phase runs first and marks the session modified, which SessionMiddleware then saves. Sessions that do not
    exist (anonymous visitors without a cookie) are never created here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.session_key is not None and not session.is_empty():
            now = int(time.time())
            if now - int(session.get(SESSION_TOUCHED, 0)) >= settings.SESSION_TOUCH_SECONDS:
                session[SESSION_TOUCHED] = now
        return response


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
