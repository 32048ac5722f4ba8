"""No 500 on any input: every route of the URL registry and every GET operation of the API, with junk parameters.

A world with one record of every kind a URL names (built with factories and services, in one centre) lets each
pattern resolve with real ids; it is walked as the centre's director and as the installation administrator, who
between them may open every screen. Each page that answers a plain GET is asked again with every query parameter
a view reads (found in the views' source, so a new one is covered without editing this test) set to each junk
value; every API GET operation gets the same for the query parameters of its OpenAPI description, and its path
ids are also replaced by junk. The test fails on any 5xx: junk gets a Dutch 400/422 or is ignored.
"""

from __future__ import annotations

import inspect
import re
from urllib.parse import quote

import pytest
from django.db import DatabaseError, transaction
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

JUNK = [
    "9999-12", "9999-12-31", "0001-01-01", "31/02/2024", "2024-02-31", "2024-13", "-1", "0", "9" * 30, "1e309",
    "abc", "\x00", "%", "x" * 2000,
]
# junk for ids in a path: the <int:...> converter only lets digits through; the API's {id} takes anything
JUNK_IDS = ["9" * 30, "0", "-1", "abc", "1.5"]
JUNK_PATH = ["9999-12-31", "0001-01-01", "2024-02-31", "abc", "%25"]
# sent to every parameter at once, including ones no view reads (those must be ignored)
JUNK_ALL = ["9999-12-31", "-1", "9" * 30, "\x00"]
GENERIC_PARAMS = {"page", "limit", "offset", "sort", "order", "o", "year", "month", "date", "from", "to", "q"}
PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def _walk(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def _unwrap(view):
    while hasattr(view, "__wrapped__"):
        view = view.__wrapped__
    return view


def query_params(view, seen: set | None = None) -> set[str]:
    """The query parameters a view reads: request.GET.get("x"), request.GET["x"], the fields of a form bound to
    request.GET, also in the helpers of its module it hands the request to. Read from the source, so a new
    parameter is walked without editing this test."""
    view, seen = _unwrap(view), seen if seen is not None else set()
    if not inspect.isfunction(view) or view in seen:
        return set()
    seen.add(view)
    source, module = inspect.getsource(view), view.__globals__
    names = set(re.findall(r"GET\.get\(\"(\w+)\"", source)) | set(re.findall(r"GET\[\"(\w+)\"\]", source))
    for form in re.findall(r"(\w+Form)\(request\.GET", source):
        names |= set(module[form].base_fields)
    for helper in re.findall(r"\b(\w+)\(request\b", source):
        function = module.get(helper)
        if inspect.isfunction(function) and function.__module__ == view.__module__:
            names |= query_params(function, seen)
    return names


def _fill(pattern: str, ids: dict) -> str | None:
    missing = []

    def value(match):
        name = match.group(2)
        if name not in ids:
            missing.append(name)
            return "1"
        return str(ids[name])

    path = PARAM.sub(value, pattern)
    if re.search(r"[()\[\]\\^$*?]", path):  # a regular-expression route (allauth keys, admin catch-all)
        path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", path).replace("^", "").replace("$", "").replace("\\", "")
        if re.search(r"[()\[\]*?+]", path):
            return None
    assert not missing, f"{pattern}: add a record to world() and its id for {missing}"
    return "/" + path


def _params_of(pattern: str, converter: str) -> list[str]:
    return [m.group(2) for m in PARAM.finditer(pattern) if (m.group(1) or "str") == converter]


def _get(client, url: str, **kwargs) -> int:
    """The status of one GET, in a savepoint: a database error in one request must not hide the next ones."""
    try:
        with transaction.atomic():
            return client.get(url, **kwargs).status_code
    except DatabaseError:
        return 500


def _junk_query(names, value: str) -> str:
    return "&".join(f"{name}={quote(value, safe='')}" for name in sorted(names))


def test_web_routes_with_junk_parameters(world, director, installation_admin, mfa_client):
    routes = list(_walk(get_resolver()))
    assert len(routes) >= 100
    assert {"month", "start", "q", "page", "date_from"} <= set().union(*(query_params(v) for _p, v in routes))
    problems, pages, walked = [], 0, set()
    for user in (director, installation_admin):
        client = mfa_client(user)
        client.raise_request_exception = False
        for pattern, view in routes:
            path = _fill(pattern, world["ids"])
            if path is None or path.startswith("/api/"):
                continue
            status = _get(client, path)
            if status >= 500:
                problems.append(f"{user.email} GET {path}: {status}")
            if status != 200:
                continue
            pages += 1
            if view in walked:  # the same view under another persona: its parameters were walked already
                continue
            walked.add(view)
            own = query_params(view)
            urls = [f"{path}?{name}={quote(value, safe='')}" for name in sorted(own) for value in JUNK]
            urls += [f"{path}?{_junk_query(own | GENERIC_PARAMS, value)}" for value in JUNK_ALL]
            if "<int:" in pattern:
                urls.append(_fill(pattern, {**world["ids"], **dict.fromkeys(_params_of(pattern, "int"), JUNK_IDS[0])}))
            for name in _params_of(pattern, "str"):  # a date or a key in the path
                urls += [_fill(pattern, {**world["ids"], name: quote(junk, safe="")}) for junk in JUNK_PATH]
            problems += [f"{user.email} GET {url[:150]!r}: {status}" for url in urls
                         if (status := _get(client, url)) >= 500]
    assert pages >= 40, f"only {pages} pages answered 200: the world misses records"
    assert problems == [], "\n".join(problems)


def test_nul_in_a_query_string_of_a_page_is_a_dutch_400(director, mfa_client):
    response = mfa_client(director).get("/families/?q=Peeters%00")
    assert response.status_code == 400
    assert "NUL-teken" in response.content.decode()


def _api_path(template: str, ids: dict[str, int], junk: tuple[str, str] | None = None) -> str:
    def value(match):
        name = match.group(1)
        return quote(junk[1], safe="") if junk and junk[0] == name else str(ids[name])

    return re.sub(r"\{(\w+)\}", value, template)


def test_api_get_operations_with_junk_parameters(world, client):
    headers = {"Authorization": f"Bearer {world['token']}"}
    spec = client.get("/api/v1/openapi.json").json()
    operations = [(path, op) for path, item in spec["paths"].items() for method, op in item.items()
                  if method == "get"]
    assert len(operations) >= 15
    problems = []
    for template, op in operations:
        params = op.get("parameters", [])
        query = {p["name"] for p in params if p["in"] == "query"}
        path_names = [p["name"] for p in params if p["in"] == "path"]
        missing = [n for n in path_names if n not in world["ids"]]
        assert not missing, f"{template}: no id in the world for {missing}"
        path = _api_path(template, world["ids"])
        urls = [path] + [f"{path}?{name}={quote(value, safe='')}" for name in sorted(query) for value in JUNK]
        urls += [f"{path}?{_junk_query(query | GENERIC_PARAMS, value)}" for value in JUNK_ALL]
        urls += [_api_path(template, world["ids"], (name, junk)) for name in path_names for junk in JUNK_IDS]
        problems += [f"GET {url[:150]!r}: {status}" for url in urls
                     if (status := _get(client, url, headers=headers)) >= 500]
    assert problems == [], "\n".join(problems)
