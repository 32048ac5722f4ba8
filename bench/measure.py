"""Measure scenarios in-process: Django's test client, a timer around each request and a database
execute wrapper that counts queries and their time."""

from __future__ import annotations

import re
import statistics
import time
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from bench.generators.accounts import persona_email
from bench.scenarios import COVERED, NOT_MEASURED_REASON, PAGE, SCENARIOS, Scenario

PERSONA_ROLES = {"director": "director", "team_lead": "team_lead", "counsellor": "counsellor",
                 "night_staff": "night_staff", "administrative": "administrative",
                 "intake_officer": "intake_officer", "context_counsellor": "context_counsellor",
                 "centre_admin": "centre_admin"}
ROTATE = 8  # different families per scenario, so one warm row does not flatter the numbers


class QueryMeter:
    def __init__(self):
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start
            self.count += 1


@dataclass
class Persona:
    key: str
    user: Any = None
    token: str = ""
    families: list[int] = field(default_factory=list)
    persons: dict[int, int] = field(default_factory=dict)
    references: list[str] = field(default_factory=list)
    client: Client | None = None


def _percentile(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def _client() -> Client:
    """A server error is measured and reported as status 500, not raised."""
    return Client(HTTP_HOST="localhost", raise_request_exception=False)


def personas() -> dict[str, Persona]:
    from spalk.access.policy import visible_families
    from spalk.accounts.middleware import SESSION_FLAG
    from spalk.accounts.models import User
    from spalk.api.services import api_token_create
    from spalk.families.models import FamilyMember

    out: dict[str, Persona] = {"anonymous": Persona(key="anonymous", client=_client())}
    for key, role in PERSONA_ROLES.items():
        user = User.objects.get(email=persona_email(role))
        client = _client()
        client.force_login(user)
        session = client.session
        session[SESSION_FLAG] = True
        session.save()
        _token, raw = api_token_create(actor=user, user=user, name="bench")
        families = list(visible_families(user=user).order_by("pk").values_list("pk", "reference")[:200])
        # spread over the visible families, not only the first ones
        step = max(1, len(families) // ROTATE)
        chosen = families[::step][:ROTATE]
        ids = [f for f, _r in chosen]
        persons = dict(FamilyMember.objects.filter(family_id__in=ids, role="parent").order_by("family_id", "pk")
                       .values_list("family_id", "person_id").distinct("family_id"))
        out[key] = Persona(key=key, user=user, token=raw, families=ids, persons=persons,
                           references=[r for _f, r in chosen], client=client)
    return out


def _paths(scenario: Scenario, persona: Persona) -> list[str]:
    counsellor = persona_email("counsellor")
    if "{" not in scenario.path:
        return [scenario.path]
    if not persona.families:
        return []
    from spalk.accounts.models import User

    counsellor_id = User.objects.filter(email=counsellor).values_list("pk", flat=True).first()
    return [scenario.path.format(family=f, person=persona.persons.get(f, 0), reference=r,
                                 counsellor_id=counsellor_id)
            for f, r in zip(persona.families, persona.references, strict=True)]


def run_scenario(scenario: Scenario, persona: Persona, repeat: int, warmup: int = 2) -> dict[str, Any]:
    paths = _paths(scenario, persona)
    result: dict[str, Any] = {"name": scenario.name, "persona": scenario.persona, "kind": scenario.kind,
                              "path": scenario.path, "target_ms": scenario.target_ms, "search": scenario.search,
                              "key_page": scenario.key_page}
    if not paths:
        result["error"] = "persona sees no family"
        return result
    headers: dict[str, str] = {}
    if scenario.htmx:
        headers["HX-Request"] = "true"
    if scenario.token:
        headers["Authorization"] = f"Bearer {persona.token}"
    client = persona.client
    assert client is not None
    times, sql_times, queries, statuses = [], [], [], set()
    for i in range(warmup + repeat):
        path = paths[i % len(paths)]
        meter = QueryMeter()
        with connection.execute_wrapper(meter):
            start = time.perf_counter()
            response = client.get(path, headers=headers)
            elapsed = time.perf_counter() - start
        statuses.add(response.status_code)
        if i >= warmup:
            times.append(elapsed * 1000)
            sql_times.append(meter.seconds * 1000)
            queries.append(meter.count)
    result.update({
        "requests": repeat, "objects": len(paths), "statuses": sorted(statuses),
        "p50_ms": round(_percentile(times, 50), 1), "p95_ms": round(_percentile(times, 95), 1),
        "max_ms": round(max(times), 1), "sql_p50_ms": round(_percentile(sql_times, 50), 1),
        "queries_min": min(queries), "queries_max": max(queries),
        "server_sql_ratio": round(sum(times) / sum(sql_times), 1) if sum(sql_times) else None,
        "met": _percentile(times, 95) <= scenario.target_ms and statuses <= {200},
        "queries_flat": min(queries) == max(queries),
    })
    return result


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), f"{ns}" if ns else namespace)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else (p.name or "")
            yield prefix + str(p.pattern), name, p.callback


def routes() -> list[tuple[str, str, Any]]:
    """Every route of spalk's own apps (not Django admin, allauth, static)."""
    out = []
    for pattern, name, callback in _walk(get_resolver().url_patterns):
        module = getattr(callback, "__module__", "") or ""
        if module.startswith(("django.contrib", "allauth")):
            continue
        if pattern.startswith(("django-admin/", "accounts/", "static/")):
            continue
        if name.endswith(("openapi-json", "openapi-view")):
            continue
        out.append((pattern, name, callback))
    return out


def discovered() -> tuple[list[Scenario], list[dict[str, str]]]:
    """Scenarios for routes not in SCENARIOS that only need a family id; the others as 'not measured'."""
    extra, skipped = [], []
    for pattern, name, _callback in routes():
        if name in COVERED:
            continue
        params = set(re.findall(r"<(?:\w+:)?(\w+)>", pattern))
        if name in NOT_MEASURED_REASON:
            skipped.append({"route": "/" + pattern, "name": name, "reason": NOT_MEASURED_REASON[name]})
        elif params <= {"family_id"} and not pattern.startswith("api/"):
            path = "/" + re.sub(r"<(?:\w+:)?family_id>", "{family}", pattern)
            extra.append(Scenario(name=f"{name} (discovered)", kind=PAGE, persona="director", path=path))
        else:
            skipped.append({"route": "/" + pattern, "name": name,
                            "reason": "needs parameters " + ", ".join(sorted(params)) if params
                            else "not a GET page"})
    return extra, skipped


def measure(repeat: int, only: str = "") -> dict[str, Any]:
    people = personas()
    extra, skipped = discovered()
    results = []
    for scenario in [*SCENARIOS, *extra]:
        if only and only.lower() not in scenario.name.lower():
            continue
        result = run_scenario(scenario, people[scenario.persona], repeat)
        if scenario.name.endswith("(discovered)") and result.get("statuses") != [200]:
            skipped.append({"route": scenario.path, "name": scenario.name,
                            "reason": f"answers {result.get('statuses')} to the director without parameters"})
            continue
        results.append(result)
        print(f"  {scenario.key:55s} p50 {result.get('p50_ms', '-'):>7} p95 {result.get('p95_ms', '-'):>7} ms  "
              f"q {result.get('queries_max', '-'):>3}  {result.get('statuses', result.get('error'))}", flush=True)
    return {"results": results, "not_measured": skipped}
