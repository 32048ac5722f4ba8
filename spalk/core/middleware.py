from __future__ import annotations

import logging
import re
import time
import uuid

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

from spalk.core.context import RequestContext, reset_current, set_current
from spalk.core.net import client_ip

logger = logging.getLogger("spalk.request")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Gives every request an id (or keeps a sane incoming X-Request-ID) for logs and audit rows."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        via = "api" if request.path.startswith("/api/") else "web"
        token = set_current(RequestContext(request_id=request_id, ip=client_ip(request), path=request.path,
                                           via=via))
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            logger.info("%s %s %s %.1fms", request.method, request.path, response.status_code,
                        (time.perf_counter() - started) * 1000)
        finally:
            reset_current(token)
        response["X-Request-ID"] = request_id
        return response


class DatabaseUnavailableMiddleware:
    """A Dutch 503 page (or JSON for the API) when PostgreSQL cannot be reached.

    The connection is dropped so the next request reconnects: the app recovers by itself
    when the database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        except (OperationalError, InterfaceError) as exc:
            if not _is_connection_error(exc):
                raise
            return self._unavailable(request, exc)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if isinstance(exc, (OperationalError, InterfaceError)) and _is_connection_error(exc):
            return self._unavailable(request, exc)
        return None

    def _unavailable(self, request: HttpRequest, exc: Exception) -> HttpResponse:
        return unavailable_response(request, exc)


def unavailable_response(request: HttpRequest, exc: BaseException) -> HttpResponse:
    """The Dutch 503 (JSON for the API and the health check); drops every connection so the next request
    reconnects. Renders without context processors: they would need the database."""
    logger.error("database unavailable: %s", exc.__class__.__name__)
    for conn in connections.all():
        try:
            conn.close()
        except (OperationalError, InterfaceError):
            conn.connection = None
    if request.path == "/healthz":
        # middleware (the session lookup of a signed-in client) may fail before the view runs
        return JsonResponse({"status": "unavailable", "database": False}, status=503,
                            headers={"Retry-After": "30"})
    if request.path.startswith("/api/"):
        return HttpResponse(
            '{"detail": "De databank is tijdelijk niet bereikbaar. Probeer het zo dadelijk opnieuw."}',
            status=503, content_type="application/json", headers={"Retry-After": "30"},
        )
    html = render_to_string("503.html", {})
    return HttpResponse(html, status=503, headers={"Retry-After": "30"})


def is_database_unavailable(exc: BaseException | None) -> bool:
    return isinstance(exc, (OperationalError, InterfaceError)) and _is_connection_error(exc)


def _is_connection_error(exc: Exception) -> bool:
    text = str(exc).lower()
    markers = ("connection", "connect", "server closed", "terminating", "could not", "timeout",
               "the database system is", "no such file", "refused", "shutting down")
    return isinstance(exc, InterfaceError) or any(m in text for m in markers)


class SecurityHeadersMiddleware:
    """Headers Django does not set itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            # dossier pages must not linger in shared browser caches
            response.setdefault("Cache-Control", "no-store, private")
        return response
