"""Refuse NUL characters in input, before any schema, form or query sees them.

PostgreSQL cannot take U+0000 in text, not even in a search term. Django forms refuse it in what they clean
(ProhibitNullCharactersValidator), but a view reading ``request.GET`` and the pydantic schemas of the API do
not. One check covers every route: the API answers a Dutch 422 for a NUL in a JSON body or query string, a
page answers the Dutch 400 page for a NUL in its address or query string.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import parse_qsl

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def _message() -> str:
    return _("Text may not contain a NUL character (\\u0000).")


def _nul_paths(value, path: tuple) -> Iterator[tuple]:
    if isinstance(value, str):
        if "\x00" in value:
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            if "\x00" in str(key):
                yield (*path, key)
            yield from _nul_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nul_paths(item, (*path, index))


def nul_errors(request: HttpRequest) -> list[dict]:
    errors = []
    query = request.META.get("QUERY_STRING", "")
    if "%00" in query or "\x00" in request.path:
        for key, value in parse_qsl(query, keep_blank_values=True):
            if "\x00" in key or "\x00" in value:
                errors.append({"loc": ["query", key], "field": key, "type": "string_nul", "msg": _message()})
        if "\x00" in request.path:
            errors.append({"loc": ["path"], "field": "", "type": "string_nul", "msg": _message()})
    content_type = request.content_type or ""
    is_json = content_type in ("application/json", "") or content_type.endswith("+json")
    body = request.body if request.method in ("POST", "PUT", "PATCH", "DELETE") and is_json else b""
    if b"\\u0000" in body or b"\x00" in body:
        try:
            data = json.loads(body)
        except ValueError:
            data = None
        paths = list(_nul_paths(data, ())) if data is not None else [()]
        for path in paths:
            errors.append({"loc": ["body", *path], "field": ".".join(str(p) for p in path), "type": "string_nul",
                           "msg": _message()})
    return errors


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            errors = nul_errors(request)
            if errors:
                return JsonResponse({"detail": errors}, status=422)
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        """Pages: after authentication, so the 400 page renders with the navigation of the signed-in user."""
        if request.path.startswith("/api/"):
            return None
        if "\x00" in request.path or any("\x00" in key or "\x00" in value
                                         for key, value in parse_qsl(request.META.get("QUERY_STRING", ""),
                                                                     keep_blank_values=True)):
            return render(request, "400.html", {"message": _message()}, status=400)
        return None
