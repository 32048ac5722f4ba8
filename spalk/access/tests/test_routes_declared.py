"""Deny by default: every route of spalk declares how it is protected, and dossier routes use the policy.

Walks every URL pattern and every API operation. Fails when
- a view of a spalk app has no @dossier / @staff_only / @public declaration;
- (that a @dossier view really asks the policy is checked at run time: spalk.access.declare raises
  PolicyNotCalled under test, and spalk/audit/tests/test_read_events.py walks every @dossier GET route);
- a views.py or api.py module queries a model holding dossier data directly (Model.objects).
"""

from __future__ import annotations

import re
from pathlib import Path

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from spalk.access.declare import declared_policy
from spalk.api.api import api


def _walk(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def _own_views():
    for route, callback in _walk(get_resolver()):
        module = getattr(callback, "__module__", "") or ""
        if module.startswith("spalk."):
            yield route, callback


def _api_operations():
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for op in path_view.operations:
                yield f"/api/v1{prefix}{path} {','.join(op.methods)}", op.view_func


def test_routes_are_found():
    assert len(list(_own_views())) >= 10
    assert len(list(_api_operations())) >= 5


def test_every_route_declares_its_protection():
    missing = [route for route, view in [*_own_views(), *_api_operations()] if declared_policy(view) is None]
    assert missing == [], f"routes without @dossier/@staff_only/@public: {missing}"


def _protected_models() -> set[str]:
    """Models that hold dossier data: Family, Person and everything pointing at them."""
    family = apps.get_model("families", "Family")
    person = apps.get_model("families", "Person")
    names = {"Family", "Person"}
    not_dossier = {"User"}  # accounts: a portal user points at a Person, but the account is not dossier data
    for model in apps.get_models():
        if not model.__module__.startswith("spalk."):
            continue
        for field in model._meta.get_fields():
            relation = getattr(field, "many_to_one", False) or getattr(field, "one_to_one", False)
            dossier_link = relation and field.concrete and field.related_model in (family, person)
            if dossier_link and model.__name__ not in not_dossier:
                names.add(model.__name__)
    return names


def test_views_and_api_do_not_query_dossier_models_directly():
    root = Path(__file__).resolve().parents[2]
    names = _protected_models()
    pattern = re.compile(r"\b(" + "|".join(sorted(names)) + r")\.objects\b")
    offenders = []
    for path in [*root.glob("*/views.py"), *root.glob("*/views/*.py"), *root.glob("*/api.py")]:
        for lineno, line in enumerate(path.read_text().splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(root)}:{lineno}: {line.strip()}")
    assert offenders == [], "query dossier models through selectors and the policy:\n" + "\n".join(offenders)
