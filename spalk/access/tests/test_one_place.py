"""Issue 9, "One policy, truly in one place": role sets live only in the policy, its answers live for one request
at most, and template tags do no queries or policy checks."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.urls import reverse

from spalk.access.policy import principal_for, request_scope, visible_families
from spalk.accounts.services import membership_end

SPALK = Path(__file__).resolve().parents[2]
# where naming a role is not an access decision: the role catalogue itself, forms offering it, demo data, tests
ROLE_NAMING_ALLOWED = ("access/policy/", "accounts/models.py", "accounts/forms.py", "demo/", "/demo.py",
                       "testing/", "/tests/", "/migrations/")


def _modules():
    for path in sorted(SPALK.rglob("*.py")):
        rel = path.relative_to(SPALK).as_posix()
        yield rel, ast.parse(path.read_text(encoding="utf-8"))


def test_no_role_set_outside_the_policy():
    offenders = []
    for rel, tree in _modules():
        if any(part in f"/{rel}" for part in ROLE_NAMING_ALLOWED):
            continue
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Role"
                    and node.attr not in ("values", "choices", "labels")):
                offenders.append(f"{rel}:{node.lineno} Role.{node.attr}")
    assert offenders == [], "name a predicate in spalk/access/policy/ instead: " + ", ".join(offenders)


def test_template_tags_do_no_queries_and_no_policy_checks():
    offenders = []
    for rel, tree in _modules():
        if "/templatetags/" not in f"/{rel}":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(("spalk.access", "spalk.audit")):
                offenders.append(f"{rel}:{node.lineno} imports {node.module}")
            if isinstance(node, ast.Attribute) and node.attr in ("objects", "filter", "exclude", "get"):
                if isinstance(node.value, ast.Name) and node.value.id in ("register", "context", "kwargs"):
                    continue  # @register.filter, context.get(...)
                offenders.append(f"{rel}:{node.lineno} .{node.attr}")
    assert offenders == [], offenders


@pytest.mark.django_db
def test_a_change_of_rights_is_seen_at_once_by_the_same_user_object(centre_admin, counsellor, family):
    """On main the principal was cached on the user object, so a long-lived object kept rights it lost."""
    assert visible_families(user=counsellor).filter(pk=family.pk).exists()
    membership_end(actor=centre_admin, membership=counsellor.memberships.get())
    assert not visible_families(user=counsellor).filter(pk=family.pk).exists()


@pytest.mark.django_db
def test_within_a_request_the_principal_is_loaded_once_and_a_change_drops_it(centre_admin, counsellor, family,
                                                                            django_assert_num_queries):
    with request_scope():
        first = principal_for(counsellor)
        with django_assert_num_queries(0):
            assert principal_for(counsellor) is first
        membership_end(actor=centre_admin, membership=counsellor.memberships.get())
        assert principal_for(counsellor) is not first
        assert principal_for(counsellor).roles_by_centre == {}
    with request_scope():  # a new request starts empty
        assert principal_for(counsellor) is not first


@pytest.mark.django_db
def test_the_next_request_sees_a_role_ended_in_between(mfa_client, centre_admin, counsellor, family):
    client = mfa_client(counsellor)
    url = reverse("families:detail", args=[family.pk])
    assert client.get(url).status_code == 200
    membership_end(actor=centre_admin, membership=counsellor.memberships.get())
    assert client.get(url).status_code == 404
