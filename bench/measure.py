"""Measure scenarios in-process: Django's test client, a timer around each request and a database
execute wrapper that counts queries and their time."""

from __future__ import annotations

import re
import statistics
import time
import zlib
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
            # the sliding session expiry writes the session row once a minute (SlidingSessionMiddleware): timed,
            # but not counted, so that a page's query count does not depend on when in the minute it ran
            if not sql.startswith('UPDATE "django_session"'):
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
    # other placeholders of scenario paths: name -> values to rotate over (pairs share an index)
    objects: dict[str, list] = field(default_factory=dict)


def _percentile(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def _client() -> Client:
    """A server error is measured and reported as status 500, not raised."""
    return Client(HTTP_HOST="localhost", raise_request_exception=False)


def _spread(values: list) -> list:
    step = max(1, len(values) // ROTATE)
    return values[::step][:ROTATE]


def _objects(user) -> dict[str, list]:
    """Registrations, A-documents, trajectories and stay families the persona may open, spread over the data."""
    import datetime

    from django.apps import apps
    from django.utils import timezone

    from spalk.access import policy

    out: dict[str, list] = {}
    today = timezone.localdate()
    out["last_month"] = [(today.replace(day=1) - datetime.timedelta(days=1)).strftime("%Y-%m")]
    out["next_week"] = [(today + datetime.timedelta(days=7 - today.weekday())).isoformat()]
    if apps.is_installed("spalk.intake") and hasattr(policy, "visible_registrations"):
        from spalk.intake.models import ADocument

        regs = policy.visible_registrations(user=user)
        out["registration"] = _spread(list(regs.order_by("pk").values_list("pk", flat=True)[:400]))
        out["open_registration"] = _spread(list(regs.filter(status__in=["new", "in_screening"]).order_by("pk")
                                                .values_list("pk", flat=True)[:400]))
        pairs = _spread(list(ADocument.objects.filter(registration__in=regs).order_by("pk")
                             .values_list("registration_id", "pk")[:400]))
        out["adoc_registration"] = [r for r, _a in pairs]
        out["adoc"] = [a for _r, a in pairs]
    if apps.is_installed("spalk.trajectories") and hasattr(policy, "visible_trajectories"):
        trajectories = policy.visible_trajectories(user=user)
        out["trajectory"] = _spread(list(trajectories.filter(allocations__isnull=False).order_by("pk")
                                         .values_list("pk", flat=True).distinct()[:400]))
        out["stay_family"] = _spread(list(trajectories.filter(allocations__isnull=False).order_by("family_id")
                                          .values_list("family_id", flat=True).distinct()[:400]))
    if apps.is_installed("spalk.logbook"):
        from spalk.logbook.selectors import family_note_page

        out["handover"] = _spread(list(policy.visible_handovers(user=user).order_by("-written_at")
                                       .values_list("pk", flat=True)[:40]))
        families = out.get("stay_family", [])
        if families:
            # the cursor of the second page of each stay family's logbook (pairs with stay_family by index)
            from spalk.families.models import Family

            cursors = []
            for family in Family.objects.filter(pk__in=families).order_by("pk"):
                cursors.append(family_note_page(user=user, family=family).before or "")
            out["before"] = cursors
    if apps.is_installed("spalk.plans"):
        from bench.generators.plans import BIG_MARK

        big = policy.visible_plans(user=user).filter(agreements=BIG_MARK)
        out["big_plan"] = _spread(list(big.order_by("pk").values_list("pk", flat=True)[:20]))
        out["big_report"] = _spread(list(policy.visible_reports(user=user).filter(plan__in=big).order_by("pk")
                                         .values_list("pk", flat=True)[:5]))
    if apps.is_installed("spalk.health") and hasattr(policy, "visible_health"):
        from bench.generators.health import MARK
        from spalk.health.models import GrowthMeasurement

        out["growth_person"] = _spread(list(policy.visible_health(GrowthMeasurement, user=user).filter(note=MARK)
                                            .order_by("person_id").values_list("person_id", flat=True)
                                            .distinct()[:20]))
    return out


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
                           references=[r for _f, r in chosen], client=client, objects=_objects(user))
    return out


PLACEHOLDERS = re.compile(r"\{(\w+)\}")


def _paths(scenario: Scenario, persona: Persona) -> list[str] | str:
    """The paths to rotate over, or the reason why the persona has nothing to open."""
    names = set(PLACEHOLDERS.findall(scenario.path))
    if not names:
        return [scenario.path]
    from spalk.accounts.models import User

    values: dict[str, list] = {
        "family": persona.families, "reference": persona.references,
        "person": [persona.persons.get(f, 0) for f in persona.families],
        "counsellor_id": [User.objects.filter(email=persona_email("counsellor")).values_list("pk", flat=True)
                          .first()] if "counsellor_id" in names else [],
        **persona.objects,
    }
    empty = sorted(n for n in names if not values.get(n))
    if empty:
        return "persona sees no " + ", ".join(empty)
    count = max(len(values[n]) for n in names)
    return [scenario.path.format(**{n: values[n][i % len(values[n])] for n in names}) for i in range(count)]


def run_scenario(scenario: Scenario, persona: Persona, repeat: int, warmup: int = 2) -> dict[str, Any]:
    paths = _paths(scenario, persona)
    result: dict[str, Any] = {"name": scenario.name, "persona": scenario.persona, "kind": scenario.kind,
                              "path": scenario.path, "target_ms": scenario.target_ms, "search": scenario.search,
                              "key_page": scenario.key_page}
    if isinstance(paths, str):
        result["error"] = paths
        return result
    headers: dict[str, str] = {}
    if scenario.htmx:
        headers["HX-Request"] = "true"
    if scenario.token:
        headers["Authorization"] = f"Bearer {persona.token}"
    client = persona.client
    assert client is not None
    times, sql_times, queries, statuses, pages = [], [], [], set(), set()
    for i in range(warmup + repeat):
        path = paths[i % len(paths)]
        meter = QueryMeter()
        with connection.execute_wrapper(meter):
            start = time.perf_counter()
            response = client.get(path, headers=headers)
            elapsed = time.perf_counter() - start
        statuses.add(response.status_code)
        if response.get("Content-Type", "").startswith("application/pdf"):
            pages.add(pdf_pages(response.content))
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
    if pages:
        result["pages"] = sorted(pages)
    return result


PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![s\w])")


def pdf_pages(content: bytes) -> int:
    """Page objects of a PDF, also inside compressed object streams (WeasyPrint writes those)."""
    count = len(PAGE_OBJECT.findall(content))
    for match in re.finditer(rb"stream\r?\n", content):
        end = content.find(b"endstream", match.end())
        try:
            count += len(PAGE_OBJECT.findall(zlib.decompressobj().decompress(content[match.end():end])))
        except zlib.error:
            continue
    return count


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


PRINT_PAGES = 20
PRINT_NAME = f"{PRINT_PAGES}-page print of A-documents (synthetic)"


def print_pdf(repeat: int) -> dict[str, Any] | None:
    """spalk has no 20-page document yet: time one WeasyPrint render of consecutive A-documents (the intake's own
    template and data, each starting on a new page) until the print has 20 pages. In-process, no HTTP."""
    from django.apps import apps

    if not apps.is_installed("spalk.intake"):
        return None
    from django.template.loader import render_to_string
    from django.utils import timezone
    from weasyprint import HTML

    from spalk.intake import pdf
    from spalk.intake.models import ADocument

    ids = list(ADocument.objects.order_by("pk").values_list("pk", flat=True)[:60])
    if not ids:
        return None

    def html_of(count: int) -> str:
        parts, head = [], ""
        for adoc in ADocument.objects.filter(pk__in=ids[:count]).select_related(
                "registration__centre", "registration__family", "registration__referrer_organisation",
                "registration__referrer_contact").order_by("pk"):
            page = render_to_string("intake/a_document_pdf.html", {
                "data": pdf.for_display(pdf.a_document_data(adoc=adoc)), "adoc": adoc,
                "printed_on": timezone.localdate()})
            head = head or page[:page.index("<body")]
            body = page[page.index(">", page.index("<body")) + 1:page.index("</body>")]
            parts.append(f'<section style="break-before: page">{body}</section>' if parts else body)
        return head + "<body>" + "".join(parts) + "</body></html>"

    count = 1  # how many A-documents make 20 pages (not timed)
    while count < len(ids) and len(HTML(string=html_of(count)).render().pages) < PRINT_PAGES:
        count += 1
    times, sql_times, queries, pages = [], [], [], set()
    for i in range(repeat + 1):
        meter = QueryMeter()
        with connection.execute_wrapper(meter):
            start = time.perf_counter()
            content = HTML(string=html_of(count)).write_pdf()
            elapsed = time.perf_counter() - start
        if i:  # the first is a warm-up
            times.append(elapsed * 1000)
            sql_times.append(meter.seconds * 1000)
            queries.append(meter.count)
            pages.add(pdf_pages(content))
    return {"name": PRINT_NAME, "persona": "-", "kind": "pdf", "path": f"(in-process, {count} A-documents)",
            "target_ms": 2000.0, "search": False, "key_page": False, "requests": repeat, "objects": count,
            "statuses": [200], "p50_ms": round(_percentile(times, 50), 1), "p95_ms": round(_percentile(times, 95), 1),
            "max_ms": round(max(times), 1), "sql_p50_ms": round(_percentile(sql_times, 50), 1),
            "queries_min": min(queries), "queries_max": max(queries),
            "server_sql_ratio": round(sum(times) / sum(sql_times), 1) if sum(sql_times) else None,
            "met": _percentile(times, 95) <= 2000.0, "queries_flat": True, "pages": sorted(pages)}


NOTE_WRITE_NAME = "write a note (htmx POST)"


def note_write(people: dict[str, Persona], repeat: int) -> dict[str, Any] | None:
    """Writing a logbook note as the night shift does: one htmx POST, target 100 ms (the only write measured)."""
    from django.apps import apps

    persona = people.get("counsellor")
    if not apps.is_installed("spalk.logbook") or persona is None or not persona.objects.get("stay_family"):
        return None
    families = persona.objects["stay_family"]
    client = persona.client
    assert client is not None
    times, sql_times, queries, statuses = [], [], [], set()
    for i in range(repeat + 2):
        family = families[i % len(families)]
        meter = QueryMeter()
        with connection.execute_wrapper(meter):
            start = time.perf_counter()
            response = client.post(f"/logbook/families/{family}/notes/", {
                "text": f"Bench: Noor sliep om {i % 12 + 8} uur, mama las een boekje voor.",
                "category": "parent_work", "visibility": "team"}, headers={"HX-Request": "true"})
            elapsed = time.perf_counter() - start
        statuses.add(response.status_code)
        if i >= 2:
            times.append(elapsed * 1000)
            sql_times.append(meter.seconds * 1000)
            queries.append(meter.count)
    return {"name": NOTE_WRITE_NAME, "persona": "counsellor", "kind": "fragment",
            "path": "/logbook/families/{stay_family}/notes/ (POST)", "target_ms": 100.0, "search": False,
            "key_page": True, "requests": repeat, "objects": len(families), "statuses": sorted(statuses),
            "p50_ms": round(_percentile(times, 50), 1), "p95_ms": round(_percentile(times, 95), 1),
            "max_ms": round(max(times), 1), "sql_p50_ms": round(_percentile(sql_times, 50), 1),
            "queries_min": min(queries), "queries_max": max(queries),
            "server_sql_ratio": round(sum(times) / sum(sql_times), 1) if sum(sql_times) else None,
            "met": _percentile(times, 95) <= 100.0 and statuses <= {200},
            "queries_flat": min(queries) == max(queries)}


MONTHLY_RUN_NAME = "monthly contribution run, all centres"
MONTHLY_RUN_TARGET_MS = 60_000.0


def monthly_runs() -> list[dict[str, Any]]:
    """The contribution's monthly run of last month for every centre, in-process (the job's work), twice: the
    first makes the statements, the second finds nothing to change (idempotent). Target: 60 s for all centres."""
    import datetime

    from django.apps import apps
    from django.utils import timezone

    if not apps.is_installed("spalk.finance"):
        return []
    from spalk.centres.models import Centre
    from spalk.finance.models import Statement
    from spalk.finance.statements import monthly_run

    month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    centres = list(Centre.objects.filter(is_active=True).order_by("pk"))
    out = []
    for label in ("first run", "second run (idempotent)"):
        meter = QueryMeter()
        with connection.execute_wrapper(meter):
            start = time.perf_counter()
            made = sum(len(monthly_run(centre=c, month=month).made) for c in centres)
            elapsed = (time.perf_counter() - start) * 1000
        out.append({"name": f"{MONTHLY_RUN_NAME}: {label}", "persona": "-", "kind": "job",
                    "path": f"(in-process, {len(centres)} centres, {month:%Y-%m}, {made} statements made, "
                            f"{Statement.objects.filter(month=month).count()} in the month)",
                    "target_ms": MONTHLY_RUN_TARGET_MS, "search": False, "key_page": False, "requests": 1,
                    "objects": len(centres), "statuses": [200], "p50_ms": round(elapsed, 1),
                    "p95_ms": round(elapsed, 1), "max_ms": round(elapsed, 1),
                    "sql_p50_ms": round(meter.seconds * 1000, 1), "queries_min": meter.count,
                    "queries_max": meter.count, "server_sql_ratio": None,
                    "met": elapsed <= MONTHLY_RUN_TARGET_MS, "queries_flat": True})
    return out


def measure(repeat: int, only: str = "") -> dict[str, Any]:
    wanted_names = [o.strip().lower() for o in only.split(",") if o.strip()]  # "handover,search": either

    def wanted(name: str) -> bool:
        return not wanted_names or any(o in name.lower() for o in wanted_names)

    people = personas()
    # the production server freezes what it has loaded before its first request (spalk.wsgi): so does the bench,
    # so that a page's figures include the garbage collector as a server runs it
    from spalk.core.startup import freeze_startup_objects

    freeze_startup_objects()
    extra, skipped = discovered()
    results = []
    if not wanted_names or wanted(MONTHLY_RUN_NAME) or any("finance" in o for o in wanted_names):
        for result in monthly_runs():  # first, so that the balance pages below show statements
            results.append(result)
            print(f"  {result['name']:55s} {result['p50_ms']:>9} ms  q {result['queries_max']}", flush=True)
    for scenario in [*SCENARIOS, *extra]:
        if not wanted(scenario.name):
            continue
        result = run_scenario(scenario, people[scenario.persona], repeat)
        if scenario.name.endswith("(discovered)") and result.get("statuses") != [200]:
            skipped.append({"route": scenario.path, "name": scenario.name,
                            "reason": f"answers {result.get('statuses')} to the director without parameters"})
            continue
        results.append(result)
        print(f"  {scenario.key:55s} p50 {result.get('p50_ms', '-'):>7} p95 {result.get('p95_ms', '-'):>7} ms  "
              f"q {result.get('queries_max', '-'):>3}  {result.get('statuses', result.get('error'))}", flush=True)
    if not wanted_names or any(o in NOTE_WRITE_NAME.lower() for o in wanted_names):
        written = note_write(people, repeat)
        if written is not None:
            results.append(written)
            print(f"  {NOTE_WRITE_NAME:55s} p50 {written['p50_ms']:>7} p95 {written['p95_ms']:>7} ms  "
                  f"q {written['queries_max']:>3}  {written['statuses']}", flush=True)
    if not wanted_names or any(o in PRINT_NAME.lower() for o in wanted_names):
        printed = print_pdf(max(3, repeat // 6))  # a few seconds each: fewer repeats
        if printed is not None:
            results.append(printed)
            print(f"  {PRINT_NAME:55s} p50 {printed['p50_ms']:>7} p95 {printed['p95_ms']:>7} ms  "
                  f"pages {printed['pages']}", flush=True)
    return {"results": results, "not_measured": skipped}
