"""Refuse NUL characters in API input with a Dutch 422, before any schema or query sees them.

PostgreSQL cannot store U+0000 in text; Django forms refuse it (ProhibitNullCharactersValidator), the
pydantic schemas of the API do not. One check here covers every operation, body and query string alike.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import parse_qsl

from django.http import HttpRequest, HttpResponse, JsonResponse

MESSAGE = "Tekst mag geen NUL-teken (\\u0000) bevatten."


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
                errors.append({"loc": ["query", key], "field": key, "type": "string_nul", "msg": MESSAGE})
        if "\x00" in request.path:
            errors.append({"loc": ["path"], "field": "", "type": "string_nul", "msg": MESSAGE})
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
                           "msg": MESSAGE})
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
