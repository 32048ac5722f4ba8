"""Every page of the URL registry (not a hand-kept list), on the fictional demo data (issue 10):

- axe-core finds no serious or critical WCAG violation at desktop width (1280 px) nor at phone width;
- no page is wider than a 360 px viewport (nothing sticks out sideways, nothing is cut off), also with a
  family whose name is one long unbroken word (defect 10).

The routes come from Django's resolver. Each one is asked first with Django's test client as the demo
director (the installation administrator for the routes only they may open): a route that answers GET with
an HTML page is checked in the browser; one that only takes POST (405), answers with a file (CSV, PDF) or
redirects is not a page. Any other answer fails the test, so a new route is checked the day it is added.
"""

from __future__ import annotations

import io
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from tests.browser.helpers import ensure_totp, login

pytestmark = pytest.mark.browser

PHONE_WIDTH = 360
DESKTOP = {"width": 1280, "height": 900}
FAILING_IMPACTS = {"serious", "critical"}
PARAM = re.compile(r"<(?:(\w+):)?(\w+)>|\(\?P<(\w+)>[^)]*\)")
LONG_NAME = "Gezin " + "Vandenbroeckeverstraetenwauters" * 4  # one word of 124 letters
# allauth's links from e-mails (spalk sends none) and WebAuthn keys (the demo has none) have no page here
NO_DEMO_OBJECT = {"account_confirm_email", "account_reset_password_from_key", "mfa_remove_webauthn",
                  "mfa_edit_webauthn"}


def _walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else (entry.namespace or namespace)
            yield from _walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{namespace}:{entry.name}" if namespace else (entry.name or "")


def page_routes() -> list[tuple[str, str]]:
    return [(p, name) for p, name in _walk(get_resolver())
            if not p.startswith(("api/", "django-admin/", "static/"))]


@pytest.fixture
def demo_world(transactional_db, settings):
    """The demo data, a break-the-glass grant, an API token and a family with a very long name."""
    from allauth.mfa.models import Authenticator

    from spalk.access.models import BreakGlassCategory
    from spalk.access.services import break_glass_open
    from spalk.accounts.models import User
    from spalk.api.services import api_token_create
    from spalk.demo import load_all
    from spalk.families.models import Family, MemberRole
    from spalk.intake.models import ADocument, Registration
    from spalk.testing.factories import FamilyMemberFactory

    with transaction.atomic():
        load_all(stdout=io.StringIO())
    director = User.objects.get(email="directeur@tenanker.demo")
    counsellor = User.objects.get(email="begeleider@tenanker.demo")
    family = Family.objects.filter(centre__short_name="ANK", allocations__isnull=False).order_by("pk").first()
    break_glass_open(actor=User.objects.get(email="nacht@tenanker.demo"), family=family,
                     category=BreakGlassCategory.NIGHT_OR_WEEKEND,
                     reason="nachtelijke noodsituatie, begeleider onbereikbaar")
    api_token_create(actor=director, user=director, name="demo")
    # on the waiting list, so that its waiting-list pages exist too
    registration = Registration.objects.filter(centre=family.centre, members__isnull=False, waiting__isnull=False,
                                               waiting__left_on__isnull=True).order_by("pk").first()
    ADocument.objects.create(registration=registration, question="Ondersteuning bij de opvoeding.",
                             created_by=director)
    long = Family.objects.create(centre=family.centre, name=LONG_NAME, reference="ANK-2026-0999")
    FamilyMemberFactory(family=long, role=MemberRole.PARENT, person__centre=family.centre,
                        person__first_name="Annemariekelaurentinejosephine" * 3,
                        person__last_name="Vandenbroeckeverstraetenwauters" * 3)
    admin = User.objects.get(email="beheer@spalk.demo")
    # health data is for the health coordinator (and team lead), never the director: the midwife walks those pages
    midwife = User.objects.get(email="vroedvrouw@tenanker.demo")
    # the demo's published TOTP secret is not the tests' one: the sign-in helper sets up its own
    Authenticator.objects.filter(user__in=[director, admin, midwife], type=Authenticator.Type.TOTP).delete()
    for user in (director, admin, midwife):
        ensure_totp(user)
    return {"director": director, "counsellor": counsellor, "admin": admin, "midwife": midwife,
            "family": family, "long_family": long, "registration": registration}


def _ids(world) -> dict[str, str]:
    """A real object for every kind of id in a URL, taken from the demo data."""
    from spalk.access.models import BreakGlassGrant
    from spalk.accounts.models import Membership
    from spalk.api.models import ApiToken
    from spalk.intake.models import ADocument, Module
    from spalk.partners.models import ContactPerson, Organisation
    from spalk.stays.models import Allocation, AllocationMember, Unit
    from spalk.trajectories.models import ModuleEpisode, Supporter, Trajectory

    family, director = world["family"], world["director"]
    registration = world["registration"]
    trajectory = Trajectory.objects.filter(family=family).order_by("-pk").first()
    allocation = Allocation.objects.filter(family=family).order_by("-pk").first()
    today = timezone.localdate()
    return {
        "family_id": family.pk, "person_id": family.members.order_by("pk").first().person_id,
        "user_id": world["counsellor"].pk,
        "membership_id": Membership.objects.filter(user=world["counsellor"]).first().pk,
        "token_id": ApiToken.objects.filter(user=director).first().pk, "centre_id": family.centre_id,
        "grant_id": BreakGlassGrant.objects.first().pk, "registration_id": registration.pk,
        "member_id": registration.members.order_by("pk").first().pk,
        "adoc_id": ADocument.objects.filter(registration=registration).first().pk,
        "module_id": Module.objects.order_by("pk").first().pk,
        "organisation_id": Organisation.objects.filter(centre=family.centre).first().pk,
        "contact_id": ContactPerson.objects.filter(organisation__centre=family.centre).first().pk,
        "unit_id": Unit.objects.filter(centre=family.centre).first().pk,
        "stay_id": AllocationMember.objects.filter(allocation=allocation).first().pk,
        "night": today.isoformat(), "trajectory_id": trajectory.pk,
        "episode_id": ModuleEpisode.objects.filter(trajectory=trajectory).first().pk,
        "allocation_id": allocation.pk, "supporter_id": Supporter.objects.filter(family=family).first().pk,
        **_safety_ids(),
        **_health_ids(),
    }


def _safety_ids() -> dict[str, int]:
    """The demo's Signs of Safety mapping (with an entry and a score), contact restriction and Kindreflex
    procedure (spalk.safety.demo)."""
    from spalk.safety.models import (
        ContactRestriction,
        KindreflexProcedure,
        MappingEntry,
        SafetyMapping,
        ScalingScore,
    )

    rows = (("mapping_id", SafetyMapping), ("restriction_id", ContactRestriction),
            ("procedure_id", KindreflexProcedure), ("entry_id", MappingEntry), ("score_id", ScalingScore))
    return {key: obj.pk for key, model in rows if (obj := model.objects.order_by("pk").first()) is not None}


def _health_ids() -> dict[str, int]:
    """Health records whose URL id is not named after their model (the rest: the first row, see _generic_id)."""
    from spalk.health.models import GordonAssessment

    first = GordonAssessment.objects.order_by("pk").first()
    return {"assessment_id": first.pk} if first is not None else {}


def _client(user) -> Client:
    from spalk.accounts.middleware import SESSION_FLAG

    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_FLAG] = True
    session.save()
    return client


def _generic_id(namespace: str, key: str) -> str | None:
    """For an id no demo object is chosen for above: the first row of the app's model of that name."""
    from django.apps import apps

    name = key.removesuffix("_id").replace("_", "")
    app = namespace.split(":")[0]
    try:
        model = apps.get_model(app, name)
    except LookupError:
        return None
    obj = model._default_manager.order_by("pk").first()
    return str(obj.pk) if obj is not None else None


def _pages(world) -> tuple[dict[str, list[str]], list[str], list[str]]:
    """{"director": [paths], "admin": [paths]} of the HTML pages, the routes that answered wrongly, and the
    routes the demo data has no object for (printed, so that a new app's pages are seen to be missing)."""
    ids = _ids(world)
    clients = {"director": _client(world["director"]), "admin": _client(world["admin"]),
               "midwife": _client(world["midwife"])}
    pages: dict[str, list[str]] = {"director": [], "admin": [], "midwife": []}
    wrong, no_data = [], []
    for pattern, name in page_routes():
        missing: list[str] = []
        generic: list[str] = []

        def fill(match, name=name, missing=missing, generic=generic):
            key = match.group(2) or match.group(3)
            if key in ids:
                return str(ids[key])
            found = _generic_id(name.rsplit(":", 1)[0] if ":" in name else "", key) if key.endswith("_id") else "1"
            if found is None:
                missing.append(key)
                return "1"
            generic.append(key)
            return found

        path = "/" + PARAM.sub(fill, pattern).lstrip("^").rstrip("$")
        if missing:
            no_data.append(f"{path} ({name}): no {', '.join(missing)} in the demo data")
            continue
        seen = {}
        for who, client in clients.items():
            response = client.get(path)
            seen[who] = response.status_code
            # an htmx fragment (autocomplete options and the like) is part of a page, not a page of its own
            html = response.get("Content-Type", "").startswith("text/html") and b"<title" in response.content
            if response.status_code == 200 and html:
                pages[who].append(path)
                break
            if response.status_code in (301, 302, 405) or (response.status_code == 200 and not html):
                break  # not a page: a redirect, a form target (POST only) or a file
        else:
            if generic and set(seen.values()) == {404}:
                no_data.append(f"{path} ({name}): the first {', '.join(generic)} of the demo is not visible")
            elif name not in NO_DEMO_OBJECT:
                wrong.append(f"{path} ({name}): {seen}")
    pages["director"].append(f"/families/{world['long_family'].pk}/")
    return pages, wrong, no_data


# Pages known to be too wide on a phone, each with why: none left (the agenda's long appointment kinds and the
# care-moment comparison's attunement label wrap since session 4). A page added here still fails once fixed.
KNOWN_TOO_WIDE: dict[str, str] = {}


def _axe(page, axe, label, failures):
    results = axe.run(page, options={"resultTypes": ["violations"]})
    for violation in results.response["violations"]:
        if violation["impact"] in FAILING_IMPACTS:
            nodes = [str(n["target"]) for n in violation["nodes"][:3]]
            failures.append(f"[{violation['impact']}] {label}: {violation['id']} — {violation['help']} {nodes}")


def test_every_page_is_accessible_and_fits_a_phone(browser, live_server, demo_world):
    pages, wrong, no_data = _pages(demo_world)
    print("not checked, the demo data has no such object:\n" + "\n".join(no_data))
    assert not wrong, "routes that answered neither a page, a redirect, a POST-only 405 nor a file:\n" + \
        "\n".join(wrong)
    assert len(pages["director"]) >= 40 and pages["admin"]
    axe, failures, too_wide = Axe(), [], []
    for who, paths in pages.items():
        context = browser.new_context(locale="nl-BE", timezone_id="Europe/Brussels", bypass_csp=True,
                                      viewport=DESKTOP)
        context.set_default_timeout(15_000)
        page = context.new_page()
        try:
            login(page, live_server, demo_world[who], password="spalk-demo-2026")
        except Exception:
            print("sign-in failed at", page.url, page.locator("main").inner_text()[:400])
            raise
        for path in paths:
            page.set_viewport_size(DESKTOP)
            page.goto(live_server.url + path)
            _axe(page, axe, f"{path} @1280", failures)
            page.set_viewport_size({"width": PHONE_WIDTH, "height": 740})
            page.goto(live_server.url + path)
            width = page.evaluate("document.scrollingElement.scrollWidth")
            if width > PHONE_WIDTH and not any(path.startswith(known) or re.fullmatch(known, path)
                                               for known in KNOWN_TOO_WIDE):
                too_wide.append(f"{path}: {width} px")
            _axe(page, axe, f"{path} @{PHONE_WIDTH}", failures)
        context.close()
    assert not too_wide and not failures, (f"pages wider than a {PHONE_WIDTH} px viewport:\n" + "\n".join(too_wide)
                                           + "\nserious or critical accessibility violations:\n"
                                           + "\n".join(failures))
