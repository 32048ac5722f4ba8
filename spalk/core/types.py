"""Typed request for views (STYLE.md §4): the authenticated user and django-htmx details."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from spalk.accounts.models import User


class SpalkRequest(HttpRequest):
    user: User  # type: ignore[assignment]  # login_required guarantees an authenticated user
    htmx: HtmxDetails
    request_id: str
