"""Every route × every persona → the expected status, generated from the URL registry and the API.

Rules (ARCHITECTURE.md "Access policy"):
- anonymous: a page sends to the login page (302), the API answers 401; @public routes answer;
- outsider (director of another centre), installation administrator, colleague (same centre, not on the
  family's team): every route about ``family`` answers 404, as if it did not exist;
- director and the assigned counsellor: never 404 on their own family's routes;
- nobody ever gets a 5xx, and a page shown to someone without access never names the family.
"""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from spalk.access.declare import PUBLIC, declared_policy
from spalk.api.api import api

PERSONAS = ["director", "counsellor", "colleague", "outsider", "installation_admin", "anonymous"]
NO_ACCESS = {"outsider", "installation_admin", "colleague"}
PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
NOT_FOUND_ID = "987654321"


def _walk(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def web_routes():
    out = []
    for pattern, view in _walk(get_resolver()):
        if not (getattr(view, "__module__", "") or "").startswith("spalk.") or pattern.startswith("api/"):
            continue
        out.append((pattern, view))
    return out


def api_operations():
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for op in path_view.operations:
                for method in op.methods:
                    yield method, "api/v1" + prefix + path, op.view_func


def _fill(pattern: str, family, person) -> str:
    def value(match):
        converter, name = match.group(1) or "str", match.group(2)
        if name == "family_id":
            return str(family.pk)
        if name == "person_id":
            return str(person.pk)
        if converter == "uuid":
            return str(uuid.UUID(int=0))
        return NOT_FOUND_ID if converter == "int" else "x"

    path = PARAM.sub(value, pattern)
    path = re.sub(r"\{(\w+)\}", lambda m: str(family.pk) if m.group(1) == "family_id" else
                  str(person.pk) if m.group(1) == "person_id" else NOT_FOUND_ID, path)
    return "/" + path.lstrip("^").rstrip("$")


def _names(family, body: str) -> bool:
    """The page identifies the family (its dossier number or a link to it). Not its name: "Gezin Peeters"
    is also the example in help texts."""
    return family.reference in body or f"/families/{family.pk}/" in body or f'"id": {family.pk},' in body


def _expected(persona: str, family_route: bool, public: bool, api_route: bool, method: str) -> set[int] | None:
    """The allowed statuses, or None for "anything but 5xx"."""
    if persona == "anonymous":
        if public:
            return None
        return {401} if api_route else {302, 405}
    if family_route and persona in NO_ACCESS:
        return {404, 405} if not api_route else {404, 405, 422}
    return None


@pytest.fixture
def people(request, director, counsellor, colleague, outsider, installation_admin):
    return {"director": director, "counsellor": counsellor, "colleague": colleague, "outsider": outsider,
            "installation_admin": installation_admin}


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_web_route_for_every_persona(persona, people, family, mfa_client):
    person = family.members.first().person
    client = Client(raise_request_exception=False) if persona == "anonymous" else mfa_client(people[persona])
    client.raise_request_exception = False
    problems = []
    routes = web_routes()
    assert len(routes) >= 15
    for pattern, view in routes:
        family_route = "<int:family_id>" in pattern
        public = declared_policy(view) == PUBLIC
        path = _fill(pattern, family, person)
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            status = response.status_code
            allowed = _expected(persona, family_route, public, False, method)
            if status >= 500 or (allowed is not None and status not in allowed):
                problems.append(f"{method.upper()} {path}: {status} (expected {sorted(allowed or [])})")
            if persona in NO_ACCESS and status == 200 and method == "get" and \
                    _names(family, response.content.decode(errors="replace")):
                problems.append(f"GET {path}: shows {family.reference} to {persona}")
            if persona in ("director", "counsellor") and family_route and status == 404 and method == "get" \
                    and "person_id" not in pattern and NOT_FOUND_ID not in path:
                problems.append(f"GET {path}: 404 for {persona} on their own family")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_api_operation_for_every_persona(persona, people, family, client):
    from spalk.api.services import api_token_create

    person = family.members.first().person
    headers = {}
    if persona != "anonymous":
        user = people[persona]
        _token, raw = api_token_create(actor=user, user=user, name="matrix")
        headers = {"Authorization": f"Bearer {raw}"}
    problems = []
    operations = list(api_operations())
    assert len(operations) >= 7
    for method, pattern, view in operations:
        family_route = "{family_id}" in pattern
        path = _fill(pattern, family, person)
        response = client.generic(method, path, "{}", content_type="application/json", headers=headers)
        status = response.status_code
        allowed = _expected(persona, family_route, declared_policy(view) == PUBLIC, True, method)
        if status >= 500 or (allowed is not None and status not in allowed):
            problems.append(f"{method} {path}: {status} (expected {sorted(allowed or [])})")
        if persona in NO_ACCESS and status == 200 and _names(family, response.content.decode(errors="replace")):
            problems.append(f"{method} {path}: shows {family.reference} to {persona}")
        if persona == "counsellor" and family_route and method == "GET" and status == 404:
            problems.append(f"GET {path}: 404 for the assigned counsellor")
    assert problems == [], "\n".join(problems)
