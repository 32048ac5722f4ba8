"""Error pages (400, 403, 404, 500, CSRF): Django calls these handlers, they are no routes."""

from __future__ import annotations

import sys

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from spalk.core.middleware import is_database_unavailable, unavailable_response


def error_400(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "400.html", status=400)


def error_403(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    """Django calls this inside its ``except`` block, also for exceptions raised in middleware (for example
    the session lookup when PostgreSQL refuses connections): a lost database gets the Dutch 503, and the 500
    page itself is rendered without context processors, which would query the database again."""
    exc = sys.exc_info()[1]
    if exc is not None and is_database_unavailable(exc):
        return unavailable_response(request, exc)
    return HttpResponse(render_to_string("500.html", {}), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
